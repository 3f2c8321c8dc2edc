"""Groups of letters: how the learned models read words they were never taught.

The groups of 3 to 5 letters inside each word padded with a space, as scikit-learn's
`char_wb` analyser reads the folded, lower-cased text; and the same groups hashed with
CRC-32 (stable across processes, unlike `hash`) into a fixed number of buckets, for the
models that keep no vocabulary.
"""

from __future__ import annotations

import math
import re
import zlib
from collections.abc import Mapping, Sequence
from functools import lru_cache

from reponse_cli.text.fold import fold

_SPACES = re.compile(r"\s\s+")


def letter_groups(text: str) -> list[str]:
    """Every group of 3 to 5 letters of each word of `text`, padded with a space."""
    grams: list[str] = []
    for word in _SPACES.sub(" ", fold(text).lower()).split():
        grams += _word_groups(word)
    return grams


def _word_groups(word: str) -> list[str]:
    padded = f" {word} "
    grams: list[str] = []
    for n in (3, 4, 5):
        if len(padded) < n:
            break
        grams += [padded[i : i + n] for i in range(len(padded) - n + 1)]
    return grams


def unit_tfidf(counts: Mapping[int, int], idf: Sequence[float]) -> dict[int, float]:
    """Each column's count weighted as scikit-learn's sublinear tf-idf (1 + log of the
    count, times its idf), the whole scaled to length 1: how the three learned models
    weigh what they read."""
    weighted = {i: (1.0 + math.log(n)) * idf[i] for i, n in counts.items()}
    norm = math.sqrt(sum(v * v for v in weighted.values())) or 1.0
    return {i: v / norm for i, v in weighted.items()}


@lru_cache(maxsize=32_768)
def word_buckets(word: str, buckets: int) -> tuple[int, ...]:
    """The buckets of one folded word's letter groups (a text repeats its words: each is
    hashed once per process)."""
    # « surrogatepass »: a lone surrogate (pasted from a broken source) hashes too; any
    # other text gives the same bytes as UTF-8.
    return tuple(
        zlib.crc32(gram.encode("utf-8", "surrogatepass")) % buckets for gram in _word_groups(word)
    )
