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
# Below this score nothing matched well enough; a runner-up this close is a tie.


class Signal(msgspec.Struct, frozen=True):
    id: str
    category: str
    guidance: str
    patterns: tuple[Matcher, ...]
    unless: tuple[Matcher, ...] = ()


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


def find_escalation(text: str) -> list[Escalation]:
    folded = fold(text)
    found: list[Escalation] = []
    for signal in signals():
        for sentence in _SENTENCES.finditer(folded):
            start, end = sentence.span()
            piece = folded[start:end]
            spans = [span for m in signal.patterns for span in m.spans(piece)]
            if not spans or any(u.search(piece) for u in signal.unless):
                continue
            excerpt = " ".join(text[start:end].split())
            if len(excerpt) > 140:
                s, e = min(spans)
                excerpt = "… " + " ".join(text[start + max(0, s - 50) : start + e + 50].split())
            found.append(Escalation(signal.id, signal.category, excerpt, signal.guidance))
            break
    return found
