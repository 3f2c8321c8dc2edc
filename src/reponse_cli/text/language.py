"""French as customers write it: words, lemmas, related words, negation, sentences.

The listening engine and the checker read text through this module. A text is folded
(lower case, no accents, one apostrophe: `fold.py`, same length as the original, so every
word keeps its place), cut into sentences and words, each word brought to its lemma
(« reçues » → « recevoir ») by simplemma's French dictionary, then to the head of its
group of related words (« paquet » → « colis », « s'allume » → « fonctionner ») from
`data/langue.yaml`. SMS spellings are expanded (« tjr » → « toujours »), locutions read as
one word (« boîte aux lettres » is no « boîte »), and a word of seven letters or more within
one typing slip of a known word is read as that word. Auxiliaries (« aviez », « ayant »)
are no content. Negation is marked: in « je n'ai toujours pas reçu mon colis »,
« recevoir » is negated, « colis » is not; « toujours rien » is a negated « rien »;
« je n'ai reçu que 89 € » is no negation but a « seulement ».

Loading simplemma's dictionary takes longer than a command can spare, so a `Lexicon`
keeps only the forms of the words the playbooks and rules use, and is cached on disk.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import msgspec

from reponse_cli import __version__
from reponse_cli.files.cache import Cache, file_stamp
from reponse_cli.files.yaml import read_yaml
from reponse_cli.text.fold import fold
from reponse_cli.text.lazy import lazy_compile

DATA = Path(__file__).parent / "data" / "langue.yaml"

_WORD = lazy_compile(r"[a-z0-9]+")
_SENTENCE_END = lazy_compile(r"[.!?…;]+(?=\s|$)|\n\s*\n|\n(?=\s*[-*•>])|\s[-–—]\s")
NEGATORS = frozenset({"pas", "plus", "jamais", "rien", "aucun", "aucune", "sans", "ni", "guere"})
# Words that mark no content of their own: articles, pronouns, auxiliaries, small links.
STOPWORDS = (
    frozenset(
        """le la les l un une des de du d a au aux en et ou mon ma mes ton ta tes son sa ses
    votre vos notre nos leur leurs ce cet cette ces ca cela ceci c j je me m moi tu te t
    toi il elle ils elles on nous vous y lui eux que qu qui quoi dont est es sont suis
    etes sommes etais etait etaient ete etre ai as avait avais avaient avez avons ont eu
    avoir sur pour par dans avec chez vers entre sous ne n s se si mais donc car or
    comme aussi tres bien tout tous toute toutes meme deja encore toujours alors puis
    ici la-bas fait faire va vais vont aller peut peux pouvez pourriez pourrait veux
    voudrais voulais merci bonjour bonsoir madame monsieur cordialement salut svp
    aura aurait auront aurez aurons aurai serai sera serait seront serez serons soit soient
    peut peuvent pourra pourrai pourrons pourront pourrait pourraient pouvons pouvais
    pouvait doit doivent devons devez devrait devra devrons dois devais devait faut
    faudra faudrait fera feront ferons ferai ferait font malheureusement helas vraiment
    absolument actuellement mesure capable pu donne donnent lieu moindre lors consequence
    consequent toutefois cependant neanmoins finalement
    avions aviez ayant aie aies ait ayons ayez aient eue eues eus eut eurent aurions auriez
    auraient aurais etions etiez etant fus fut furent soyons soyez sois serais serions
    seriez seraient""".split()  # noqa: SIM905
    )
    - NEGATORS
)
TYPO_MIN = 7  # shorter words get no typo tolerance: « délais » is not « relais »


class Word(msgspec.Struct, frozen=True):
    """A content word of a text: where it is, its lemma, whether it is negated.

    `generic`: a common word (« semaine », « petit ») or a number, which counts inside a
    phrase (« 14 jours ») but says little alone.
    """

    lemma: str
    negated: bool
    start: int
    end: int
    sentence: int
    generic: bool = False

    @property
    def feature(self) -> str:
        return f"~{self.lemma}" if self.negated else self.lemma


@cache
def language_data() -> dict[str, Any]:
    data = read_yaml(DATA).data
    return data if isinstance(data, dict) else {}


@cache
def sms_spellings() -> dict[str, tuple[str, ...]]:
    raw = language_data().get("sms", {})
    return {fold(str(k)): tuple(fold(str(v)).split()) for k, v in raw.items()}


@cache
def locutions() -> dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]]:
    """Words that mean one thing together (« boîte aux lettres »), by their first word:
    (their folded words, the word(s) read instead), longest first."""
    found: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
    for written, read in language_data().get("locutions", {}).items():
        words = tuple(_WORD.findall(fold(str(written))))
        if words:
            found.setdefault(words[0], []).append((words, tuple(fold(str(read)).split())))
    for choices in found.values():
        choices.sort(key=lambda choice: -len(choice[0]))
    return found


@cache
def generic_words() -> frozenset[str]:
    """Common words that do not say which problem it is (see data/langue.yaml)."""
    return frozenset(fold(str(w)) for w in language_data().get("generiques", []))


@cache
def first_names() -> frozenset[str]:
    """Common first names (folded), to tell them from a family name."""
    return frozenset(fold(str(w)) for w in language_data().get("prenoms", []))


@cache
def related_words() -> dict[str, str]:
    """Each word of a group of related words → the group's first word (folded lemmas)."""
    heads: dict[str, str] = {}
    for group in language_data().get("familles", []):
        words = [fold(str(w)) for w in group]
        for word in words:
            heads.setdefault(word, words[0])
    return heads


