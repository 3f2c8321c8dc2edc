"""Écouter : read a customer's message — which playbook, which facts, which warning signs.

The playbooks' own `keywords` decide the match, so a merchant who adds a playbook
improves `listen` without touching code. Matching works on real writing: accents or not,
capitals, SMS spelling (a small lexicon in data/ecoute.yaml), one-letter typos, feminine
and plural endings. A keyword shared by many playbooks counts for little, one that only
one playbook uses counts for a lot. Escalation signals are data too, in the checker's
pattern language.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reponse_cli.facts import Facts, extract

if TYPE_CHECKING:
    from reponse_cli.library import PlaybookRef
    from reponse_cli.playbook import Playbook
    from reponse_cli.tone import Matcher

DATA = Path(__file__).parent / "data" / "ecoute.yaml"
CATEGORY_LABELS = {
    "legal": "menace juridique",
    "authority": "association de consommateurs ou autorité",
    "bank": "contestation bancaire",
    "public": "exposition publique",
    "insult": "insulte",
}
# Below this score nothing matched well enough; a runner-up this close is a tie.
MIN_SCORE = 1.2
TIE_RATIO = 0.8


# --- words ------------------------------------------------------------------------------

_TOKEN = re.compile(r"[a-z0-9]+")
_STARS = re.compile(r"[★☆✩✪✫✬✭✮✯⭐]")  # a rating: « ★☆☆☆☆ » is a review


def stem(token: str) -> str:
    """Drop the plural and feminine endings French adds: « reçues » and « reçu » meet."""
    if len(token) > 4 and token[-1] in "sx":
        token = token[:-1]
    for _ in range(2):
        if len(token) > 3 and token.endswith("e"):
            token = token[:-1]
    return token


def _fold(text: str) -> str:
    from reponse_cli.tone import fold

    return fold(text)


def tokens(text: str, lexicon: dict[str, list[str]] | None = None) -> list[str]:
    """Folded, stemmed words; SMS spellings expanded (« tjr » → « toujours »)."""
    lexicon = lexicon if lexicon is not None else sms_lexicon()
    result: list[str] = []
    text = _STARS.sub(" etoile ", text)
    for word in _TOKEN.findall(_fold(text)):
        expanded = lexicon.get(word)
        if expanded:
            result.extend(stem(w) for w in expanded)
        else:
            result.append(stem(word))
    return result


def _variants(token: str) -> set[str]:
    """The token and every one-letter deletion of it: two words within one typo share one.

    Short words get no tolerance: « port » and « porte » are different words.
    """
    if len(token) < 6 or token.isdigit():
        return {token}
    return {token} | {token[:i] + token[i + 1 :] for i in range(len(token))}


# --- data -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Signal:
    id: str
    category: str
    guidance: str
    patterns: tuple[Matcher, ...]
    unless: tuple[Matcher, ...] = ()


@cache
def _data() -> dict[str, Any]:
    from reponse_cli.cache import load_yaml

    return load_yaml(DATA)


@cache
def sms_lexicon() -> dict[str, list[str]]:
    raw = _data().get("sms", {})
    return {str(k): str(v).split() for k, v in raw.items()}


@cache
def generic_words() -> frozenset[str]:
    """Words that say something is wrong but not what: « toujours pas reçu »."""
    return frozenset(stem(_fold(w)) for w in _data().get("generic", []))


@cache
def signals() -> tuple[Signal, ...]:
    from reponse_cli.tone import compile_pattern

    data = _data()
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


# --- matching playbooks -------------------------------------------------------------------


@dataclass
class Keyword:
    text: str
    tokens: tuple[str, ...]  # the words that must appear, in order
    weight: float = 1.0
    small: tuple[str, ...] = ()  # the keyword's small words: half of them must be there too


@dataclass
class Hit:
    keyword: str
    weight: float
    excerpt: str


@dataclass
class Candidate:
    playbook: str
    family: str
    title: str
    score: float
    hits: list[Hit] = field(default_factory=list)

    @property
    def matched(self) -> list[str]:
        return [hit.keyword for hit in self.hits]


# Words that carry no meaning of their own in a keyword: « date de livraison » is found
# in « la date prévue pour la livraison ».
STOPWORDS = frozenset(
    """le la les l un une des de du d a au aux en et ou mon ma mes ton ta tes son sa ses
    votre vos notre nos ce cet cette ces j je me m il elle on nous vous y que qu qui est
    ai as avait avez suis sur pour par dans avec""".split()  # noqa: SIM905
)
GAP = 3  # other words allowed between two words of a keyword
GENERIC_WEIGHT = 0.4  # a keyword made only of generic words (« toujours pas reçu »)


class Index:
    """Every playbook's keywords, weighted by how specific they are."""

    def __init__(self, playbooks: dict[str, Playbook]) -> None:
        self.playbooks = playbooks
        lexicon = sms_lexicon()
        self.keywords: dict[str, list[Keyword]] = {}
        document_frequency: dict[tuple[str, ...], int] = {}
        for pid, playbook in playbooks.items():
            seen: dict[tuple[str, ...], Keyword] = {}
            for text in playbook.keywords:
                words = tokens(text, lexicon)
                content = tuple(w for w in words if w not in STOPWORDS)
                # « reçu une » must not shrink to « reçu »: small words go only when at
                # least two meaningful ones remain.
                toks = content if len(content) >= 2 else tuple(words)
                small = tuple(w for w in words if w in STOPWORDS) if toks == content else ()
                if toks and toks not in seen:
                    seen[toks] = Keyword(text, toks, small=small)
            self.keywords[pid] = list(seen.values())
            for toks in seen:
                document_frequency[toks] = document_frequency.get(toks, 0) + 1
        count = max(len(playbooks), 1)
        generic = generic_words() | STOPWORDS
        for keywords in self.keywords.values():
            for keyword in keywords:
                idf = math.log(1 + count / document_frequency[keyword.tokens])
                keyword.weight = idf * (1 + 0.5 * (len(keyword.tokens) - 1))
                if all(t in generic for t in keyword.tokens):
                    keyword.weight *= GENERIC_WEIGHT

    def rank(self, text: str) -> list[Candidate]:
        message = tokens(text)
        variants = [_variants(t) for t in message]
        candidates = []
        for pid, keywords in self.keywords.items():
            playbook = self.playbooks[pid]
            hits = []
            for keyword in keywords:
                position = _find(keyword, message, variants)
                if position is not None:
                    excerpt = " ".join(message[max(0, position - 3) : position + 6])
                    hits.append(Hit(keyword.text, keyword.weight, excerpt))
            score = sum(hit.weight for hit in hits)
            candidates.append(
                Candidate(pid, playbook.family, playbook.title, round(score, 2), hits)
            )
        candidates.sort(key=lambda c: (-c.score, c.playbook))
        return candidates


