"""Ranking playbooks for a message from the playbooks' own keywords.

The playbooks' `keywords` decide the match, so a merchant who adds a playbook improves
`listen` without touching code. Matching works on real writing: accents or not,
capitals, SMS spelling (a small lexicon in data/ecoute.yaml), one-letter typos, feminine
and plural endings. A keyword shared by many playbooks counts for little, one that only
one playbook uses counts for a lot.
"""

from __future__ import annotations

import math
from functools import cache

import msgspec

from reponse_cli.listening.data import listening_data
from reponse_cli.playbooks.schema import Playbook
from reponse_cli.text.fold import fold
from reponse_cli.text.lazy import lazy_compile

MIN_SCORE = 1.2
TIE_RATIO = 0.8

_TOKEN = lazy_compile(r"[a-z0-9]+")
_STARS = lazy_compile(r"[★☆✩✪✫✬✭✮✯⭐]")  # a rating: « ★☆☆☆☆ » is a review


def stem(token: str) -> str:
    """Drop the plural and feminine endings French adds: « reçues » and « reçu » meet."""
    if len(token) > 4 and token[-1] in "sx":
        token = token[:-1]
    for _ in range(2):
        if len(token) > 3 and token.endswith("e"):
            token = token[:-1]
    return token


def tokens(text: str, lexicon: dict[str, list[str]] | None = None) -> list[str]:
    """Folded, stemmed words; SMS spellings expanded (« tjr » → « toujours »)."""
    lexicon = lexicon if lexicon is not None else sms_lexicon()
    result: list[str] = []
    text = _STARS.sub(" etoile ", text)
    for word in _TOKEN.findall(fold(text)):
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


@cache
def sms_lexicon() -> dict[str, list[str]]:
    raw = listening_data().get("sms", {})
    return {str(k): str(v).split() for k, v in raw.items()}


@cache
def generic_words() -> frozenset[str]:
    """Words that say something is wrong but not what: « toujours pas reçu »."""
    return frozenset(stem(fold(w)) for w in listening_data().get("generic", []))


class Keyword(msgspec.Struct):
    text: str
    tokens: tuple[str, ...]  # the words that must appear, in order
    weight: float = 1.0
    small: tuple[str, ...] = ()  # the keyword's small words: half of them must be there too


class Hit(msgspec.Struct):
    keyword: str
    weight: float
    excerpt: str


class Candidate(msgspec.Struct):
    playbook: str
    family: str
    title: str
    score: float
    hits: list[Hit] = msgspec.field(default_factory=list)

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


def uncertainty(candidates: list[Candidate]) -> str | None:
    if not candidates or candidates[0].score < MIN_SCORE:
        return "aucun playbook ne correspond clairement à ce message"
    if len(candidates) > 1 and candidates[1].score >= TIE_RATIO * candidates[0].score:
        return f"hésitation entre « {candidates[0].playbook} » et « {candidates[1].playbook} »"
    return None