def split_sentences(folded: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a folded text: stops, blank lines, list items."""
    spans = []
    start = 0
    for match in _SENTENCE_END.finditer(folded):
        if match.start() > start:
            spans.append((start, match.start()))
        start = match.end()
    if start < len(folded):
        spans.append((start, len(folded)))
    return spans


class Lexicon:
    """Folded word form → the head of its related words, for the vocabulary in use."""

    def __init__(
        self, forms: dict[str, str], typos: dict[str, str], words: Iterable[str] = ()
    ) -> None:
        self.forms = forms
        self.typos = typos
        # French words outside the vocabulary one slip away from a word of it, the slip
        # before their ending (« aimerais » and « abîmerais », « donnait » and
        # « sonnait »): another word, not a slip. « bloquee » for « bloque » still is one.
        self.words = frozenset(words)

    @classmethod
    def build(cls, texts: Iterable[str]) -> Lexicon:
        """From the texts whose words matter (playbooks, rules): simplemma, then groups."""
        import simplemma
        from simplemma.strategies.dictionaries import DefaultDictionaryFactory

        heads = related_words()
        vocabulary: set[str] = set(heads)
        own_forms: dict[str, str] = {}
        for text in texts:
            for token in _WORD.findall(fold(text)):
                if token in STOPWORDS or token in NEGATORS or token.isdigit():
                    continue
                lemma = fold(simplemma.lemmatize(token, lang="fr"))
                vocabulary.add(lemma)
                own_forms[token] = lemma
        lemmas_of: dict[str, list[str]] = {}
        others: set[str] = set()
        dictionary = DefaultDictionaryFactory().get_dictionary("fr")
        for form, lemma in dictionary.items():
            folded_lemma = fold(lemma)
            if folded_lemma in vocabulary or _head(folded_lemma, heads):
                lemmas_of.setdefault(fold(form), []).append(folded_lemma)
            elif len(form) >= TYPO_MIN:
                others.add(fold(form))
        forms: dict[str, str] = {}
        for form, lemmas in lemmas_of.items():
            # « boite » is the noun « boîte » before the verb « boiter » : a form that
            # is itself a lemma reads as that lemma.
            forms[form] = form if form in lemmas else lemmas[0]
        for form, lemma in own_forms.items():
            forms.setdefault(form, lemma)
        for lemma in vocabulary:
            forms.setdefault(lemma, lemma)
        forms = {form: _head(lemma, heads) or lemma for form, lemma in forms.items()}
        typos: dict[str, str] = {}
        for form in sorted(forms):
            if len(form) >= TYPO_MIN and not form.isdigit():
                for variant in _deletions(form):
                    typos.setdefault(variant, form)
        lexicon = cls(forms, typos)
        # One pass of set lookups first (a cold build stays about a second longer), then
        # the exact test on the few words it keeps.
        near = set(typos) | {form for form in forms if len(form) >= TYPO_MIN}
        maybe = [
            word
            for word in others
            if word not in forms
            and (word in near or any(word[:i] + word[i + 1 :] in near for i in range(len(word))))
        ]
        return cls(forms, typos, [word for word in maybe if _another_word(word, lexicon)])

    def near(self, token: str) -> str | None:
        """The word of the vocabulary one typing slip away from `token`, if any."""
        for variant in (token, *_deletions(token)):
            near = self.typos.get(variant)
            if near is not None and _one_edit(token, near):
                return near
        for variant in _deletions(token):  # a letter typed twice: « livraisson »
            if len(variant) >= TYPO_MIN and variant in self.forms:
                return variant
        return None

    def lemma(self, token: str) -> str | None:
        """The head lemma of a folded token, or None when the vocabulary lacks it."""
        found = self.forms.get(token)
        if found is not None:
            return found
        if len(token) >= TYPO_MIN and not token.isdigit() and token not in self.words:
            near = self.near(token)
            if near is not None:
                return self.forms[near]
        return None


# Past participles and adjectives are their own lemmas in simplemma (« cassé »,
# « fendu », « rempli »): they join the family of their verb.
_PARTICIPLE_ENDINGS = (
    ("ees", "er"),
    ("ee", "er"),
    ("es", "er"),
    ("e", "er"),
    ("ue", "re"),
    ("us", "re"),
    ("u", "re"),
    ("ies", "ir"),
    ("ie", "ir"),
    ("is", "ir"),
    ("i", "ir"),
)


def _head(lemma: str, heads: dict[str, str]) -> str | None:
    if lemma in heads:
        return heads[lemma]
    for ending, infinitive in _PARTICIPLE_ENDINGS:
        if lemma.endswith(ending) and len(lemma) > len(ending) + 2:
            verb = lemma[: -len(ending)] + infinitive
            if verb in heads:
                return heads[verb]
    return None


# For negation and sentences only: every word is its own lemma.
EMPTY_LEXICON = Lexicon({}, {})


ENDING = 3  # a real word may differ from a word of the vocabulary in its last letters


def _another_word(word: str, lexicon: Lexicon) -> bool:
    """A real French word whose nearest word of the vocabulary differs before its ending."""
    near = lexicon.near(word)
    if near is None:
        return False
    same = next(
        (i for i, (a, b) in enumerate(zip(word, near, strict=False)) if a != b),
        min(len(word), len(near)),
    )
    return same < min(len(word), len(near)) - ENDING


def _one_edit(a: str, b: str) -> bool:
    """One letter added, dropped or changed: a typing slip, not another word."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def typing_slip(a: str, b: str) -> bool:
    """`a` is `b` with one letter added, dropped, changed, or two letters swapped."""
    if len(a) == len(b) and a != b:
        diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]:
            return a[diff[1]] == b[diff[0]]  # « arnaqeuur »: two letters swapped
    return _one_edit(a, b)