def _same(word: str, index: int, message: list[str], variants: list[set[str]]) -> bool:
    return message[index] == word or bool(_variants(word) & variants[index])


def _find(keyword: Keyword, message: list[str], variants: list[set[str]]) -> int | None:
    """Where the keyword's words appear in order, a few words apart at most, one typo each.

    When the keyword's small words were set aside (« pas ce que j'ai commandé »), at least
    half of them must be in the span found, so « pas … commande » alone is not enough.
    """
    words = keyword.tokens
    for start in range(len(message)):
        if not _same(words[0], start, message, variants):
            continue
        position = start
        for word in words[1:]:
            for step in range(1, GAP + 2):
                index = position + step
                if index < len(message) and _same(word, index, message, variants):
                    position = index
                    break
            else:
                break
        else:
            if len(keyword.small) > 1:
                span = message[start : position + 1]
                present = sum(1 for w in keyword.small if w in span)
                if present * 2 < len(keyword.small):
                    continue
            return start
    return None


# --- escalation ---------------------------------------------------------------------------


@dataclass
class Escalation:
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


_SENTENCES = re.compile(r"[^.!?\n]+[.!?]*")


def find_escalation(text: str) -> list[Escalation]:
    folded = _fold(text)
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


# --- the whole reading ----------------------------------------------------------------------


