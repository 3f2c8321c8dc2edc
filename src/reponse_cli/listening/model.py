"""A ranking learned from labelled messages, beside the playbooks' own keywords.

`data/modele.msgpack` holds a logistic regression trained (by `bench/learned.py
--export`, with scikit-learn, at development time only) on the labelled training messages
(development sets, and held-out sets once measured) and on each built-in playbook's
examples, keywords and title. It reads two kinds of features, as scikit-learn's
`TfidfVectorizer` does: the message's lemmas (`text/language.py`, negation marked) one
and two at a time, and the groups of 3 to 5 letters of each folded word; each kind
weighted by tf-idf (1 + log of the count) and scaled to length 1. Here the weights are
applied in plain Python: `listen` never imports scikit-learn, and the file is read once
per process, by the commands that read a message only.
"""

from __future__ import annotations

import itertools
import math
from array import array
from collections import Counter
from operator import itemgetter, mul
from pathlib import Path

import msgspec

from reponse_cli.files.weights import read_once
from reponse_cli.text.grams import letter_groups, unit_tfidf

MODEL = Path(__file__).parent / "data" / "modele.msgpack"


class Weights(msgspec.Struct):
    classes: list[str]
    words: list[str]  # lemma features, in column order
    words_idf: bytes  # float32, one a word feature
    chars: list[str]  # letter groups, in column order
    chars_idf: bytes
    coef: bytes  # float32, class by class, words then letters
    intercept: list[float]


class Model:
    """The weights of a trained model, read once, applied to one message at a time."""

    def __init__(self, weights: Weights) -> None:
        self.classes = weights.classes
        self._words = {w: i for i, w in enumerate(weights.words)}
        self._chars = {c: i for i, c in enumerate(weights.chars)}
        self._words_idf = array("f", weights.words_idf)
        self._chars_idf = array("f", weights.chars_idf)
        coef = array("f", weights.coef)
        width = len(weights.words) + len(weights.chars)
        self._rows = [coef[k * width : (k + 1) * width] for k in range(len(self.classes))]
        self._offset = len(weights.words)
        self._intercept = weights.intercept

    def closeness(self, lemmas: list[str], text: str) -> dict[str, float]:
        """Each playbook's probability over the best one's (1.0 for the best)."""
        columns: list[int] = []
        values: list[float] = []
        for found, idf, offset in (
            (_counted(_word_features(lemmas), self._words), self._words_idf, 0),
            (_counted(letter_groups(text), self._chars), self._chars_idf, self._offset),
        ):
            for i, v in unit_tfidf(found, idf).items():
                columns.append(i + offset)
                values.append(v)
        if len(columns) == 1:
            columns.append(columns[0])  # itemgetter of one column is no tuple
            values.append(0.0)
        pick = itemgetter(*columns) if columns else (lambda _row: ())
        logits = [
            bias + sum(map(mul, pick(row), values))
            for row, bias in zip(self._rows, self._intercept, strict=True)
        ]
        top = max(logits)
        return {c: math.exp(v - top) for c, v in zip(self.classes, logits, strict=True)}


def _counted(features: list[str], vocabulary: dict[str, int]) -> Counter[int]:
    return Counter(vocabulary[f] for f in features if f in vocabulary)


def _word_features(lemmas: list[str]) -> list[str]:
    """The lemmas one and two at a time, as `TfidfVectorizer(ngram_range=(1, 2))`."""
    return [*lemmas, *(f"{a} {b}" for a, b in itertools.pairwise(lemmas))]


def trained_model(path: Path = MODEL) -> Model | None:
    """The shipped model, read once; None when the file is absent."""
    return read_once(path, Weights, Model)