def _deletions(word: str) -> Iterator[str]:
    for index in range(len(word)):
        yield word[:index] + word[index + 1 :]


_LEXICONS: dict[str, Lexicon] = {}
_CODE = (Path(__file__), DATA)


def lexicon_for(texts: list[str], sources: list[Path], cache: Cache | None) -> Lexicon:
    """The lexicon of these texts, from memory, the disk cache, or built (and cached)."""
    import simplemma

    identity: list[Any] = [__version__, getattr(simplemma, "__version__", "")]
    identity += [[str(p), *file_stamp(p)] for p in (*_CODE, *sources)]
    key = repr(identity)
    if key in _LEXICONS:
        return _LEXICONS[key]
    store = cache or Cache(None)
    stored = store.get("lexicon", "fr", identity)
    if isinstance(stored, list) and len(stored) == 3:
        lexicon = Lexicon(*stored)
    else:
        lexicon = Lexicon.build(texts)
        store.put("lexicon", "fr", identity, [lexicon.forms, lexicon.typos, sorted(lexicon.words)])
    _LEXICONS[key] = lexicon
    return lexicon


_STARS = lazy_compile(r"[★☆✩✪✫✬✭✮✯⭐]+")


def analyse(text: str, lexicon: Lexicon, plain: bool = False) -> list[Word]:
    """The content words of a text, in order, with their lemma and negation.

    `plain`: the words as written, for negation and sentences only (the checker reads a
    merchant's reply, not SMS) — no data file is read.
    """
    folded = fold(text)
    words: list[Word] = []
    spms = {} if plain else sms_spellings()
    for number, (low, high) in enumerate(split_sentences(folded)):
        tokens: list[tuple[str, int, int]] = []
        # A rating (« ★☆☆☆☆ ») is a review: it reads as the word « étoile ».
        for match in _STARS.finditer(folded, low, high):
            tokens.append(("etoile", match.start(), match.end()))
        for match in _WORD.finditer(folded, low, high):
            expanded = spms.get(match.group())
            if expanded:
                tokens += [(part, match.start(), match.end()) for part in expanded]
            else:
                tokens.append((match.group(), match.start(), match.end()))
        tokens.sort(key=lambda token: token[1])
        tokens = _mark_colons(folded, tokens) if plain else _join_locutions(tokens)
        words += _sentence_words(tokens, number, lexicon, plain)
    return words


