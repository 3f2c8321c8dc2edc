"""Folding: text as patterns see it — lower case, no accents, one kind of apostrophe.

The folded copy has exactly the same length as the original, so every match found in
it maps back to a line and a column of the text the agent wrote.
"""

from __future__ import annotations

import unicodedata

_APOSTROPHES = "\u2019\u02bc\u2018\u00b4\u2032"
_HYPHENS = "\u2010\u2011"
_SPACES = "\u00a0\u202f\u2009\u2007\u200a"


def _fold_char(char: str) -> str:
    if char in _APOSTROPHES:
        return "'"
    if char in _HYPHENS:
        return "-"
    if char in _SPACES:
        return " "
    low = char.lower()
    if len(low) != 1:
        low = char  # « İ » lowers to two characters: keep offsets, keep the letter
    return unicodedata.normalize("NFD", low)[0]  # « é » → « e », « œ » stays


class _FoldTable(dict[int, str]):
    """A `str.translate` table filled on first sight of each character."""

    def __missing__(self, code: int) -> str:
        value = _fold_char(chr(code))
        self[code] = value
        return value


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """The text as patterns see it; always exactly as long as `text`."""
    if text.isascii():
        return text.lower()
    return text.translate(_FOLD)


def strip_accents(text: str) -> str:
    """« Réponse » → « Reponse » (lengths may change: for names and ids, not offsets)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))
