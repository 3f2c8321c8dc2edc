"""Escalation learned from labelled messages, beside the rules of data/ecoute.yaml.

The rules read threats a merchant can name and extend; real customers word them in ways
no list foresaw (« je vais faire tourner vos méthodes », « mon conseiller bancaire va
bloquer tout ça »). `data/escalade.msgpack` holds one logistic regression a kind of
escalation (legal, authority, bank, public, insult), trained by `bench/
learned_escalation.py --export` (scikit-learn, at development time only) on the labelled
training messages, with the threshold chosen there by leaving one set out. It
reads the groups of 3 to 5 letters of each folded word (as `model.py`), hashed with
CRC-32 into a fixed number of buckets — no vocabulary to rebuild, so the weights load in
a few milliseconds — weighted by tf-idf (1 + log of the count) and scaled to length 1.
A kind is announced when the rules or the model say so; read once per process, by the
commands that read a message only.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter
from pathlib import Path

import msgspec

from reponse_cli.files.weights import read_once
from reponse_cli.listening.signals import Escalation, sentences, signals
from reponse_cli.text.fold import fold
from reponse_cli.text.grams import unit_tfidf, word_buckets

ESCALATION_MODEL = Path(__file__).parent / "data" / "escalade.msgpack"
# The model reads the first 20,000 characters, as the ranking model does: a threat past
# them is the rules' to find.
READS = 20_000


class EscalationWeights(msgspec.Struct):
    kinds: list[str]
    buckets: int  # the hash's modulus
    used: bytes  # uint32, the buckets seen often enough in training, in column order
    idf: bytes  # float32, one a used bucket
    coef: bytes  # float32, kind by kind, one a used bucket
    intercept: list[float]
    thresholds: list[float]  # a kind is announced from this probability on


def hashed(text: str, buckets: int) -> Counter[int]:
    """How often each bucket of letter groups occurs in the text (each distinct word
    hashed once: a long message repeats its words)."""
    found: Counter[int] = Counter()
    for word, n in Counter(fold(text).lower().split()).items():
        for bucket in word_buckets(word, buckets):
            found[bucket] += n
    return found


class EscalationModel:
    """The weights of the trained detectors, read once, applied to one text at a time."""

    def __init__(self, weights: EscalationWeights) -> None:
        self.kinds = weights.kinds
        self.buckets = weights.buckets
        self._column = {b: i for i, b in enumerate(array("I", weights.used))}
        self._idf = array("f", weights.idf)
        coef = array("f", weights.coef)
        n = len(self._idf)
        self._rows = [coef[k * n : (k + 1) * n] for k in range(len(self.kinds))]
        self._intercept = weights.intercept
        self.thresholds = dict(zip(self.kinds, weights.thresholds, strict=True))

    def probabilities(self, text: str) -> dict[str, float]:
        """Each kind's probability that the text escalates in it."""
        weighted = self._weighted(text)
        return {
            kind: 1.0 / (1.0 + math.exp(-(bias + _dot(row, weighted))))
            for kind, row, bias in zip(self.kinds, self._rows, self._intercept, strict=True)
        }

    def _weighted(self, text: str) -> dict[int, float]:
        """The text's buckets weighted by tf-idf, scaled to length 1."""
        column = self._column
        counts = {
            column[bucket]: n
            for bucket, n in hashed(text, self.buckets).items()
            if bucket in column
        }
        return unit_tfidf(counts, self._idf)

    def escalation(self, text: str, found: list[Escalation]) -> list[Escalation]:
        """The kinds the model announces and the rules did not, each with the sentence it
        scores highest (the agent must see *where*)."""
        text = text[:READS]
        known = {e.category for e in found}
        probabilities = self.probabilities(text)
        added = []
        for kind, p in probabilities.items():
            if kind in known or p < self.thresholds[kind]:
                continue
            signal = next((s for s in signals() if s.category == kind), None)
            if signal is None:  # a kind the rules no longer have: nothing to advise
                continue
            index = self.kinds.index(kind)
            row = self._rows[index]
            scored = [(_dot(row, self._weighted(s)), s) for s in sentences(text)]
            excerpt = max(scored)[1] if scored else text
            excerpt = " ".join(excerpt.split())
            if len(excerpt) > 140:
                excerpt = excerpt[:139].rstrip() + "…"
            added.append(Escalation(signal.id, kind, excerpt, signal.guidance, "model", p))
        return added


def _dot(row: array, weighted: dict[int, float]) -> float:
    return sum(row[b] * v for b, v in weighted.items())


def escalation_model(path: Path = ESCALATION_MODEL) -> EscalationModel | None:
    """The shipped detectors, read once; None when the file is absent."""
    return read_once(path, EscalationWeights, EscalationModel)
