"""A verdict learned from labelled replies, beside the rules.

The rules say *why* a sentence hurts; they are lexicons and shapes, and new writers keep
finding words they do not hold. `data/verdict.msgpack` holds two logistic regressions
trained (by `bench/learned_check.py --export`, with scikit-learn, at development time
only) on the project's labelled replies: one reads each sentence (is it the one that
blames, refuses, hides behind a rule?), one reads the reply as a whole. A reply is to
rework when both agree: its worst sentence and the whole pass their thresholds.

Both read the same features, hashed (`zlib.crc32`, stable across processes) so that no
vocabulary has to be read: the folded words one and two at a time, and the groups of 3
to 5 letters of each word padded with a space, each kind weighted by tf-idf (1 + log of
the count) and scaled to length 1. Loading is a few milliseconds, applying it one pass
over the text; `check` never imports scikit-learn.
"""

from __future__ import annotations

import itertools
import math
import re
import zlib
from array import array
from collections import Counter
from pathlib import Path

import msgspec

from reponse_cli.checker.document import Document
from reponse_cli.files.weights import read_once
from reponse_cli.text.grams import unit_tfidf, word_buckets
from reponse_cli.text.language import split_sentences

VERDICT = Path(__file__).parent / "data" / "verdict.msgpack"

_WORD = re.compile(r"\w[\w'-]*")


class VerdictWeights(msgspec.Struct):
    word_bits: int
    char_bits: int
    idf: bytes  # float32: the word buckets, then the letter buckets
    sentence: bytes  # float32 coefficients, same order
    sentence_bias: float
    reply: bytes
    reply_bias: float
    sentence_threshold: float
    reply_threshold: float
    stand_threshold: float  # a rule's error in a sentence this likely stays an error


Grams = tuple[Counter[int], Counter[int]]  # word buckets, letter buckets


def grams(folded: str, word_bits: int, char_bits: int) -> Grams:
    """The hashed features of one folded sentence: word 1–2-grams, letter 3–5-grams."""
    crc = zlib.crc32
    word_mask = (1 << word_bits) - 1
    tokens = _WORD.findall(folded)
    words = Counter(
        crc(g.encode("utf-8", "surrogatepass")) & word_mask
        for g in itertools.chain(tokens, (f"{a} {b}" for a, b in itertools.pairwise(tokens)))
    )
    chars: Counter[int] = Counter()
    for word, n in Counter(folded.split()).items():
        for bucket in word_buckets(word, 1 << char_bits):
            chars[bucket] += n
    return words, chars


def merged(parts: list[Grams]) -> Grams:
    """The features of several sentences read as one text."""
    words: Counter[int] = Counter()
    chars: Counter[int] = Counter()
    for w, c in parts:
        words.update(w)
        chars.update(c)
    return words, chars


def pieces(doc: Document) -> list[tuple[int, int]]:
    """The sentences the model reads: not the customer's quoted lines, not empty."""
    folded = doc.folded
    spans = []
    for start, end in split_sentences(folded):
        while start < end and folded[start].isspace():
            start += 1
        if end - start < 2 or doc.line_of(start) in doc.quoted_lines:
            continue
        spans.append((start, end))
    return spans


class Verdict:
    """The two models, read once, applied to one reply at a time."""

    def __init__(self, weights: VerdictWeights) -> None:
        self.word_bits = weights.word_bits
        self.char_bits = weights.char_bits
        self._offset = 1 << weights.word_bits
        self._idf = array("f", weights.idf)
        self._sentence = array("f", weights.sentence)
        self._reply = array("f", weights.reply)
        self._biases = (weights.sentence_bias, weights.reply_bias)
        self.sentence_threshold = weights.sentence_threshold
        self.reply_threshold = weights.reply_threshold
        self.stand_threshold = weights.stand_threshold

    def vector(self, features: Grams) -> list[tuple[int, float]]:
        """(column, tf-idf value) of each feature, each kind scaled to length 1."""
        out: list[tuple[int, float]] = []
        for counts, offset in ((features[0], 0), (features[1], self._offset)):
            shifted = {i + offset: n for i, n in counts.items()}
            out += [(i, v) for i, v in unit_tfidf(shifted, self._idf).items() if v]
        return out

    def _probability(self, vector: list[tuple[int, float]], coef: array, bias: float) -> float:
        z = bias + sum(coef[i] * v for i, v in vector)
        return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0

    def read(self, sentences: list[str]) -> tuple[float, list[float]]:
        """The reply's probability of needing rework, and each sentence's of being the
        one that does."""
        features = [grams(s, self.word_bits, self.char_bits) for s in sentences]
        each = [
            self._probability(self.vector(f), self._sentence, self._biases[0]) for f in features
        ]
        whole = self._probability(self.vector(merged(features)), self._reply, self._biases[1])
        return whole, each


def trained_verdict(path: Path = VERDICT) -> Verdict | None:
    """The shipped model, read once; None when the file is absent."""
    return read_once(path, VerdictWeights, Verdict)
