"""Ranking playbooks for a message: the playbooks are the data.

Each playbook is read through the French-language layer (`text/language.py`): its
`keywords` become phrases of lemmas (« pas reçu » → « ~recevoir », which a customer's
« je n'ai toujours rien reçu » contains and « j'ai bien reçu » does not), and all its
words — keywords, `listen.examples`, title, description — a weighted bag (BM25). A
message is read sentence by sentence through an inverted index (a word of the message
only visits the playbooks that use it), and each sentence adds to a playbook:

- the keyword phrases found in it, their words close together (`GAP`, or `WIDE_GAP` for
  a keyword written « commandé … reçu »), each as strong as few playbooks use its words,
  each word of the sentence counted for one phrase only;
- the BM25 weight of its words for the playbook.

Sentences do not weigh the same: the first ones (the subject, the opening) and one that
states the problem (« le problème, c'est que… ») count more, an aside the customer
announces (« autre chose : », « par ailleurs ») less. The earlier messages a customer
quotes under a short reply (« toujours rien ») add a share of their own score: the shop's
« votre échange est en cours » says what the reply is about. A merchant who adds a playbook, a
keyword or an example sentence improves `listen` without touching code.

Because the evidence is kept sentence by sentence, a message mixing two problems reports
both: the second must rest on sentences of its own (`second_problem`).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import cache

import msgspec

from reponse_cli.listening.age import Age, duration_days
from reponse_cli.listening.data import listening_data
from reponse_cli.playbooks.schema import Playbook
from reponse_cli.text.fold import fold
from reponse_cli.text.language import Lexicon, Word, analyse, split_sentences
from reponse_cli.text.lazy import lazy_compile

MIN_SCORE = 1.5  # below this nothing fits clearly
TIE_RATIO = 0.75  # a runner-up this close is a real doubt
SECOND_PROBLEM = 0.5  # a second problem needs this share of the first one's evidence
SECOND_ASIDE = 0.2  # … or this much when the customer announced an aside
SECOND_MIN = 20.0  # and never less than this (an aside: SECOND_MIN_ASIDE)
SECOND_MIN_ASIDE = 8.0
SECOND_REST = 0.5  # and the first problem keeps this share outside its sentences
GENERIC_WEIGHT = 0.3  # a phrase made only of common words (« 14 jours »)
LENGTH_BONUS = 0.5  # each more uncommon word of a phrase
COMMON_BONUS = 0.5  # each more common word of a phrase
COMMON_PHRASE = 0.5  # a one-word phrase in more than this share of the playbooks counts nothing
GAP = 2  # other words allowed between a phrase's words
WIDE_GAP = 6  # … and between those of a phrase written with « … »
FIRST_WEIGHT = 1.5  # the first sentences (the subject, the opening)
FIRST_SENTENCES = 2
FOCUS_WEIGHT = 1.5  # a sentence that states the problem
ASIDE_WEIGHT = 0.3  # a sentence of an aside the customer announced
K1 = 1.2  # BM25: how fast a word's weight saturates in a playbook
B = 0.5  # BM25: how much a playbook's length tempers its words
QUOTED_WEIGHT = 0.5  # the earlier messages the customer quoted
AGE_TAKE = 0.9  # a product's age inside a playbook's range: it takes this share of the best
AGE_OUT = 0.6  # … outside it: the playbook keeps this share of its score
WEIGHTS = {"keyword": 2.0, "example": 1.0, "title": 1.0, "description": 0.5}


_WORD = lazy_compile(r"[a-z0-9]+")


@cache
def discourse_markers() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """What opens an aside, and what opens the statement of the problem (data/ecoute.yaml)."""
    data = listening_data()

    def words(key: str) -> tuple[str, ...]:
        return tuple(" ".join(_WORD.findall(fold(str(m)))) for m in data.get(key, []))

    return words("apartes"), words("sujet")


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
        """What counted for this playbook (not the product's age that counted against it)."""
        return [hit.keyword for hit in self.hits if hit.weight >= 0]


class Ranking(msgspec.Struct):
    """A message read against the playbooks, sentence by sentence."""

    candidates: list[Candidate]  # best first
    sentences: dict[str, list[float]]  # each playbook's evidence in each sentence
    phrases: dict[str, set[int]]  # the sentences where a playbook's keywords were found
    asides: set[int]  # the sentences of an aside the customer announced
    weights: list[float]  # how much each sentence counted
    keywords_first: str = ""  # the keywords' own first choice, before the learned model


class Phrase(msgspec.Struct, frozen=True):
    text: str
    features: tuple[str, ...]
    specific: tuple[str, ...] = ()  # its uncommon words (« semaine », « 14 » are common)
    wide: bool = False  # written « commandé … reçu »: other words may come between

    @property
    def generic(self) -> bool:
        """Made only of common words: counts for less."""
        return not self.specific


def _features(words: Iterable[Word]) -> list[str]:
    return [word.feature for word in words]


class Index:
    """The playbooks' words, weighted by how specific they are, and who uses each."""

    def __init__(self, playbooks: dict[str, Playbook], lexicon: Lexicon) -> None:
        self.playbooks = playbooks
        self.lexicon = lexicon
        # The product's age each playbook is for, in days (None: no bound).
        self.ages: dict[str, tuple[int | None, int | None]] = {}
        for pid, playbook in playbooks.items():
            bounds = playbook.listen.age
            if bounds is not None and (bounds.min or bounds.max):
                low = duration_days(bounds.min) if bounds.min else None
                high = duration_days(bounds.max) if bounds.max else None
                self.ages[pid] = (low, high)
        self.phrases: dict[str, list[Phrase]] = {}
        bags: dict[str, dict[str, float]] = {}
        vocabularies: dict[str, set[str]] = {}
        for pid, playbook in playbooks.items():
            phrases: dict[frozenset[str], Phrase] = {}
            bag: dict[str, float] = defaultdict(float)
            vocabulary: set[str] = set()
            for text in playbook.keywords:
                wide = "…" in text or "..." in text
                words = analyse(text.replace("…", " ").replace("...", " "), lexicon)
                features = tuple(dict.fromkeys(_features(words)))
                vocabulary.update(features)
                if features and frozenset(features) not in phrases:
                    specific = tuple(dict.fromkeys(w.feature for w in words if not w.generic))
                    phrases[frozenset(features)] = Phrase(text, features, specific, wide)
                for word in words:
                    if not word.generic:
                        bag[word.feature] += WEIGHTS["keyword"]
            for kind, texts in (
                ("example", playbook.listen.examples),
                ("title", [playbook.title]),
                ("description", [playbook.description]),
            ):
                for text in texts:
                    words = analyse(text, lexicon)
                    vocabulary.update(_features(words))
                    for feature in {w.feature for w in words if not w.generic}:
                        bag[feature] += WEIGHTS[kind]
            self.phrases[pid] = list(phrases.values())
            bags[pid] = dict(bag)
            vocabularies[pid] = vocabulary
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
        average = sum(totals.values()) / count if totals else 1.0
        for pid, bag in bags.items():
            norm = K1 * (1 - B + B * totals[pid] / average)
            for feature, tf in bag.items():
                weight = self.idf[feature] * tf * (K1 + 1) / (tf + norm)
                self.postings[feature].append((pid, weight))
        # A phrase is as specific as the playbooks whose words contain all of it are few;
        # longer phrases say more.
        self.phrase_weight: dict[frozenset[str], float] = {}
        for phrases in self.phrases.values():
            for phrase in phrases:
                key = frozenset(phrase.features)
                if key in self.phrase_weight:
                    continue
                # Common words make a phrase longer, not rarer.
                telling = frozenset(phrase.specific) or key
                df = sum(1 for v in vocabularies.values() if telling <= v) or 1
                if len(key) == 1 and df > COMMON_PHRASE * count:
                    # « reçu une », « réceptionné »: one word most playbooks use is no
                    # phrase; the bag of words already counts it.
                    self.phrase_weight[key] = 0.0
                    continue
                common = len(key) - len(telling) if phrase.specific else 0
                self.phrase_weight[key] = (
                    math.log(1 + count / df)
                    * (1 + LENGTH_BONUS * (len(telling) - 1) + COMMON_BONUS * common)
                    * (GENERIC_WEIGHT if phrase.generic else 1.0)
                )
        # Each phrase is looked for when its rarest word is in the sentence.
        self.by_feature: dict[str, list[tuple[str, Phrase, float, int]]] = defaultdict(list)
        for pid, phrases in self.phrases.items():
            for phrase in phrases:
                weight = self.phrase_weight[frozenset(phrase.features)]
                if weight:
                    rarest = min(phrase.features, key=lambda f: frequency.get(f, 0))
                    gap = WIDE_GAP if phrase.wide else GAP
                    self.by_feature[rarest].append((pid, phrase, weight, gap))

    def sentence_weights(self, text: str, order: list[int]) -> tuple[list[float], set[int]]:
        """How much each sentence says about the problem.

        The first sentences (the subject, the opening) say what the message is about, and
        so does a sentence that names it (« le problème, c'est que… », « sauf que… »); an
        aside the customer announces (« autre chose : », « par ailleurs », « au passage »)
        is another matter, up to the end of its paragraph: it counts less for the main
        problem and may be a second one.
        """
        folded = fold(text)
        spans = split_sentences(folded)
        aside_markers, focus = discourse_markers()
        weights: list[float] = []
        asides: set[int] = set()
        inside = False
        previous_end = 0
        for index, number in enumerate(order):
            start, end = spans[number]
            opening = _opening(folded, start, end)
            if "\n" in folded[previous_end:start]:
                inside = False  # an aside ends with its paragraph
            previous_end = end
            weight = FIRST_WEIGHT if index < FIRST_SENTENCES else 1.0
            if _starts_with(opening, aside_markers):
                inside = True
            if inside:
                asides.add(index)
                weight = ASIDE_WEIGHT
            elif _starts_with(opening, focus):
                weight = max(weight, FOCUS_WEIGHT)
            weights.append(weight)
        return weights, asides

    def rank(
        self,
        text: str,
        context: str = "",
        age: Age | None = None,
        learned: Callable[[str], dict[str, float]] | None = None,
        rest: str = "",
    ) -> Ranking:
        """Candidates, best first, and each playbook's score sentence by sentence.

        `context`: the earlier messages the customer quoted, weak evidence of their own;
        `age`: the product's age the message tells (`age.py`); `learned`: a learned
        model's closeness of a text to each playbook (`model.py`), read on the message
        without the asides the customer announced, plus `rest` (signature, quotes).
        """
        words = analyse(text, self.lexicon)
        sentences: dict[int, list[Word]] = defaultdict(list)
        for word in words:
            sentences[word.sentence].append(word)
        order = sorted(sentences)
        weights, asides = self.sentence_weights(text, order)
        per_sentence: dict[str, list[float]] = defaultdict(lambda: [0.0] * len(order))
        hits: dict[str, list[Hit]] = defaultdict(list)
        phrase_sentences: dict[str, set[int]] = defaultdict(set)
        repeated: dict[tuple[str, str], int] = defaultdict(int)
        # Keyword phrases, found close together inside one sentence.
        for index, number in enumerate(order):
            sentence = sentences[number]
            places: dict[str, list[int]] = defaultdict(list)
            for place, word in enumerate(sentence):
                places[word.feature].append(place)
            found: dict[str, list[tuple[float, set[int], Phrase]]] = defaultdict(list)
            for feature in places:
                for pid, phrase, weight, gap in self.by_feature.get(feature, ()):
                    used = _find(phrase.features, places, gap)
                    if used is not None:
                        found[pid].append((weight, used, phrase))
            for pid, matches in found.items():
                claimed: set[int] = set()
                for weight, used, phrase in sorted(matches, key=lambda m: -m[0]):
                    fresh = len(used - claimed) / len(used)
                    if not fresh:
                        continue  # « double paiement » inside « paiement en double »
                    claimed |= used
                    key = (pid, phrase.text)
                    repeated[key] += 1
                    if repeated[key] > 3:
                        continue
                    gained = weight * fresh / repeated[key] * weights[index]
                    per_sentence[pid][index] += gained
                    phrase_sentences[pid].add(index)
                    if all(h.keyword != phrase.text for h in hits[pid]):
                        hits[pid].append(
                            Hit(phrase.text, round(gained, 2), _excerpt(text, sentence, used))
                        )
        # The whole message's words against each playbook's words, sentence by sentence.
        counted: dict[str, int] = defaultdict(int)
        for index, number in enumerate(order):
            for word in sentences[number]:
                if word.generic:
                    continue
                counted[word.feature] += 1
                if counted[word.feature] > 3:
                    continue  # a word repeated ten times is not ten times the evidence
                boost = weights[index] / counted[word.feature]
                postings = self.postings.get(word.feature)
                if postings is None and word.negated:
                    # « pas de chargeur »: still about the charger
                    postings = self.postings.get(word.lemma, ())
                for pid, weight in postings or ():
                    per_sentence[pid][index] += weight * boost
        quoted: dict[str, float] = {}
        if context.strip() and QUOTED_WEIGHT:
            quoted = {c.playbook: c.score for c in self.rank(context).candidates}
        candidates = []
        for pid, playbook in self.playbooks.items():
            scores = per_sentence.get(pid)
            total = sum(scores) if scores else 0.0
            total += QUOTED_WEIGHT * quoted.get(pid, 0.0)
            candidates.append(
                Candidate(pid, playbook.family, playbook.title, round(total, 2), hits.get(pid, []))
            )
        keywords_first = max(candidates, key=lambda c: (c.score, c.playbook)).playbook
        if learned is not None:
            spans = split_sentences(fold(text))
            kept, start = [], 0
            for index in sorted(asides):  # another matter: the main problem is elsewhere
                left, right = spans[order[index]]
                kept.append(text[start:left])
                start = right
            kept.append(text[start:])
            own = "".join(kept)
            read = "\n\n".join(part for part in (own, rest) if part.strip())
            closeness = learned(read)
            if context.strip() and own.strip():
                # The quoted thread is weak evidence for the model too: the customer's own
                # words read alone, and with the thread at QUOTED_WEIGHT (« toujours rien »
                # above the shop's words on an exchange is about the exchange; a promo
                # code named above the same quote stays a promo code).
                alone = learned(own)
                closeness = {
                    pid: (alone.get(pid, 0.0) + QUOTED_WEIGHT * p) / (1 + QUOTED_WEIGHT)
                    for pid, p in closeness.items()
                }
            candidates = blend(candidates, closeness, self.playbooks)
        if age is not None:
            self._weigh_age(candidates, age)
        candidates.sort(key=lambda c: (-c.score, c.playbook))
        return Ranking(
            candidates, dict(per_sentence), dict(phrase_sentences), asides, weights, keywords_first
        )

    def _weigh_age(self, candidates: list[Candidate], age: Age) -> None:
        """The product's age moves the playbooks that say which age they are for.

        « Ne s'allume plus » says the same to all of them: a playbook whose range holds
        the age takes most of the best score among them, the others keep a share of their
        own. Never above that best score, so a playbook without a range (a lost parcel is
        a lost parcel, whatever the product's age) keeps its place.
        """
        aged = [c for c in candidates if c.playbook in self.ages]
        best = max((c.score for c in aged), default=0.0)
        if best <= 0:
            return
        for candidate in aged:
            low, high = self.ages[candidate.playbook]
            inside = (low is None or age.days >= low) and (high is None or age.days <= high)
            before = candidate.score
            # Never above the best of them: the age reorders them, it does not lift them
            # over a playbook without a range.
            candidate.score = round(
                max(before, AGE_TAKE * best + (1 - AGE_TAKE) * before)
                if inside
                else before * AGE_OUT,
                2,
            )
            if inside or candidate.score != before:
                gained = round(candidate.score - before, 2)
                candidate.hits.append(Hit(f"âge du produit\u00a0: {age.text}", gained, age.text))


def _find(features: tuple[str, ...], places: dict[str, list[int]], gap: int) -> set[int] | None:
    """Where a phrase's words are in a sentence, all within a short reach of each other."""
    if any(feature not in places for feature in features):
        return None
    if len(features) == 1:
        return {places[features[0]][0]}
    reach = len(features) - 1 + gap
    anchor_feature = min(features, key=lambda f: len(places[f]))
    for anchor in places[anchor_feature]:
        used = {anchor}
        for feature in features:
            if feature == anchor_feature:
                continue
            near = min(places[feature], key=lambda p: abs(p - anchor))
            if abs(near - anchor) > reach:
                break
            used.add(near)
        else:
            if max(used) - min(used) <= reach:
                return used
    return None


_LINKS = frozenset({"et", "mais", "puis", "ah", "oh", "bon"})


def _opening(folded: str, start: int, end: int) -> str:
    """The first words of a sentence, after a link (« et au passage » opens an aside)."""
    words = _WORD.findall(folded, start, min(end, start + 60))[:7]
    if words and words[0] in _LINKS:
        words = words[1:]
    return " ".join(words[:6])


def _starts_with(opening: str, markers: Iterable[str]) -> bool:
    return any(opening == m or opening.startswith(m + " ") for m in markers)


def _excerpt(text: str, words: list[Word], used: set[int]) -> str:
    start, end = words[min(used)].start, words[max(used)].end
    left = max(0, start - 30)
    return " ".join(text[left : end + 30].split())


MODEL_SHARE = 0.5  # the learned model's part beside the keywords (fixed on dev sets)


def blend(
    candidates: list[Candidate], closeness: dict[str, float], playbooks: dict[str, Playbook]
) -> list[Candidate]:
    """The keywords' ranking and the learned model's, half each: each keyword score over
    the best one plus the model's probability over its best, on the keywords' scale. A
    playbook the model never learned (one of yours) is judged on its keywords alone, on
    the same scale, so adding a playbook still makes `listen` find it; one the keywords
    missed may come in on the model's half alone."""
    top = max((c.score for c in candidates), default=0.0)
    if top <= 0:
        return candidates
    known = {c.playbook: c for c in candidates}

    def share(pid: str) -> float:
        keywords = known[pid].score / top if pid in known else 0.0
        learned = closeness.get(pid, keywords)
        return (1 - MODEL_SHARE) * keywords + MODEL_SHARE * learned

    mixed = {pid: share(pid) for pid in {*known, *(p for p in closeness if p in playbooks)}}
    ranked = []
    for pid, part in sorted(mixed.items(), key=lambda item: (-item[1], item[0])):
        if part <= 0:
            continue
        playbook = playbooks[pid]
        found = known.get(pid) or Candidate(pid, playbook.family, playbook.title, 0.0)
        ranked.append(msgspec.structs.replace(found, score=part * top))
    return ranked


def uncertainty(candidates: list[Candidate]) -> str | None:
    if not candidates or candidates[0].score < MIN_SCORE:
        return "aucun playbook ne correspond clairement à ce message"
    if len(candidates) > 1 and candidates[1].score >= TIE_RATIO * candidates[0].score:
        return f"hésitation entre « {candidates[0].playbook} » et « {candidates[1].playbook} »"
    return None


def second_problem(ranking: Ranking) -> Candidate | None:
    """Another problem in the same message, announced only when it is clear.

    It must rest on sentences of its own — sentences where its keywords are found and
    where it says more than any other playbook — with evidence enough, while the first
    problem keeps most of its own; and be another kind of problem, not a variant of the
    first one (another family). An aside the customer announced (« autre chose : … »)
    needs less, even in the same family.
    """
    candidates = ranking.candidates
    if len(candidates) < 2 or candidates[0].score < MIN_SCORE:
        return None
    first = candidates[0]
    count = len(ranking.weights)

    def raw(pid: str) -> list[float]:
        scores = ranking.sentences.get(pid, [0.0] * count)
        return [score / weight for score, weight in zip(scores, ranking.weights, strict=True)]

    every = {pid: raw(pid) for pid in ranking.sentences}
    best_in = [max(every, key=lambda pid: every[pid][i]) if every else "" for i in range(count)]
    first_raw = every.get(first.playbook, [0.0] * count)
    best: tuple[float, Candidate] | None = None
    for other in candidates[1:]:
        scores = every.get(other.playbook)
        if scores is None:
            continue
        if other.playbook == ranking.keywords_first:
            continue  # the keywords and the model read one problem two ways, not two problems
        own = [
            i
            for i in ranking.phrases.get(other.playbook, ())
            if best_in[i] == other.playbook and scores[i] > first_raw[i]
        ]
        if not own:
            continue
        aside = all(i in ranking.asides for i in own)
        if other.family == first.family and not aside:
            continue  # « pas arrivé » and « perdu » are one problem told two ways
        evidence = sum(scores[i] for i in own)
        whole = sum(first_raw)
        rest = whole - sum(first_raw[i] for i in own)
        share, floor = (SECOND_ASIDE, SECOND_MIN_ASIDE) if aside else (SECOND_PROBLEM, SECOND_MIN)
        clear = evidence >= max(share * whole, floor) and rest >= SECOND_REST * whole
        if clear and (best is None or evidence > best[0]):
            best = (evidence, other)
    return best[1] if best else None
