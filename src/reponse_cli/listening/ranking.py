"""Ranking playbooks for a message: the playbooks are the data.

Each playbook is read through the French-language layer (`text/language.py`): its
`keywords` become phrases of lemmas (« pas reçu » → « ~recevoir », which a customer's
« je n'ai toujours rien reçu » contains and « j'ai bien reçu » does not), its
`listen.examples`, title and description a bag of words. A message is scored against
every playbook through an inverted index — a word found in the message only visits the
playbooks that use it — by two measures added together: the keyword phrases found in
one sentence, weighted by how specific they are (a phrase only one playbook uses counts
for a lot), and how much more likely the message's words are in this playbook than in
the others (naive Bayes over the playbook's keywords, examples, title and description). A
merchant who adds a playbook, or a keyword, or an example sentence, improves `listen`
without touching code.

The message is also scored sentence by sentence, so that a message mixing two problems
reports both (the second must rest on sentences of its own).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable

import msgspec

from reponse_cli.playbooks.schema import Playbook
from reponse_cli.text.language import Lexicon, Word, analyse

MIN_SCORE = 1.5  # below this nothing fits clearly
TIE_RATIO = 0.75  # a runner-up this close is a real doubt
SECOND_PROBLEM = 0.6  # a second problem needs this share of the first one's evidence
SAME_FAMILY_SECOND = False
PHRASE_WEIGHT = 1.0
BAG_WEIGHT = 1.0
ALPHA = 0.5  # smoothing of the word frequencies
GENERIC_WEIGHT = 0.3
FIRST_WEIGHT = 1.5
FIRST_SENTENCES = 2
MODE = "bm25"
K1 = 1.2
B = 0.5
WEIGHTS = {"keyword": 2.0, "example": 1.0, "title": 1.0, "description": 0.5}


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


class Phrase(msgspec.Struct, frozen=True):
    text: str
    features: tuple[str, ...]
    generic: bool = False  # made only of common words: counts for less


def _features(words: Iterable[Word]) -> list[str]:
    return [word.feature for word in words]


class Index:
    """The playbooks' words, weighted by how specific they are, and who uses each."""

    def __init__(self, playbooks: dict[str, Playbook], lexicon: Lexicon) -> None:
        self.playbooks = playbooks
        self.lexicon = lexicon
        self.phrases: dict[str, list[Phrase]] = {}
        bags: dict[str, dict[str, float]] = {}
        for pid, playbook in playbooks.items():
            phrases: dict[tuple[str, ...], Phrase] = {}
            bag: dict[str, float] = defaultdict(float)
            for text in playbook.keywords:
                words = analyse(text, lexicon)
                features = tuple(dict.fromkeys(_features(words)))
                if features and features not in phrases:
                    phrases[features] = Phrase(text, features, all(w.generic for w in words))
                for word in words:
                    if not word.generic:
                        bag[word.feature] += WEIGHTS["keyword"]
            for kind, texts in (
                ("example", playbook.listen.examples),
                ("title", [playbook.title]),
                ("description", [playbook.description]),
            ):
                for text in texts:
                    for feature in {w.feature for w in analyse(text, lexicon) if not w.generic}:
                        bag[feature] += WEIGHTS[kind]
            self.phrases[pid] = list(phrases.values())
            bags[pid] = dict(bag)
        count = max(len(playbooks), 1)
        frequency: dict[str, int] = defaultdict(int)
        for bag in bags.values():
            for feature in bag:
                frequency[feature] += 1
        self.idf = {
            feature: math.log(1 + (count - df + 0.5) / (df + 0.5))
            for feature, df in frequency.items()
        }
        # The inverted index: feature → (playbook, weight of the feature for it).
        self.postings: dict[str, list[tuple[str, float]]] = defaultdict(list)
        totals = {pid: sum(bag.values()) for pid, bag in bags.items()}
        if MODE == "nb":
            vocabulary = len(frequency)
            background: dict[str, float] = defaultdict(float)
            for bag in bags.values():
                for feature, tf in bag.items():
                    background[feature] += tf
            all_total = sum(background.values()) or 1.0
            for pid, bag in bags.items():
                for feature, tf in bag.items():
                    p_in = (tf + ALPHA) / (totals[pid] + ALPHA * vocabulary)
                    p_all = (background[feature] + ALPHA) / (all_total + ALPHA * vocabulary)
                    weight = math.log(p_in / p_all)
                    if weight > 0:
                        self.postings[feature].append((pid, weight))
        else:
            average = sum(totals.values()) / count if totals else 1.0
            for pid, bag in bags.items():
                norm = K1 * (1 - B + B * totals[pid] / average)
                for feature, tf in bag.items():
                    weight = self.idf[feature] * tf * (K1 + 1) / (tf + norm)
                    self.postings[feature].append((pid, weight))
        # Phrase weight: the specificity of its rarest word, more for longer phrases.
        phrase_df: dict[tuple[str, ...], int] = defaultdict(int)
        for phrases in self.phrases.values():
            for phrase in phrases:
                phrase_df[phrase.features] += 1
        self.phrase_weight = {
            phrase.features: (
                math.log(1 + count / phrase_df[phrase.features])
                * (1 + 0.5 * (len(phrase.features) - 1))
                * (GENERIC_WEIGHT if phrase.generic else 1.0)
            )
            for phrases in self.phrases.values()
            for phrase in phrases
        }
        self.by_feature: dict[str, list[tuple[str, Phrase]]] = defaultdict(list)
        for pid, phrases in self.phrases.items():
            for phrase in phrases:
                rarest = min(phrase.features, key=lambda f: frequency.get(f, 0))
                self.by_feature[rarest].append((pid, phrase))

    def rank(self, text: str) -> tuple[list[Candidate], dict[str, list[float]]]:
        """Candidates, best first, and each playbook's score sentence by sentence."""
        words = analyse(text, self.lexicon)
        sentences: dict[int, list[Word]] = defaultdict(list)
        for word in words:
            sentences[word.sentence].append(word)
        order = sorted(sentences)
        position = {number: i for i, number in enumerate(order)}
        per_sentence: dict[str, list[float]] = defaultdict(lambda: [0.0] * len(order))
        hits: dict[str, list[Hit]] = defaultdict(list)
        self.last_phrase_sentences: dict[str, set[int]] = defaultdict(set)
        # Keyword phrases, found inside one sentence.
        for number in order:
            present = {word.feature for word in sentences[number]}
            seen: set[tuple[str, tuple[str, ...]]] = set()
            for feature in present:
                for pid, phrase in self.by_feature.get(feature, ()):
                    if (pid, phrase.features) in seen or not set(phrase.features) <= present:
                        continue
                    seen.add((pid, phrase.features))
                    weight = PHRASE_WEIGHT * self.phrase_weight[phrase.features]
                    weight *= _position_weight(position[number])
                    per_sentence[pid][position[number]] += weight
                    self.last_phrase_sentences[pid].add(position[number])
                    if all(h.keyword != phrase.text for h in hits[pid]):
                        hits[pid].append(
                            Hit(
                                phrase.text,
                                round(weight, 2),
                                _excerpt(text, sentences[number], phrase),
                            )
                        )
        # The whole message's words against each playbook's words, sentence by sentence.
        counted: dict[str, int] = defaultdict(int)
        for number in order:
            for word in sentences[number]:
                if word.generic:
                    continue
                counted[word.feature] += 1
                if counted[word.feature] > 3:
                    continue  # a word repeated ten times is not ten times the evidence
                boost = _position_weight(position[number]) / counted[word.feature]
                for pid, weight in self.postings.get(word.feature, ()):
                    per_sentence[pid][position[number]] += BAG_WEIGHT * weight * boost
        candidates = []
        for pid, playbook in self.playbooks.items():
            scores = per_sentence.get(pid)
            total = sum(scores) if scores else 0.0
            candidates.append(
                Candidate(pid, playbook.family, playbook.title, round(total, 2), hits.get(pid, []))
            )
        candidates.sort(key=lambda c: (-c.score, c.playbook))
        return candidates, dict(per_sentence)


