"""Escalation signals: the signs that a message needs a particularly calm reply.

The signals are data (data/ecoute.yaml), written in the checker's pattern language: the
words that are a threat on their own (« SignalConso », « rétrofacturation »), and frames —
an intention followed by a target (« je vais voir ce que disent les associations »), where
neither alone is one — with the negation between them read.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import msgspec

from reponse_cli.listening.data import listening_data
from reponse_cli.text.fold import fold
from reponse_cli.text.french import format_percent
from reponse_cli.text.language import typing_slip
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


class Frames(msgspec.Struct, frozen=True):
    """Escalation as an act: an intention and a target, veiled threats, a relative in the
    trade, insults as typed (data/ecoute.yaml, `frames`)."""

    intentions: tuple[Matcher, ...]
    targets: tuple[tuple[str, tuple[Matcher, ...]], ...]  # category → its targets
    threats: tuple[tuple[str, tuple[Matcher, ...]], ...]  # category → veiled threats
    relatives: tuple[Matcher, ...]
    trades: tuple[tuple[str, Matcher], ...]  # category → the trade that makes it one
    insults: tuple[str, ...]  # folded
    near_insults: frozenset[str] = frozenset()  # the insults, each less one letter

    def insulting(self, token: str) -> bool:
        """An insult of the list, or one typing slip away from one (« arnaqeurs »)."""
        deletions = [token[:i] + token[i + 1 :] for i in range(len(token))]
        if token not in self.near_insults and not self.near_insults.intersection(deletions):
            return False  # the cheap test: no slip can make it one
        return any(token == i or typing_slip(token, i) for i in self.insults)


@cache
def frames() -> Frames:
    data = listening_data()
    words = data.get("words", {})
    raw = data.get("frames", {})

    def each(items: list[str]) -> tuple[Matcher, ...]:
        return tuple(compile_pattern(p, words) for p in items)

    insults = tuple(fold(w) for w in raw.get("insultes", []))
    return Frames(
        # What makes a threat at a distance an intention makes a target a threat.
        intentions=each([*raw.get("intentions", []), *data.get("intentions", [])]),
        targets=tuple((c, each(items)) for c, items in raw.get("cibles", {}).items()),
        threats=tuple((c, each(items)) for c, items in raw.get("menaces", {}).items()),
        relatives=each(raw.get("proches", [])),
        trades=tuple((c, compile_pattern(p, words)) for c, p in raw.get("metiers", {}).items()),
        insults=insults,
        near_insults=frozenset(
            {*insults, *(i[:n] + i[n + 1 :] for i in insults for n in range(len(i)))}
        ),
    )


# The first person's future is an intention: « je saisirai », « je le signalerai »,
# « nous porterons », « on s'expliquera » (not « j'aurai », « je serai », « je pourrai »:
# no act of their own).
_FUTURE = lazy_compile(
    r"\b(?:(?:je|j'|nous)\s*(?:(?:vous|lui|leur|le|la|les|l'|en|y|me|m'|nous)\s*){0,2}"
    r"(?!(?:au|se|pour|voud)r)[a-z]{2,}(?:rai|rons)"
    r"|on\s*(?:(?:vous|lui|leur|le|la|les|l'|en|y|s')\s*){0,2}[a-z]{2,}ra)\b"
)
# Between the intention and its target, these deny or turn it aside: « je vais tout
# faire pour éviter le tribunal », « je vais régler ça sans avocat », « je vais attendre,
# mais… ».
_DENIALS = frozenset(
    """pas plus jamais sans ni aucun aucune rien ne n eviter evite eviterai mais car parce
    puisque quand lorsque pourtant""".split()  # noqa: SIM905
)
FRAME_REACH = 12  # words between an intention and its target
# Right after the target, a purpose of finding out turns the act into an enquiry: « je
# vais appeler ma banque pour vérifier si le paiement est passé ».
_ENQUIRY = lazy_compile(
    r"[\s,]*(?:pour|afin de?|et)\s+(?:(?:lui|leur)\s+)?(?:verifier|savoir|voir si|comprendre"
    r"|confirmer|demander|me renseigner|m.assurer|etre sur)"
)
_WORDS = lazy_compile(r"[a-z0-9]+")
_AFTER_TRADE = lazy_compile(r"[a-z]*\s*(?:[,.;:!?)]|$)")
# A word its writer censored (« vos livreurs de m**** », « des ab***s »): only a swear
# word is written so. One to three letters, then two stars or more; « **urgent** » (bold
# in a mail) and a card statement's « PRT*SHOP » are no such word.
_CENSORED = lazy_compile(r"(?<![\w*])[a-z]{1,3}\*{2,}[a-z]{0,5}(?![\w*])")
# « Mon cousin, qui est avocat, m'a dit de relire le contrat »: the relative tells who gave
# the advice, not a threat.
_ADVICE_AFTER = lazy_compile(r"[a-z]*\s*,\s*(?:m'|m\s|me\s|nous\s(?:a|ont)\b)")


def _framed(
    piece: str, intentions: Callable[[], list[tuple[int, int]]], target: Matcher
) -> tuple[int, int] | None:
    """A target after an intention in the same clause, with no denial between them."""
    for t_start, t_end in target.spans(piece):
        if _ENQUIRY.match(piece, t_end):
            continue
        for i_start, i_end in intentions():
            if t_start < i_start:
                continue
            between = _WORDS.findall(piece, min(i_end, t_start), t_start)
            if len(between) <= FRAME_REACH and not _DENIALS.intersection(between):
                return i_start, t_end
    return None


def intentions_in(piece: str, found: Frames) -> list[tuple[int, int]]:
    """Where a sentence says the customer means to act."""
    spans = [span for m in found.intentions for span in m.spans(piece)]
    return spans + [m.span() for m in _FUTURE.finditer(piece)]


def _frame_spans(
    piece: str, category: str, found: Frames, intentions: Callable[[], list[tuple[int, int]]]
) -> tuple[int, int] | None:
    """Where this sentence escalates in this category by a frame, if it does.

    `intentions` are looked for only once a target is found (most sentences have none).
    """
    for cat, threats in found.threats:
        if cat == category:
            for threat in threats:
                for span in threat.spans(piece):
                    return span
    for cat, targets in found.targets:
        if cat == category:
            for target in targets:
                span = _framed(piece, intentions, target)
                if span is not None:
                    return span
    for cat, trade in found.trades:
        if cat != category:
            continue
        for r_start, r_end in (span for m in found.relatives for span in m.spans(piece)):
            for _, t_end in trade.spans(piece, r_end, min(len(piece), r_end + 30)):
                # « mon beau-frère est avocat. » says it all; « ma sœur est avocate et
                # passe son temps à… » tells something else.
                if _AFTER_TRADE.match(piece, t_end) and not _ADVICE_AFTER.match(piece, t_end):
                    return r_start, t_end
    if category == "insult":
        if censored := _CENSORED.search(piece):
            return censored.span()
        for word in _WORDS.finditer(piece):
            token = word.group()
            if len(token) >= 7 and found.insulting(token):
                return word.span()
    return None


class Escalation(msgspec.Struct):
    signal: str
    category: str
    excerpt: str
    guidance: str
    source: str = "rules"  # or "model": the learned detector alone (alarm.py)
    probability: float | None = None  # the model's, when it is the source

    def as_json(self) -> dict[str, Any]:
        found: dict[str, Any] = {
            "signal": self.signal,
            "category": self.category,
            "label": CATEGORY_LABELS.get(self.category, self.category),
            "excerpt": self.excerpt,
            "guidance": self.guidance,
            "source": self.source,
        }
        if self.probability is not None:
            found["probability"] = round(self.probability, 2)
        return found

    def heading(self) -> str:
        """« menace juridique », and who says so when the rules did not."""
        label = CATEGORY_LABELS.get(self.category, self.category)
        if self.source == "model" and self.probability is not None:
            return f"{label} selon le modèle appris, à {format_percent(self.probability)}"
        return label


_SENTENCES = lazy_compile(r"[^.!?\n]+[.!?]*")
# A line an e-mail client wrapped (« je poste les photos du\ncarton vide sur Facebook »):
# the sentence goes on when the next line starts in lower case.
_WRAPPED = lazy_compile(r"(?<=[^\s.!?:;])[ \t]*\n(?=[ \t]*[a-zà-ÿ])")


def sentences(text: str) -> list[str]:
    """The text's sentences, wrapped lines joined, as the signals read them."""
    return [m.group() for m in _SENTENCES.finditer(_WRAPPED.sub(" ", text))]