def _mark_colons(folded: str, tokens: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """A colon between two words, as a token of its own: a negation does not cross it.

    « Vous n'avez rien à faire : nous reprenons contact » denies nothing we do.
    """
    marked: list[tuple[str, int, int]] = []
    for index, token in enumerate(tokens):
        if index and ":" in folded[tokens[index - 1][2] : token[1]]:
            marked.append((":", token[1], token[1]))
        marked.append(token)
    return marked


def _join_locutions(tokens: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    known = locutions()
    joined: list[tuple[str, int, int]] = []
    index = 0
    while index < len(tokens):
        for words, read in known.get(tokens[index][0], ()):
            size = len(words)
            if tuple(token for token, _, _ in tokens[index : index + size]) == words:
                start, end = tokens[index][1], tokens[index + size - 1][2]
                joined += [(part, start, end) for part in read]
                index += size
                break
        else:
            joined.append(tokens[index])
            index += 1
    return joined


# « c'est à nous de le prendre en charge, pas au fabricant »: a contrast, not a denial.
_CONTRAST = frozenset(
    """a au aux le la les l un une des moi toi lui elle nous vous eux elles mon ma mes votre
    vos notre nos ton ta tes son sa ses ce cette ces chez""".split()  # noqa: SIM905
)
# These deny what follows them (« aucun remboursement », « rien reçu »), not the verb.
_OBJECT_NEGATORS = frozenset({"aucun", "aucune", "rien", "ni"})
_CLAUSE_BREAK = frozenset({"mais", "et", "car", "donc", "alors", "puis", "parce", "quand", ":"})


def _sentence_words(
    tokens: list[tuple[str, int, int]], number: int, lexicon: Lexicon, plain: bool = False
) -> list[Word]:
    """Content words of one sentence, negation marked.

    Within « ne … pas/plus/rien/jamais » the content words are negated; when there are
    none (« je n'ai pas reçu »), the first content word after the negator is; « pas de X »
    negates X; without « ne » (« ça marche pas »), the content word just before.
    """
    negated: set[int] = set()
    nothing: set[int] = set()  # « rien » that denies no word of its own: « toujours rien »
    only: set[int] = set()  # the « que » of « ne … que », read as « seulement »
    opened: int | None = None
    for index, (token, _, _) in enumerate(tokens):
        if token in ("ne", "n"):
            opened = index
            continue
        if token in _CLAUSE_BREAK:
            opened = None
            continue
        if token == "que" and index and tokens[index - 1][0] in ("quoi", "qui", "ou"):
            continue  # « ne m'a prévenu de quoi que ce soit »: no « only »
        if token == "que" and opened is not None:
            if not plain:
                only.add(index)  # « je n'ai reçu que 89 € »: only, not none
            opened = None  # « ne couvre que les défauts, pas la casse »: « pas » is apart
            continue
        if token not in NEGATORS:
            continue
        if (
            token in ("plus", "rien", "ni", "guere")
            and opened is None
            and (token == "plus" or index + 1 >= len(tokens))
        ):
            if token == "rien":
                nothing.add(index)  # « toujours rien »
            continue  # « plus de deux semaines », « en plus »: no negation
        inside = range(opened + 1, index) if opened is not None else range(0)
        content_inside = [i for i in inside if _is_content(tokens[i][0])]
        if token in _OBJECT_NEGATORS:
            content_inside = []  # « ne fait l'objet d'aucune reprise »: the reprise is denied
        if content_inside:
            negated.update(content_inside)
        else:
            # A merchant's reply chains modal words (« ne sommes pas en mesure de
            # procéder ») further than a customer's message (« pas reçu »).
            after = _next_content(tokens, index + 1, 5 if plain else 3, not plain)
            if after is not None:
                negated.add(after)
            elif opened is None:
                before = _previous_content(tokens, index - 1)
                if before is not None:
                    negated.add(before)
                elif token == "rien":
                    nothing.add(index)
            elif token == "rien":
                nothing.add(index)  # « il n'y a rien »
        following = tokens[index + 1][0] if index + 1 < len(tokens) else ""
        if opened is None and token == "pas" and following not in _CONTRAST:
            before = _previous_content(tokens, index - 1)
            if before is not None and before == index - 1:
                negated.add(before)  # « ça marche pas », « reçu pas »
        opened = None
    if plain:
        negated |= _literary_negation(tokens)
    words = []
    generic = frozenset() if plain else generic_words()
    for index, (token, start, end) in enumerate(tokens):
        if index in nothing and not plain:
            words.append(Word("rien", True, start, end, number))
            continue
        if index in only:
            words.append(Word("seulement", False, start, end, number))
            continue
        if token.isdigit():
            words.append(Word(token, False, start, end, number, generic=True))
            continue
        if not _is_content(token):
            continue
        lemma = lexicon.lemma(token) or token
        words.append(Word(lemma, index in negated, start, end, number, lemma in generic))
    return words


# « Nous ne pourrons intervenir », « nous ne saurions accepter »: written French drops
# « pas » after these verbs; the verb that follows is denied all the same.
_LITERARY_MODALS = frozenset(
    """peux peut pouvons pouvez peuvent pourra pourrai pourrons pourrez pourront pourrait
    pourrions pourraient saurait saurions sauraient saurais saurai saurons ose osons
    cesse cessons""".split()  # noqa: SIM905
)


# Right after the verb, these link nothing: « ne peut donc être annulé ».
_ADVERB_LINKS = frozenset({"donc", "alors"})


def _literary_negation(tokens: list[tuple[str, int, int]]) -> set[int]:
    found: set[int] = set()
    for index, (token, _, _) in enumerate(tokens[:-1]):
        if token not in ("ne", "n") or tokens[index + 1][0] not in _LITERARY_MODALS:
            continue
        start = index + 2
        while start < len(tokens) and tokens[start][0] in _ADVERB_LINKS:
            start += 1  # « ne pouvons donc accepter »: « donc » is an adverb here
        ahead = [t for t, _, _ in tokens[start : start + 5]]
        if any(t in NEGATORS or t in _CLAUSE_BREAK or t == "que" for t in ahead):
            continue  # « ne peut pas », « ne peut que »: the usual forms, read elsewhere
        after = _next_content(tokens, start, 5)
        if after is not None:
            found.add(after)
    return found


def _is_content(token: str) -> bool:
    return token not in STOPWORDS and token not in NEGATORS and not token.isdigit() and token != ":"


def _next_content(
    tokens: list[tuple[str, int, int]], start: int, reach: int = 3, over_numbers: bool = False
) -> int | None:
    """The next content word within `reach` small words; `over_numbers`: amounts do not
    count (« pas les 5,90 de livraison » denies the delivery)."""
    index, seen = start, 0
    while index < len(tokens) and seen < reach:
        token = tokens[index][0]
        if token in _CLAUSE_BREAK:
            return None
        if _is_content(token):
            return index
        if not (over_numbers and token.isdigit()):
            seen += 1
        index += 1
    return None


def _previous_content(tokens: list[tuple[str, int, int]], start: int) -> int | None:
    for index in range(start, max(start - 2, -1), -1):
        token = tokens[index][0]
        if token in _CLAUSE_BREAK:
            return None
        if _is_content(token):
            return index
    return None