def _position_weight(index: int) -> float:
    """The first sentences (the subject, the opening) say what the message is about."""
    return FIRST_WEIGHT if index < FIRST_SENTENCES else 1.0


def _excerpt(text: str, words: list[Word], phrase: Phrase) -> str:
    wanted = set(phrase.features)
    found = [w for w in words if w.feature in wanted]
    start, end = found[0].start, found[-1].end
    left = max(0, start - 30)
    return " ".join(text[left : end + 30].split())


def uncertainty(candidates: list[Candidate]) -> str | None:
    if not candidates or candidates[0].score < MIN_SCORE:
        return "aucun playbook ne correspond clairement à ce message"
    if len(candidates) > 1 and candidates[1].score >= TIE_RATIO * candidates[0].score:
        return f"hésitation entre « {candidates[0].playbook} » et « {candidates[1].playbook} »"
    return None


def second_problem(
    candidates: list[Candidate],
    per_sentence: dict[str, list[float]],
    phrase_sentences: dict[str, set[int]] | None = None,
) -> Candidate | None:
    """Another problem in the same message: a playbook whose own keywords are found in
    sentences of its own, where the first problem's are not, with evidence enough."""
    if len(candidates) < 2 or candidates[0].score < MIN_SCORE:
        return None
    first = candidates[0]
    phrase_sentences = phrase_sentences or {}
    first_phrases = phrase_sentences.get(first.playbook, set())
    first_scores = per_sentence.get(first.playbook, [])
    for other in candidates[1:4]:
        if other.family == first.family and SAME_FAMILY_SECOND is False:
            continue
        own = phrase_sentences.get(other.playbook, set()) - first_phrases
        if not own:
            continue
        scores = per_sentence.get(other.playbook, [])
        evidence = sum(scores[i] for i in own if i < len(scores) and scores[i] > first_scores[i])
        if evidence >= SECOND_PROBLEM * first.score:
            return other
    return None