def _unwrap(text: str, folded: str) -> str:
    """The folded text with wrapped lines joined (same length: excerpts keep their place)."""
    chars = list(folded)
    for match in _WRAPPED.finditer(text):
        chars[match.start() : match.end()] = " " * (match.end() - match.start())
    return "".join(chars)


# Right after « je vais », a denial: « je vais pas aller au tribunal » (the « ne » dropped,
# as people write) is no intention.
_DENIED = lazy_compile(r"\s*(?:pas|jamais|surtout pas|certainement pas)\b")


def _intends(piece: str, intended: tuple[Matcher, ...]) -> bool:
    """Whether the sentence says an intention that no denial follows."""
    return any(not _DENIED.match(piece, end) for i in intended for _, end in i.spans(piece))


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
    framing = frames()
    intending: dict[int, list[tuple[int, int]]] = {}  # sentence start → its intentions
    pieces = [(m.start(), m.end(), m.group()) for m in _SENTENCES.finditer(folded)]
    for signal in signals():
        # A pattern the whole text cannot hold is skipped for every sentence (the cheap
        # test once, not once a sentence).
        live = [m for m in signal.patterns if m.possible(folded)]
        for start, end, piece in pieces:
            spans = [span for m in live for span in m.spans(piece)]
            if not spans:

                def intentions(start: int = start, piece: str = piece) -> list[tuple[int, int]]:
                    if start not in intending:
                        intending[start] = intentions_in(piece, framing)
                    return intending[start]

                framed = _frame_spans(piece, signal.category, framing, intentions)
                spans = [framed] if framed else []
            if not spans or any(u.search(piece) for u in signal.unless):
                continue
            if any(d.search(piece) for d in distant) and not _intends(piece, intended):
                continue
            excerpt = " ".join(text[start:end].split())
            if len(excerpt) > 140:
                s, e = min(spans)
                excerpt = "… " + " ".join(text[start + max(0, s - 50) : start + e + 50].split())
            found.append(Escalation(signal.id, signal.category, excerpt, signal.guidance))
            break
    return found