@dataclass
class Listening:
    candidates: list[Candidate]
    facts: Facts
    escalation: list[Escalation]
    reformulation: str | None
    unsure: str | None  # why the match is uncertain, or None

    @property
    def best(self) -> Candidate | None:
        if self.unsure or not self.candidates:
            return None
        return self.candidates[0]

    def as_json(self, explain: bool = False) -> dict[str, Any]:
        shown = [c for c in self.candidates[:3] if c.score > 0]
        total = sum(c.score for c in shown) or 1.0
        candidates = []
        for c in shown:
            item: dict[str, Any] = {
                "playbook": c.playbook,
                "family": c.family,
                "title": c.title,
                "score": c.score,
                "confidence": round(c.score / total, 2),
                "matched": c.matched,
            }
            if explain:
                item["hits"] = [
                    {"keyword": h.keyword, "weight": round(h.weight, 2), "excerpt": h.excerpt}
                    for h in c.hits
                ]
            candidates.append(item)
        return {
            "candidates": candidates,
            "unsure": self.unsure,
            "facts": self.facts.as_json(),
            "escalation": [e.as_json() for e in self.escalation],
            "reformulation": self.reformulation,
        }


def listen(
    text: str,
    refs: Iterable[PlaybookRef],
    today: dt.date,
    order_pattern: str | None = None,
) -> Listening:
    from reponse_cli.errors import PlaybookError

    playbooks: dict[str, Playbook] = {}
    for ref in refs:
        try:
            playbooks[ref.id] = ref.load()
        except PlaybookError:
            continue  # `playbooks validate` reports it; listening goes on without it
    candidates = Index(playbooks).rank(text)
    unsure = uncertainty(candidates)
    facts = extract(text, today, order_pattern)
    escalation = find_escalation(text)
    best = None if unsure else candidates[0]
    reformulation = summary(playbooks[best.playbook], facts, today) if best else None
    return Listening(candidates, facts, escalation, reformulation, unsure)


def uncertainty(candidates: list[Candidate]) -> str | None:
    if not candidates or candidates[0].score < MIN_SCORE:
        return "aucun playbook ne correspond clairement à ce message"
    if len(candidates) > 1 and candidates[1].score >= TIE_RATIO * candidates[0].score:
        return f"hésitation entre « {candidates[0].playbook} » et « {candidates[1].playbook} »"
    return None


# --- from facts to answers, and the reformulation ---------------------------------------------


def prefill(playbook: Playbook, facts: Facts) -> dict[str, Any]:
    """Answers the facts give: the order, the amount, dates by their role."""
    from reponse_cli.answers import all_questions
    from reponse_cli.french import Money

    # The summary may read a common answer no other text of the playbook uses.
    questions = all_questions(playbook, [playbook.listen.summary or ""])
    answers: dict[str, Any] = {}
    if facts.orders and "commande" in questions:
        answers["commande"] = facts.orders[0]
    money = [qid for qid, q in questions.items() if q.type == "money" and qid == "montant"]
    if facts.amounts and money:
        answers["montant"] = Money(facts.amounts[0].value)
    if facts.product and "produit" in questions:
        answers["produit"] = facts.product
    wanted = {
        "commande": ("date_commande",),
        "livraison": ("date_livraison", "date_reception"),
        "promesse": ("date_promise", "date_prevue"),
        "retour": ("date_retour", "date_renvoi"),
    }
    for found in facts.dates:
        for qid in wanted.get(found.role, ()):
            if qid in questions and qid not in answers:
                answers[qid] = found.value
                break
    return answers


def summary(playbook: Playbook, facts: Facts, today: dt.date) -> str:
    """« Si je comprends bien, … » from the playbook's summary and the facts."""
    from reponse_cli.config import Config
    from reponse_cli.draft import Composer, DraftState
    from reponse_cli.errors import ReponseError
    from reponse_cli.french import typography
    from reponse_cli.library import PlaybookRef

    source = playbook.listen.summary
    if source:
        from reponse_cli.answers import all_questions

        composer = Composer(PlaybookRef("listen", DATA, "builtin"), playbook, Config(), today)
        composer.questions = all_questions(playbook, [source])
        state = DraftState("listen", answers=prefill(playbook, facts))
        try:
            return composer.render(source, state, "le résumé d'écoute")
        except ReponseError:
            pass
    title = playbook.title[0].lower() + playbook.title[1:]
    order = f" concernant votre commande {facts.orders[0]}" if facts.orders else ""
    return typography(f"Si je comprends bien, votre message{order} porte sur : {title}.")
