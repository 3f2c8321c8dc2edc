"""Escalation signals: the signs that a message needs a particularly calm reply.

The signals are data (data/ecoute.yaml), written in the checker's pattern language.
"""

from __future__ import annotations

from functools import cache

import msgspec

from reponse_cli.listening.data import listening_data
from reponse_cli.text.fold import fold
from reponse_cli.text.lazy import lazy_compile
from reponse_cli.text.patterns import Matcher, compile_pattern

CATEGORY_LABELS = {
    "legal": "menace juridique",
    "authority": "association de consommateurs ou autorité",
    "bank": "contestation bancaire",
    "public": "exposition publique",
    "insult": "insulte",
}


class Signal(msgspec.Struct, frozen=True):
    id: str
    category: str
    guidance: str
    patterns: tuple[Matcher, ...]
    unless: tuple[Matcher, ...] = ()


@cache
def distances() -> tuple[tuple[Matcher, ...], tuple[Matcher, ...]]:
    """What keeps a threat at a distance in a sentence, and what makes it an intention."""
    data = listening_data()
    words = data.get("words", {})
    return (
        tuple(compile_pattern(p, words) for p in data.get("distances", [])),
        tuple(compile_pattern(p, words) for p in data.get("intentions", [])),
    )


@cache
def signals() -> tuple[Signal, ...]:
    data = listening_data()
    words = data.get("words", {})
    found = []
    for item in data.get("signals", []):
        found.append(
            Signal(
                id=item["id"],
                category=item["category"],
                guidance=item["guidance"],
                patterns=tuple(compile_pattern(p, words) for p in item["patterns"]),
                unless=tuple(compile_pattern(p, words) for p in item.get("unless", [])),
            )
        )
    return tuple(found)


class Escalation(msgspec.Struct):
    signal: str
    category: str
    excerpt: str
    guidance: str

    def as_json(self) -> dict[str, str]:
        return {
            "signal": self.signal,
            "category": self.category,
            "label": CATEGORY_LABELS.get(self.category, self.category),
            "excerpt": self.excerpt,
            "guidance": self.guidance,
        }


_SENTENCES = lazy_compile(r"[^.!?\n]+[.!?]*")
# A line an e-mail client wrapped (« je poste les photos du\ncarton vide sur Facebook »):
# the sentence goes on when the next line starts in lower case.
_WRAPPED = lazy_compile(r"(?<=[^\s.!?:;])[ \t]*\n(?=[ \t]*[a-zà-ÿ])")
# « Lettre recommandée avec accusé de réception » on a line of its own heads a formal
# letter: how it was sent, not a threat (what the letter says may still be one).
_HEADING = lazy_compile(
    r"\s*(?:lettre|courrier|envoi)\s+recommande\w*(?:\s+avec\s+(?:(?:accuse|avis)\s+de\s+"
    r"reception|a\.?\s?r\.?))?\s*"
)


def _unwrap(text: str, folded: str) -> str:
    """The folded text with wrapped lines joined (same length: excerpts keep their place)."""
    chars = list(folded)
    for match in _WRAPPED.finditer(text):
        chars[match.start() : match.end()] = " " * (match.end() - match.start())
    return "".join(chars)


def find_escalation(text: str) -> list[Escalation]:
    """One warning a kind of signal, with the sentence it rests on.

    A threat kept at a distance (« je ne veux pas en arriver au tribunal », « ma voisine
    m'a dit de porter plainte ») is not a signal, unless the sentence also says an
    intention (« sinon je porterai plainte »).
    """
    folded = fold(text)
    if "\n" in folded:
        folded = _unwrap(text, folded)
    found: list[Escalation] = []
    distant, intended = distances()
    for signal in signals():
        for sentence in _SENTENCES.finditer(folded):
            start, end = sentence.span()
            piece = folded[start:end]
            if _HEADING.fullmatch(piece):
                continue
            spans = [span for m in signal.patterns for span in m.spans(piece)]
            if not spans or any(u.search(piece) for u in signal.unless):
                continue
            if any(d.search(piece) for d in distant) and not any(i.search(piece) for i in intended):
                continue
            excerpt = " ".join(text[start:end].split())
            if len(excerpt) > 140:
                s, e = min(spans)
                excerpt = "… " + " ".join(text[start + max(0, s - 50) : start + e + 50].split())
            found.append(Escalation(signal.id, signal.category, excerpt, signal.guidance))
            break
    return found
