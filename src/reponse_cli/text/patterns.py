r"""The pattern language of rule files and escalation signals, compiled to regexes.

Patterns are matched on folded text (see `fold.py`):

  words            matched as whole words, case and accents ignored; a word of four
                   letters or more also matches its feminine/plural (« trompé »
                   finds « trompée », « trompés »)
  (mot)            optional: « c'est (de) votre faute », « trompé(e) »
  [a|b c]          one of the alternatives: « [rembourser|échanger] »
  …  or  ...       a gap of up to four words, inside one sentence (« …… »: eight)
  mot*             any ending: « rembours* »
  {nom}            one of the alternatives listed under `words:` in a rule file
  ' and -          any apostrophe, a space or nothing (« c est », « cest »); a hyphen
                   or a space (« calmez vous »)
  \x               the character x itself
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterator
from re import _constants, _parser  # type: ignore[attr-defined]  # loaded by re itself
from typing import Any

from reponse_cli.errors import did_you_mean
from reponse_cli.text.fold import fold
from reponse_cli.text.saferegex import compile_safe

# Between two words: spaces, a comma or a hyphen; after an apostrophe, maybe nothing.
SEP = r"[\s,-]+"
SEP_AFTER_APOSTROPHE = r"[\s,-]*"
_GAP_WORDS = 4  # per « … »; « …… » allows twice as many


def _gap(words: int, first: str = SEP) -> str:
    # A word of the gap ends at a space or at an elision: « écrit … émission » reads
    # « écrit à l'émission ».
    return rf"{first}(?:[^\s.!?;]+(?:{SEP}|'\s*)){{0,{words}}}?"


_APOS = r"(?:'\s*|\s+)?"
_INFLECTION = "e?s?"
# Words found in almost every reply: a poor test of whether a pattern can match.
_COMMON = frozenset(
    """vous nous votre notre vos nos pour avec dans service client cliente commande colis
    merci est pas les des une que qui sur par plus bien tout cette faire sont avez avons
    je il elle le la un de du au aux en et ou ce ne""".split()  # noqa: SIM905
)
# Words that never take a feminine or plural ending: no need to try one.
_INVARIABLE = frozenset(
    """vous nous sous dans avec pour plus mais sont etes avez avons votre notre leur cette
    sans tout tous tres bien deja jamais rien aucun aucune quand comme""".split()  # noqa: SIM905
)


class PatternError(ValueError):
    """A pattern that cannot be compiled; the message is French."""


def _word_regex(word: str) -> str:
    # « œ » and « oe » are the same letters to a customer typing on any keyboard.
    escaped = re.escape(word)
    return _OE.sub("(?:oe|œ)", escaped) if "oe" in word or "œ" in word else escaped


_OE = re.compile("oe|œ")
_SPACES = re.compile(r"[\s-]+")
_WORD_RUN = re.compile(r"[^\W]+")


class _PatternParser:
    """Turns one pattern of the rule language into a regular expression (on folded text)."""

    def __init__(
        self,
        source: str,
        words: dict[str, list[str]],
        stack: tuple[str, ...] = (),
        memo: dict[tuple[Any, ...], Any] | None = None,
    ):
        self.source = fold(source.strip())
        self.words = words
        self.stack = stack
        self.pos = 0
        # What a word list gives (its parse, its regex, its words), worked out once for
        # every pattern of a rule file: {service} is used by dozens of them.
        self.memo = {} if memo is None else memo

    def _remember(self, key: tuple[Any, ...], work: Any) -> Any:
        if key not in self.memo:
            self.memo[key] = work()
        return self.memo[key]

    def _entries(self, name: str) -> list[tuple[_PatternParser, list[list[tuple[Any, ...]]]]]:
        """Each entry of the word list `name`, parsed once: its parser and alternatives."""

        def parse() -> list[tuple[_PatternParser, list[list[tuple[Any, ...]]]]]:
            parsed = []
            for text in self.words[name]:
                parser = _PatternParser(text, self.words, (*self.stack, name), self.memo)
                parsed.append((parser, parser._alternatives(closer=None)))
            return parsed

        return self._remember(("entries", name), parse)

    def compile(self) -> tuple[Callable[[], str], bool, tuple[frozenset[str], ...]]:
        """How to write the regex, whether a match must start a word, the words it needs.

        `required` is a list of word sets: every match contains a word of each set, so
        a text lacking one of them is skipped without running the regex — and the regex
        is written only for a text that passes (most patterns never need it).

        The left word boundary is checked by the caller rather than by a leading
        lookbehind, which would stop `re` from scanning for the first letters quickly.
        """
        if not self.source:
            raise PatternError("motif vide")
        alts = self._alternatives(closer=None)
        if self.pos < len(self.source):
            raise PatternError(f"« {self.source[self.pos]} » inattendu")
        if any(not seq for seq in alts):
            raise PatternError("alternative vide")
        starts_word = [seq[0][0] in ("word", "opt", "alt", "ref") for seq in alts]

        def regex() -> str:
            parts = []
            for seq, boundary in zip(alts, starts_word, strict=True):
                body = self._emit(seq, word_end=True)
                if boundary and len(alts) > 1 and not all(starts_word):
                    body = r"(?<!\w)" + body
                if seq[-1][0] in ("word", "opt", "alt", "ref", "star"):
                    body += r"(?!\w)"
                parts.append(body)
            return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"

        if len(alts) == 1:
            seq = alts[0]
            required = tuple(w for index in range(len(seq)) if (w := self._words_at(seq, index)))
        else:
            union = self._required_alts(alts)
            required = (union,) if union else ()
        if any(c in self.source for c in ".!?;"):
            # A match may cross a sentence end here: its words need not meet in one.
            required = required[:1]
        return regex, all(starts_word), required

    def _required_alts(
        self, alts: list[list[tuple[Any, ...]]], glued: bool = False
    ) -> frozenset[str] | None:
        found: set[str] = set()
        for seq in alts:
            words = self._required(seq, glued)
            if words is None:
                return None
            found |= words
        return frozenset(found)

    def _required(self, seq: list[tuple[Any, ...]], glued: bool = False) -> frozenset[str] | None:
        """Words one of which every match contains: a cheap test before the regex.

        Rare words make the better test: « vente » rather than « service ». `glued`:
        what follows the sequence is stuck to its last word (« [rembours|échang]er »).
        """
        best: frozenset[str] | None = None

        def rank(words: frozenset[str]) -> tuple[int, int]:
            return (-sum(w.rstrip("*") in _COMMON for w in words), min(map(len, words)))

        for index in range(len(seq)):
            words = self._words_at(seq, index, glued)
            if words and (best is None or rank(words) > rank(best)):
                best = words
        return best

    def _words_at(
        self, seq: list[tuple[Any, ...]], index: int, glued: bool = False
    ) -> frozenset[str] | None:
        """The words the part at `index` of a sequence requires, read in context."""
        attached = glued if index == len(seq) - 1 else _attached(seq, index)
        words = self._node_words(seq[index], attached)
        if not words or index == 0 or seq[index - 1][0] in ("sep", "gap"):
            return words
        if seq[index - 1][0] != "apos":
            return None  # stuck to what comes before (« [rembours|échang]er »): no word start
        # « c'est » is also written « cest »: the word may be stuck to the one before.
        before = seq[index - 2] if index >= 2 else None
        if before is None or before[0] != "word" or seq[index][0] != "word":
            return None
        return words | {before[1] + w for w in words}

    def _node_words(self, node: tuple[Any, ...], glued: bool = False) -> frozenset[str] | None:
        """Words one of which this part of a pattern always contains, when that is sure.

        A word is matched with its endings (`WordIndex.has`); one stuck to what follows
        (« rembours* », « d'achat ») only as the start of a word: « rembours* »."""
        if node[0] == "word":
            word = _stem(node[1])  # « fautif » is only sure to contain « faut »
            sure = len(word) >= 2 and "oe" not in word and "œ" not in word
            return frozenset([word + "*" if glued else word]) if sure else None
        if node[0] == "alt":
            return self._required_alts(node[1], glued)
        if node[0] == "ref" and node[1] not in self.stack:
            name = node[1]

            def union() -> frozenset[str] | None:
                found: set[str] = set()
                for parser, alts in self._entries(name):
                    inner = parser._required_alts(alts, glued)
                    if inner is None:
                        return None
                    found |= inner
                return frozenset(found) if found else None

            return self._remember(("required", name, glued), union)
        return None

    # parsing -------------------------------------------------------------------------

    def _alternatives(self, closer: str | None) -> list[list[tuple[Any, ...]]]:
        alts: list[list[tuple[Any, ...]]] = [[]]
        while self.pos < len(self.source):
            char = self.source[self.pos]
            if closer and char == closer:
                _no_gap_at_end(alts[-1])
                return alts
            if char in ")]}" and char != closer:
                raise PatternError(f"« {char} » sans ouverture correspondante")
            if char == "|":
                _no_gap_at_end(alts[-1])
                self.pos += 1
                alts.append([])
                continue
            self._item(alts[-1])
        if closer:
            raise PatternError(f"« {closer} » manquant")
        _no_gap_at_end(alts[-1])
        return alts

    def _item(self, seq: list[tuple[Any, ...]]) -> None:
        src, char = self.source, self.source[self.pos]
        if char.isspace() or char == "-":
            self.pos = _SPACES.match(src, self.pos).end()  # type: ignore[union-attr]
            if seq and seq[-1][0] not in ("sep", "gap"):
                seq.append(("sep",))
            return
        if char == "'":
            self.pos += 1
            while self.pos < len(src) and src[self.pos].isspace():
                self.pos += 1
            seq.append(("apos",))
            return
        if char == "…" or src.startswith("...", self.pos):
            self.pos += 1 if char == "…" else 3
            if seq and seq[-1][0] == "sep":
                seq.pop()
            if not seq:
                raise PatternError("« … » ne peut pas commencer un motif")
            if seq[-1][0] == "gap":
                seq[-1] = ("gap", seq[-1][1] + _GAP_WORDS)
            else:
                seq.append(("gap", _GAP_WORDS))
            return
        if char in "([":
            closer = ")" if char == "(" else "]"
            self.pos += 1
            alts = self._alternatives(closer)
            self.pos += 1
            if not any(alts):
                raise PatternError(f"groupe vide « {char}{closer} »")
            seq.append(("opt" if char == "(" else "alt", alts))
            return
        if char == "{":
            end = src.find("}", self.pos)
            if end < 0:
                raise PatternError("« } » manquant")
            name = src[self.pos + 1 : end].strip()
            self.pos = end + 1
            if name not in self.words:
                known = list(self.words)
                raise PatternError(
                    f"liste de mots inconnue : {{{name}}}.{did_you_mean(name, known)}"
                )
            if name in self.stack:
                raise PatternError(f"la liste {{{name}}} se cite elle-même")
            seq.append(("ref", name))
            return
        if char == "*":
            self.pos += 1
            seq.append(("star",))
            return
        if char == "\\":
            if self.pos + 1 >= len(src):
                raise PatternError("« \\ » en fin de motif")
            seq.append(("lit", src[self.pos + 1]))
            self.pos += 2
            return
        if char.isalnum() or char == "_":
            start = self.pos
            self.pos = _WORD_RUN.match(src, start).end()  # type: ignore[union-attr]
            seq.append(("word", src[start : self.pos]))
            return
        seq.append(("lit", char))
        self.pos += 1

    # emitting ------------------------------------------------------------------------

    def _emit_alts(self, alts: list[list[tuple[Any, ...]]], word_end: bool) -> str:
        return "|".join(self._emit(seq, word_end) for seq in alts)

    def _emit(self, seq: list[tuple[Any, ...]], word_end: bool) -> str:
        """A sequence as a regex: chunks of attached parts, joined by separators.

        An optional chunk carries its own separator — after it at the start of the
        sequence or after a gap, before it elsewhere — so « (à) (le service de) poste »
        needs exactly one space between whatever words are present.
        """
        if seq and seq[-1][0] == "gap":
            raise PatternError("« … » ne peut pas finir un motif")
        chunks: list[list[tuple[Any, ...]] | tuple[Any, ...]] = [[]]
        for node in seq:
            if node[0] == "sep":
                chunks.append([])
            elif node[0] == "gap":
                chunks += [node, []]
            else:
                chunk = chunks[-1]
                assert isinstance(chunk, list)
                chunk.append(node)
        chunks = [c for c in chunks if c]
        out: list[str] = []
        at_start = True
        after_apostrophe = False  # the last chunk may end with « d' », « l' »…
        for index, chunk in enumerate(chunks):
            sep = SEP_AFTER_APOSTROPHE if after_apostrophe else SEP
            if isinstance(chunk, tuple):  # a gap
                out.append(_gap(chunk[1], sep))
                at_start, after_apostrophe = True, False
                continue
            ends = word_end if index == len(chunks) - 1 else True
            apostrophe = self._ends_with_apostrophe(chunk)
            if len(chunk) == 1 and chunk[0][0] == "opt":
                inner = self._emit_alts(chunk[0][1], ends)
                if at_start:
                    own = SEP_AFTER_APOSTROPHE if apostrophe else SEP
                    out.append(f"(?:(?:{inner}){own})?")
                else:
                    out.append(f"(?:{sep}(?:{inner}))?")
                    after_apostrophe = after_apostrophe or apostrophe
                continue
            if not at_start:
                out.append(sep)
            out.append(self._emit_chunk(chunk, ends))
            at_start, after_apostrophe = False, apostrophe
        return "".join(out)

    def _ends_with_apostrophe(self, chunk: list[tuple[Any, ...]]) -> bool:
        last = chunk[-1]
        if last[0] == "apos":
            return True
        if last[0] in ("opt", "alt"):
            return any(seq and self._ends_with_apostrophe(seq) for seq in last[1])
        if last[0] == "ref" and last[1] not in self.stack:
            name = last[1]
            return self._remember(
                ("apostrophe", name),
                lambda: any(
                    seq and parser._ends_with_apostrophe(seq)
                    for parser, alts in self._entries(name)
                    for seq in alts
                ),
            )
        return False

    def _emit_chunk(self, chunk: list[tuple[Any, ...]], word_end: bool) -> str:
        out: list[str] = []
        for index, node in enumerate(chunk):
            ends = word_end if index == len(chunk) - 1 else False
            kind = node[0]
            if kind == "opt":
                out.append(f"(?:{self._emit_alts(node[1], ends)})?")
            elif kind == "alt":
                out.append(f"(?:{self._emit_alts(node[1], ends)})")
            elif kind == "ref":
                name = node[1]
                out.append(
                    self._remember(
                        ("regex", name, ends),
                        lambda name=name, ends=ends: (
                            "(?:"
                            + "|".join(
                                parser._emit_alts(alts, ends)
                                for parser, alts in self._entries(name)
                            )
                            + ")"
                        ),
                    )
                )
            elif kind == "word":
                out.append(_inflect(node[1]) if ends else _word_regex(node[1]))
            elif kind == "apos":
                out.append(_APOS)
            elif kind == "star":
                out.append(r"\w*")
            else:
                out.append(re.escape(node[1]))
        return "".join(out)


def _no_gap_at_end(seq: list[tuple[Any, ...]]) -> None:
    if seq and seq[-1][0] == "sep":
        seq.pop()
    if seq and seq[-1][0] == "gap":
        raise PatternError("« … » ne peut pas finir un motif")


def _attached(seq: list[tuple[Any, ...]], index: int) -> bool:
    """Whether the part after `index` is stuck to it (no space, no gap between)."""
    return index + 1 < len(seq) and seq[index + 1][0] not in ("sep", "gap")


def _stem(word: str) -> str:
    """The part of a word every inflected form shares."""
    if len(word) >= 4 and word.isalpha() and word not in _INVARIABLE:
        if word.endswith("eux"):
            return word[:-3]
        if word.endswith("if"):
            return word[:-2]
    return word


def _inflect(word: str) -> str:
    """The word, its feminine and its plural: trompé(e)(s), éventuel(le)(s), fautif/fautive."""
    regex = _word_regex(word)
    if len(word) < 4 or not word.isalpha() or word in _INVARIABLE:
        return regex
    if word.endswith("eux"):
        return _word_regex(word[:-3]) + "(?:eux|euses?)"
    if word.endswith("if"):
        return _word_regex(word[:-2]) + "(?:ifs?|ives?)"
    if word.endswith(("el", "en", "et", "on")):
        return regex + f"(?:{word[-1]}?e)?s?"
    return regex + _INFLECTION


class WordIndex:
    """The words of a folded text and the sentences they are in.

    A pattern's required words are tested here rather than as substrings: « note »
    is not in « notre », « pas » not in « passe », « subi » not in « subir » — and
    since a match never crosses « . ! ? ; », the words must meet in one sentence. A
    regex then compiles only for a text that has a chance to match.
    """

    __slots__ = ("bases", "masks", "words")

    def __init__(self, folded: str) -> None:
        masks: dict[str, int] = {}
        for number, sentence in enumerate(_SENTENCE_STOPS.split(folded)):
            bit = 1 << number
            for word in _WORDS.findall(sentence):
                masks[word] = masks.get(word, 0) | bit
        # Each word under every form it may be the inflection of (« remises » under
        # « remises », « remise », « remis »): a pattern's word is then one look-up.
        bases: dict[str, int] = {}
        for word, mask in masks.items():
            for ending in _ENDINGS:
                if word.endswith(ending):
                    base = word[: len(word) - len(ending)]
                    bases[base] = bases.get(base, 0) | mask
        self.masks = masks
        self.bases = bases
        self.words = sorted(masks)

    def sentences(self, word: str) -> int:
        """The sentences (bits) holding the word with one of its endings, or, for
        « rembours* », any word that starts so."""
        if word.endswith("*"):
            start = word[:-1]
            found = 0
            for index in range(bisect_left(self.words, start), len(self.words)):
                if not self.words[index].startswith(start):
                    break
                found |= self.masks[self.words[index]]
            return found
        return self.bases.get(word, 0)

    def has(self, word: str) -> bool:
        return bool(self.sentences(word))


_WORDS = re.compile(r"\w+")
_SENTENCE_STOPS = re.compile(r"[.!?;]")
# Every ending `_inflect` lets a word take (feminine, plural, -eux/-euse, -if/-ive).
_ENDINGS = (
    *("", "e", "s", "es", "le", "les", "ne", "nes", "te", "tes"),
    *("eux", "euse", "euses", "if", "ifs", "ive", "ives"),
)


class Matcher:
    """A compiled pattern: the regex, its left word boundary, the words it needs.

    The regex is compiled on first use: a pattern whose words are absent from every
    reply checked costs nothing (compiling all of them takes longer than a check).
    `required`: sets of words (a word of each set starts a word of any match);
    `literals`: groups of pieces of text, every match of a raw regex holding a piece of
    each (`regex_literals`).
    A `safe` matcher holds a user's own regular expression and runs it with RE2
    (`saferegex.py`), which never backtracks.
    """

    __slots__ = (
        "_pieces",
        "_regex",
        "_text",
        "_write",
        "flags",
        "literals",
        "required",
        "safe",
        "source",
        "starts_word",
    )

    def __init__(
        self,
        source: str,
        text: str | None,
        starts_word: bool = False,
        required: tuple[frozenset[str], ...] = (),
        flags: int = 0,
        safe: bool = False,
        literals: tuple[tuple[str, ...], ...] = (),
        write: Callable[[], str] | None = None,
    ) -> None:
        self.source, self._text, self.flags = source, text, flags
        self._write = write  # writes the regex when `text` is not given
        self.starts_word, self.required, self.safe = starts_word, required, safe
        self.literals = literals
        # The same words as plain pieces of text, for a text without a `WordIndex`.
        self._pieces = tuple(tuple(w.rstrip("*") for w in needed) for needed in required)
        self._regex: Any = None

    @property
    def text(self) -> str:
        """The regular expression, written on first use."""
        if self._text is None:
            assert self._write is not None, self.source
            self._text = self._write()
            self._write = None
        return self._text

    @property
    def written(self) -> str | None:
        """The regular expression if it has been written already (for the disk cache)."""
        return self._text

    @property
    def regex(self) -> Any:
        if self._regex is None:
            self._regex = (
                compile_safe(self.text, self.flags)
                if self.safe
                else re.compile(self.text, self.flags)
            )
        return self._regex

    def possible(self, folded: str, words: WordIndex | None = None) -> bool:
        """Whether a match can exist at all: the cheap test before the regex."""
        for pieces in self.literals:
            for piece in pieces:
                if piece in folded:
                    break
            else:
                return False
        if words is not None:
            together = -1  # every sentence
            for needed in self.required:
                found = 0
                for word in needed:
                    found |= words.sentences(word)
                together &= found
                if not together:
                    return False
            return True
        return all(any(w in folded for w in pieces) for pieces in self._pieces)

    def spans(
        self, folded: str, low: int = 0, high: int | None = None, words: WordIndex | None = None
    ) -> Iterator[tuple[int, int]]:
        """Where the pattern matches; `words`, the index of a text that contains
        `folded`, makes the test before the regex sharper."""
        high = len(folded) if high is None else high
        if not self.possible(folded, words):
            return
        regex = self.regex
        if self.safe:
            # One pass: RE2 converts the text once per call, not once per match.
            for m in regex.finditer(folded, low, high):
                start, end = m.span()
                if end > start:
                    yield start, end
            return
        position = low
        while position < high:
            m = regex.search(folded, position, high)
            if m is None:
                return
            start, end = m.span()
            if self.starts_word and start > 0 and _WORD_CHAR.match(folded, start - 1):
                position = start + 1  # inside a word: look again just after
                continue
            if end > start:
                yield start, end
            position = max(end, start + 1)

    def search(self, folded: str, words: WordIndex | None = None) -> bool:
        return next(self.spans(folded, words=words), None) is not None


_WORD_CHAR = re.compile(r"\w")


def compile_pattern(
    source: str,
    words: dict[str, list[str]] | None = None,
    memo: dict[tuple[Any, ...], Any] | None = None,
) -> Matcher:
    """One pattern of the rule language, compiled for folded text. `memo`, shared by the
    patterns of one set of `words`, keeps what each word list gives."""
    write, starts_word, required = _PatternParser(source, words or {}, memo=memo).compile()
    return Matcher(source, None, starts_word, required, write=write)


def pattern_writer(
    source: str, words: dict[str, list[str]], memo: dict[tuple[Any, ...], Any]
) -> Callable[[], str]:
    """For a pattern read back from the cache: how to write its regex when needed."""
    return lambda: _PatternParser(source, words, memo=memo).compile()[0]()


def regex_literals(text: str, flags: int = 0) -> tuple[tuple[str, ...], ...]:
    """What every match of a regular expression contains, for the test before compiling
    it: groups of pieces of text, each match holding at least one piece of each group.

    A run of plain letters outside any group is a group of one piece; a group of
    alternatives (`(?:apres|au-dela de|passe)`) whose every branch holds such a run gives
    one piece a branch. Read with CPython's own parser of regular expressions, which
    parses without compiling; anything it cannot read, or a case-blind pattern, gives
    nothing.
    """
    if flags & re.IGNORECASE:
        return ()
    try:
        parsed = _parser.parse(text, flags)
    except Exception:  # a prefilter is an optimisation: never an error
        return ()
    if parsed.state.flags & re.IGNORECASE:
        return ()
    return tuple(dict.fromkeys(_required_groups(list(parsed))))


def _required_groups(items: list[Any]) -> list[tuple[str, ...]]:
    """The groups of pieces a parsed sequence needs (see `regex_literals`)."""
    groups: list[tuple[str, ...]] = []
    current: list[str] = []

    def close() -> None:
        run = "".join(current)
        current.clear()
        if _specific(run):
            groups.append((run,))

    for op, value in items:
        if op is _constants.LITERAL:
            current.append(chr(value))
            continue
        close()
        if op is _constants.SUBPATTERN:
            _group, add_flags, _del_flags, inner = value
            if not add_flags & re.IGNORECASE:
                groups += _required_groups(list(inner))
        elif op is _constants.BRANCH:
            pieces = []
            for branch in value[1]:
                best = max(
                    (g[0] for g in _required_groups(list(branch)) if len(g) == 1),
                    key=len,
                    default=None,
                )
                if best is None:
                    break  # a branch that needs nothing: the group needs nothing
                pieces.append(best)
            else:
                groups.append(tuple(dict.fromkeys(pieces)))
        elif op in (_constants.MAX_REPEAT, _constants.MIN_REPEAT) and value[0] >= 1:
            groups += _required_groups(list(value[2]))
    close()
    return groups


def _specific(run: str) -> bool:
    return len(run.strip()) >= 3 or _sign(run)


def _sign(run: str) -> bool:
    """A run with a character that is neither a letter, a digit nor a space (« {{ »,
    « [ », « $ », « ___ »): rare in a reply, so a sharp test even when short."""
    return any(not (c.isalnum() or c.isspace() or c in ".,'-") for c in run)


def check_alternatives(source: str, words: dict[str, list[str]], name: str) -> None:
    """Parse one entry of a `words:` list (PatternError if it is malformed)."""
    _PatternParser(source, words, (name,))._alternatives(closer=None)
