"""The reply checker: wording rules (data), the five steps, French typography.

`reponse draft` runs `check_text` on every render and `playbooks validate` on every
example, so this module stays light: yaml is imported only when rule files are read, and
the compiled rules are kept for the life of the process.

Rules live in YAML files (built-in `rules/`, the user's data folder, `--rules DIR`).
Their patterns use a small language compiled to regular expressions, matched on a
*folded* copy of the text — lower case, no accents, one kind of apostrophe — that has
exactly the same length as the original, so every match maps back to a line and column.
"""

from __future__ import annotations

import os
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reponse_cli.errors import ReponseError, did_you_mean
from reponse_cli.french import NBSP, NNBSP, typography

STEPS = ("greeting", "apology", "solution", "follow_up", "closing")
SEVERITIES = {
    "error": "error",
    "erreur": "error",
    "warning": "warning",
    "avertissement": "warning",
    "attention": "warning",
}
DETECTORS = ("capitals", "tutoiement", "typography-punctuation", "typography-quotes")
POSITIONS = ("anywhere", "start", "end")
SCOPES = ("sentence", "paragraph", "text")
RULE_KEYS = (
    "id",
    "category",
    "severity",
    "patterns",
    "regex",
    "unless",
    "only_if",
    "scope",
    "case_sensitive",
    "detector",
    "allow",
    "min_words",
    "step",
    "position",
    "suggestion",
    "why",
    "enabled",
)
FILE_KEYS = ("words", "rules")
RULE_SUFFIXES = (".yaml", ".yml")

# --- folding: lower case, no accents, straight apostrophes, same length --------------

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


# --- the pattern language ---------------------------------------------------------------
#
#   words            matched as whole words, case and accents ignored; a word of four
#                    letters or more also matches its feminine/plural (« trompé »
#                    finds « trompée », « trompés »)
#   (mot)            optional: « c'est (de) votre faute », « trompé(e) »
#   [a|b c]          one of the alternatives: « [rembourser|échanger] »
#   …  or  ...       a gap of up to four words, inside one sentence (« …… »: eight)
#   mot*             any ending: « rembours* »
#   {nom}            one of the alternatives listed under `words:` in a rule file
#   ' and -          any apostrophe, a space or nothing (« c est », « cest »); a hyphen
#                    or a space (« calmez vous »)
#   \x               the character x itself

# Between two words: spaces, a comma or a hyphen; after an apostrophe, maybe nothing.
SEP = r"[\s,-]+"
SEP_AFTER_APOSTROPHE = r"[\s,-]*"
_GAP_WORDS = 4  # per « … »; « …… » allows twice as many


def _gap(words: int, first: str = SEP) -> str:
    return rf"{first}(?:[^\s.!?;]+{SEP}){{0,{words}}}?"


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
    return re.sub("oe|œ", "(?:oe|œ)", re.escape(word))


class _PatternParser:
    """Turns one pattern of the rule language into a regular expression (on folded text)."""

    def __init__(self, source: str, words: dict[str, list[str]], stack: tuple[str, ...] = ()):
        self.source = fold(source.strip())
        self.words = words
        self.stack = stack
        self.pos = 0

    def compile(self) -> tuple[str, bool, tuple[frozenset[str], ...]]:
        """The regex, whether a match must start a word, and the words it needs.

        `required` is a list of word sets: every match contains a word of each set, so
        a text lacking one of them is skipped without running the regex.

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
        parts = []
        for seq, boundary in zip(alts, starts_word, strict=True):
            body = self._emit(seq, word_end=True)
            if boundary and len(alts) > 1 and not all(starts_word):
                body = r"(?<!\w)" + body
            if seq[-1][0] in ("word", "opt", "alt", "ref", "star"):
                body += r"(?!\w)"
            parts.append(body)
        regex = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
        if len(alts) == 1:
            required = tuple(w for node in alts[0] if (w := self._node_words(node)))
        else:
            union = self._required_alts(alts)
            required = (union,) if union else ()
        return regex, all(starts_word), required

    def _required_alts(self, alts: list[list[tuple[Any, ...]]]) -> frozenset[str] | None:
        found: set[str] = set()
        for seq in alts:
            words = self._required(seq)
            if words is None:
                return None
            found |= words
        return frozenset(found)

    def _required(self, seq: list[tuple[Any, ...]]) -> frozenset[str] | None:
        """Words one of which every match contains: a cheap test before the regex.

        Rare words make the better test: « vente » rather than « service ».
        """
        best: frozenset[str] | None = None

        def rank(words: frozenset[str]) -> tuple[int, int]:
            return (-sum(w in _COMMON for w in words), min(map(len, words)))

        for node in seq:
            words = self._node_words(node)
            if words and (best is None or rank(words) > rank(best)):
                best = words
        return best

    def _node_words(self, node: tuple[Any, ...]) -> frozenset[str] | None:
        """Words one of which this part of a pattern always contains, when that is sure."""
        if node[0] == "word":
            word = _stem(node[1])  # « fautif » is only sure to contain « faut »
            sure = len(word) >= 2 and "oe" not in word and "œ" not in word
            return frozenset([word]) if sure else None
        if node[0] == "alt":
            return self._required_alts(node[1])
        if node[0] == "ref" and node[1] not in self.stack:
            found: set[str] = set()
            for text in self.words[node[1]]:
                parser = _PatternParser(text, self.words, (*self.stack, node[1]))
                inner = parser._required_alts(parser._alternatives(closer=None))
                if inner is None:
                    return None
                found |= inner
            return frozenset(found) if found else None
        return None

    # parsing -------------------------------------------------------------------------

    def _alternatives(self, closer: str | None) -> list[list[tuple[Any, ...]]]:
        alts: list[list[tuple[Any, ...]]] = [[]]
        while self.pos < len(self.source):
            char = self.source[self.pos]
            if closer and char == closer:
                return alts
            if char in ")]}" and char != closer:
                raise PatternError(f"« {char} » sans ouverture correspondante")
            if char == "|":
                self.pos += 1
                alts.append([])
                continue
            self._item(alts[-1])
        if closer:
            raise PatternError(f"« {closer} » manquant")
        return alts

    def _item(self, seq: list[tuple[Any, ...]]) -> None:
        src, char = self.source, self.source[self.pos]
        if char.isspace() or char == "-":
            while self.pos < len(src) and (src[self.pos].isspace() or src[self.pos] == "-"):
                self.pos += 1
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
            while self.pos < len(src) and (src[self.pos].isalnum() or src[self.pos] == "_"):
                self.pos += 1
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
            for text in self.words[last[1]]:
                parser = _PatternParser(text, self.words, (*self.stack, last[1]))
                alts = parser._alternatives(closer=None)
                if any(seq and parser._ends_with_apostrophe(seq) for seq in alts):
                    return True
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
                alts = []
                for text in self.words[name]:
                    parser = _PatternParser(text, self.words, (*self.stack, name))
                    inner = parser._alternatives(closer=None)
                    alts.append(parser._emit_alts(inner, ends))
                out.append("(?:" + "|".join(alts) + ")")
            elif kind == "word":
                out.append(_inflect(node[1]) if ends else _word_regex(node[1]))
            elif kind == "apos":
                out.append(_APOS)
            elif kind == "star":
                out.append(r"\w*")
            else:
                out.append(re.escape(node[1]))
        return "".join(out)


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


class Matcher:
    """A compiled pattern: the regex, its left word boundary, the words it needs.

    The regex is compiled on first use: a pattern whose words are absent from every
    reply checked costs nothing (compiling all of them takes longer than a check).
    """

    __slots__ = ("_regex", "flags", "required", "source", "starts_word", "text")

    def __init__(
        self,
        source: str,
        text: str,
        starts_word: bool = False,
        required: tuple[frozenset[str], ...] = (),
        flags: int = 0,
    ) -> None:
        self.source, self.text, self.flags = source, text, flags
        self.starts_word, self.required = starts_word, required
        self._regex: re.Pattern[str] | None = None

    @property
    def regex(self) -> re.Pattern[str]:
        if self._regex is None:
            self._regex = re.compile(self.text, self.flags)
        return self._regex

    def spans(
        self, folded: str, low: int = 0, high: int | None = None
    ) -> Iterator[tuple[int, int]]:
        high = len(folded) if high is None else high
        for words in self.required:
            if not any(w in folded for w in words):
                return
        regex = self.regex
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

    def search(self, folded: str) -> bool:
        return next(self.spans(folded), None) is not None


_WORD_CHAR = re.compile(r"\w")


def compile_pattern(source: str, words: dict[str, list[str]] | None = None) -> Matcher:
    """One pattern of the rule language, compiled for folded text."""
    regex, starts_word, required = _PatternParser(source, words or {}).compile()
    return Matcher(source, regex, starts_word, required)


# --- rules ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """One compiled rule; `origin` is the file that last defined it."""

    id: str
    category: str
    severity: str
    suggestion: str
    why: str
    origin: str
    enabled: bool = True
    matchers: tuple[Matcher, ...] = ()
    raw: tuple[Matcher, ...] = ()
    unless: tuple[Matcher, ...] = ()
    only_if: tuple[Matcher, ...] = ()
    scope: str = "sentence"
    detector: str | None = None
    step: str | None = None
    position: str = "anywhere"
    allow: frozenset[str] = frozenset()
    min_words: int = 1
    case_sensitive: bool = False


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    files: tuple[Path, ...] = ()

    def get(self, rule_id: str) -> Rule | None:
        return next((rule for rule in self.rules if rule.id == rule_id), None)


class RulesError(ReponseError):
    """A rule file is broken; each problem is already `path:line: message`."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(
            "\n".join(problems),
            hint="Corrigez le fichier de règles (voir « reponse check --help »).",
        )
        self.problems = problems


def builtin_rules_dir() -> Path:
    from reponse_cli.library import resource_dir

    return resource_dir("rules")


def user_rules_dir() -> Path:
    from reponse_cli.config import data_dir

    return data_dir() / "rules"


def rule_dirs(dirs: list[Path] | None = None) -> list[Path]:
    """Folders (or files) in precedence order, highest first: like playbooks."""
    from reponse_cli.library import custom_dirs

    return [*custom_dirs(dirs, "REPONSE_RULES", "règles"), user_rules_dir(), builtin_rules_dir()]


def _rule_files(place: Path) -> list[Path]:
    if place.is_file():
        return [place]
    if not place.is_dir():
        return []
    return sorted(p for p in place.iterdir() if p.suffix in RULE_SUFFIXES and p.is_file())


_CACHE: dict[tuple[Any, ...], RuleSet] = {}


def load_rules(dirs: list[Path] | None = None) -> RuleSet:
    """Every rule in effect, compiled once per process (reloaded if a file changes).

    Reading the YAML and translating the patterns takes longer than a `reponse draft`
    can spare, so the translated rules are also kept on disk (see `cache.py`), keyed by
    the rule files' size and date and by this module's own.
    """
    files: list[Path] = []
    for place in reversed(rule_dirs(dirs)):  # lowest precedence first
        files += _rule_files(place)
    french = Path(__file__).with_name("french.py")  # suggestions go through typography()
    key = (_CACHE_FORMAT, str(Path(__file__)), *_stamp(Path(__file__)), *_stamp(french))
    key += tuple((str(p), *_stamp(p)) for p in files)
    if key not in _CACHE:
        _CACHE.clear()
        ruleset = _read_cached(key, files)
        if ruleset is None:
            ruleset = build_rules(files)
            _write_cached(key, ruleset)
        _CACHE[key] = ruleset
    return _CACHE[key]


def _stamp(path: Path) -> tuple[int, int]:
    try:
        stat = path.stat()
    except OSError:
        return (0, 0)
    return (stat.st_mtime_ns, stat.st_size)


_CACHE_FORMAT = 1  # bump when the shape below changes


def _cache_file() -> Path | None:
    from reponse_cli.cache import cache_dir

    folder = cache_dir()
    return folder / "rules.json" if folder else None


def _read_cached(key: tuple[Any, ...], files: list[Path]) -> RuleSet | None:
    """The rules as last compiled, if nothing changed since; never an error."""
    import json

    try:
        path = _cache_file()
        if path is None:
            return None
        stored = json.loads(path.read_text(encoding="utf-8"))
        if stored.get("key") != json.loads(json.dumps(key)):
            return None
        rules = []
        for data in stored["rules"]:
            for name in ("matchers", "unless", "only_if", "raw"):
                data[name] = tuple(
                    Matcher(source, text, starts, tuple(map(frozenset, required)), flags)
                    for source, text, starts, required, flags in data[name]
                )
            data["allow"] = frozenset(data["allow"])
            rules.append(Rule(**data))
        return RuleSet(tuple(rules), tuple(files))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write_cached(key: tuple[Any, ...], ruleset: RuleSet) -> None:
    import json

    def matcher(m: Matcher) -> list[Any]:
        return [m.source, m.text, m.starts_word, [sorted(w) for w in m.required], m.flags]

    rules = []
    for rule in ruleset.rules:
        data = {name: getattr(rule, name) for name in Rule.__dataclass_fields__}
        for name in ("matchers", "unless", "only_if", "raw"):
            data[name] = [matcher(m) for m in data[name]]
        data["allow"] = sorted(rule.allow)
        rules.append(data)
    try:
        path = _cache_file()
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"key": key, "rules": rules}), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass


def _read_rule_file(path: Path) -> tuple[str, Any]:
    import yaml

    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise RulesError([f"{path}:1: le fichier n'est pas encodé en UTF-8"]) from None
    except OSError as error:
        raise RulesError([f"{path}:1: lecture impossible ({error.strerror})"]) from None
    try:
        return text, yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = mark.line + 1 if mark else 1
        problem = getattr(error, "problem", None) or str(error)
        raise RulesError([f"{path}:{line}: YAML invalide : {problem}"]) from None


class _Locator:
    """Line numbers of a rule file's nodes, read only when there is an error to report."""

    def __init__(self, path: Path, text: str) -> None:
        self.path, self.text = path, text
        self._root: Any = None

    def _node(self) -> Any:
        if self._root is None:
            import yaml

            try:
                self._root = yaml.compose(self.text, Loader=yaml.SafeLoader)
            except yaml.YAMLError:  # pragma: no cover - safe_load already succeeded
                self._root = False
        return self._root

    def at(self, *where: Any) -> str:
        node = self._node()
        line = node.start_mark.line + 1 if node else 1
        for step in where:
            child = None
            if isinstance(step, int) and hasattr(node, "value") and isinstance(node.value, list):
                if 0 <= step < len(node.value) and not isinstance(node.value[step], tuple):
                    child = node.value[step]
            elif hasattr(node, "value") and isinstance(node.value, list):
                for key, value in (v for v in node.value if isinstance(v, tuple)):
                    if getattr(key, "value", None) == step:
                        child = value
                        line = key.start_mark.line + 1
                        break
            if child is None:
                break
            node = child
            line = node.start_mark.line + 1
        return f"{self.path}:{line}"


def build_rules(files: list[Path]) -> RuleSet:
    """Merge rule files (lowest precedence first) by id, field by field, then compile."""
    merged: dict[str, dict[str, Any]] = {}
    origins: dict[str, dict[str, tuple[_Locator, tuple[Any, ...]]]] = {}
    words: dict[str, list[str]] = {}
    word_origin: dict[str, tuple[_Locator, tuple[Any, ...]]] = {}
    order: list[str] = []
    problems: list[str] = []
    for path in files:
        text, data = _read_rule_file(path)
        where = _Locator(path, text)
        if data is None:
            continue
        rules_data: Any
        rules_key: tuple[Any, ...]
        if isinstance(data, list):
            rules_data, rules_key = data, ()
        elif isinstance(data, dict):
            for key in data:
                if key not in FILE_KEYS:
                    problems.append(
                        f"{where.at(key)}: clé inconnue « {key} »."
                        f"{did_you_mean(str(key), list(FILE_KEYS))} "
                        "Un fichier de règles contient « words » et « rules »."
                    )
            rules_data, rules_key = data.get("rules") or [], ("rules",)
            for name, values in (data.get("words") or {}).items():
                if isinstance(values, str):
                    values = [values]
                if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                    problems.append(
                        f"{where.at('words', name)}: la liste « {name} » doit être "
                        "une liste de textes"
                    )
                    continue
                words[str(name)] = values
                word_origin[str(name)] = (where, ("words", name))
        else:
            problems.append(f"{path}:1: un fichier de règles est une liste de règles")
            continue
        if not isinstance(rules_data, list):
            problems.append(f"{where.at(*rules_key)}: « rules » doit être une liste de règles")
            continue
        seen: set[str] = set()
        for index, item in enumerate(rules_data):
            at = (*rules_key, index)
            if not isinstance(item, dict):
                problems.append(f"{where.at(*at)}: une règle est un dictionnaire (id, patterns…)")
                continue
            rule_id = item.get("id")
            if not isinstance(rule_id, str) or not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", rule_id):
                problems.append(
                    f"{where.at(*at)}: chaque règle a un « id » en minuscules, "
                    "chiffres et tirets (par exemple : faute-client)"
                )
                continue
            if rule_id in seen:
                problems.append(f"{where.at(*at, 'id')}: id « {rule_id} » en double")
                continue
            seen.add(rule_id)
            for key in item:
                if key not in RULE_KEYS:
                    problems.append(
                        f"{where.at(*at, key)}: clé inconnue « {key} » dans la règle "
                        f"{rule_id}.{did_you_mean(str(key), list(RULE_KEYS))}"
                    )
            if rule_id not in merged:
                merged[rule_id] = {}
                origins[rule_id] = {}
                order.append(rule_id)
            merged[rule_id].update(item)
            for key in item:
                origins[rule_id][key] = (where, (*at, key))
            origins[rule_id]["id"] = (where, (*at, "id"))
    if problems:
        raise RulesError(problems)

    compiled: list[Rule] = []
    for rule_id in order:
        try:
            compiled.append(_compile_rule(merged[rule_id], words, origins[rule_id]))
        except RulesError as error:
            problems += error.problems
    for name, values in words.items():
        for value in values:
            try:
                _PatternParser(value, words, (name,))._alternatives(closer=None)
            except PatternError as error:
                problems.append(f"{word_origin[name][0].at(*word_origin[name][1])}: {error}")
    if problems:
        raise RulesError(problems)
    return RuleSet(tuple(compiled), tuple(files))


def _strings(value: Any) -> list[str] | None:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    return None


def _compile_rule(
    data: dict[str, Any],
    words: dict[str, list[str]],
    origins: dict[str, tuple[_Locator, tuple[Any, ...]]],
) -> Rule:
    rule_id = data["id"]
    problems: list[str] = []

    def at(key: str) -> str:
        locator, where = origins.get(key) or origins["id"]
        return locator.at(*where)

    def fail(key: str, message: str) -> None:
        problems.append(f"{at(key)}: règle {rule_id} : {message}")

    enabled = data.get("enabled", True)
    if not isinstance(enabled, bool):
        fail("enabled", "« enabled » vaut true ou false")
        enabled = True
    severity = SEVERITIES.get(str(data.get("severity", "")).lower())
    if severity is None:
        fail("severity", "« severity » vaut error ou warning")
    texts: dict[str, str] = {}
    for key in ("category", "suggestion", "why"):
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            fail(key, f"« {key} » manque (un texte)")
        else:
            texts[key] = value.strip()
    detector = data.get("detector")
    if detector is not None and detector not in DETECTORS:
        fail("detector", f"détecteur inconnu « {detector} » ({', '.join(DETECTORS)})")
    step = data.get("step")
    if step is not None and step not in STEPS:
        fail("step", f"étape inconnue « {step} » ({', '.join(STEPS)})")
    position = data.get("position", "anywhere")
    if position not in POSITIONS:
        fail("position", f"« position » vaut {', '.join(POSITIONS)}")
    scope = data.get("scope", "sentence")
    if scope not in SCOPES:
        fail("scope", f"« scope » vaut {', '.join(SCOPES)}")
    min_words = data.get("min_words", 1)
    if not isinstance(min_words, int) or isinstance(min_words, bool) or min_words < 1:
        fail("min_words", "« min_words » est un nombre entier positif")
        min_words = 1
    case_sensitive = data.get("case_sensitive", False)
    if not isinstance(case_sensitive, bool):
        fail("case_sensitive", "« case_sensitive » vaut true ou false")

    lists: dict[str, list[str]] = {}
    for key in ("patterns", "regex", "unless", "only_if", "allow"):
        values = _strings(data.get(key))
        if values is None:
            fail(key, f"« {key} » est une liste de textes")
            values = []
        lists[key] = values

    def patterns(key: str) -> tuple[Matcher, ...]:
        found = []
        for index, source in enumerate(lists[key]):
            try:
                found.append(compile_pattern(source, words))
            except PatternError as error:
                locator, where = origins.get(key) or origins["id"]
                problems.append(
                    f"{locator.at(*where, index)}: règle {rule_id} : motif « {source} » : {error}"
                )
        return tuple(found)

    matchers = patterns("patterns")
    raw: list[Matcher] = []
    for index, source in enumerate(lists["regex"]):
        try:
            re.compile(source, re.MULTILINE)  # reported now, used lazily
            raw.append(Matcher(source, source, flags=re.MULTILINE))
        except re.error as error:
            locator, where = origins.get("regex") or origins["id"]
            problems.append(
                f"{locator.at(*where, index)}: règle {rule_id} : expression régulière "
                f"« {source} » invalide ({error})"
            )
    unless = patterns("unless")
    only_if = patterns("only_if")
    if detector is None and not matchers and not raw and enabled:
        fail("id", "il faut au moins un motif (« patterns » ou « regex ») ou un « detector »")
    if problems:
        raise RulesError(problems)
    return Rule(
        id=rule_id,
        category=texts["category"],
        severity=severity or "warning",
        suggestion=typography(texts["suggestion"]),
        why=typography(texts["why"]),
        origin=str(origins["id"][0].path),
        enabled=enabled,
        matchers=matchers,
        raw=tuple(raw),
        unless=unless,
        only_if=only_if,
        scope=scope,
        detector=detector,
        step=step,
        position=position,
        allow=frozenset(fold(w).strip() for w in lists["allow"]),
        min_words=min_words,
        case_sensitive=case_sensitive is True,
    )


# --- findings ---------------------------------------------------------------------------


@dataclass
class Finding:
    rule: str
    category: str
    severity: str
    line: int
    column: int
    excerpt: str
    suggestion: str
    message: str
    start: int = 0
    end: int = 0
    step: str | None = None  # for a missing step: which one

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "rule": self.rule,
            "category": self.category,
            "severity": self.severity,
            "line": self.line,
            "column": self.column,
            "excerpt": self.excerpt,
            "suggestion": self.suggestion,
            "message": self.message,
        }
        if self.step:
            data["step"] = self.step  # a missing step; line 0: the reply as a whole
        return data


@dataclass
class CheckResult:
    findings: list[Finding] = field(default_factory=list)
    steps: dict[str, bool] = field(default_factory=dict)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def ok(self) -> bool:
        """No error; warnings are advice, `--strict` makes them count."""
        return not self.errors

    def as_json(self, strict: bool = False) -> dict[str, Any]:
        return {
            "ok": not self.findings if strict else self.ok,
            "findings": [f.as_json() for f in self.findings],
            "steps": {step: self.steps.get(step, False) for step in STEPS},
            "counts": {"error": len(self.errors), "warning": len(self.warnings)},
        }


_SENTENCE_END = re.compile(r"[.!?…]+(?=\s|$)|\n")
_PARAGRAPH_END = re.compile(r"\n[ \t\u00a0]*\n")


class _Text:
    """The reply, its folded twin and the positions the rules need."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.folded = fold(text)
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.lines = text.split("\n")
        # Lines quoting the customer's e-mail (« > … ») are not the agent's words.
        self.quoted_lines = {
            i for i, line in enumerate(self.lines) if line.lstrip().startswith(">")
        }
        nonempty = [i for i, line in enumerate(self.lines) if line.strip()]
        self.nonempty = nonempty
        self.signature_from: int | None = None  # first line after the closing formula

    def line_of(self, offset: int) -> int:
        return bisect_right(self.line_starts, offset) - 1

    def position(self, offset: int) -> tuple[int, int]:
        index = self.line_of(offset)
        return index + 1, offset - self.line_starts[index] + 1

    def span(self, start: int, end: int, scope: str) -> tuple[int, int]:
        if scope == "text":
            return 0, len(self.text)
        finder = _SENTENCE_END if scope == "sentence" else _PARAGRAPH_END
        left = 0
        for m in finder.finditer(self.text, 0, start):
            left = m.end()
        m = finder.search(self.text, end)
        right = m.start() if m else len(self.text)
        return left, right

    def region(self, position: str) -> tuple[int, int]:
        """Where a step is looked for: the first or last few non-empty lines, or all."""
        if position == "anywhere" or not self.nonempty:
            return 0, len(self.text)
        if position == "start":
            last = self.nonempty[min(2, len(self.nonempty) - 1)]
            return 0, self.line_starts[last] + len(self.lines[last])
        first = self.nonempty[max(0, len(self.nonempty) - 8)]
        return self.line_starts[first], len(self.text)


def excerpt(text: str, limit: int = 70) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _finding(rule: Rule, doc: _Text, start: int, end: int, **extra: Any) -> Finding:
    line, column = doc.position(start)
    values: dict[str, Any] = {
        "rule": rule.id,
        "category": rule.category,
        "severity": rule.severity,
        "line": line,
        "column": column,
        "excerpt": excerpt(doc.text[start:end]),
        "suggestion": rule.suggestion,
        "message": rule.why,
        "start": start,
        "end": end,
    }
    values.update(extra)
    return Finding(**values)


def _pattern_findings(rule: Rule, doc: _Text) -> Iterator[Finding]:
    spans: list[tuple[int, int]] = []
    for matcher in rule.matchers:
        spans += matcher.spans(doc.folded)
    source = doc.text if rule.case_sensitive else doc.folded
    for matcher in rule.raw:
        spans += matcher.spans(source)
    for start, end in spans:
        if doc.line_of(start) in doc.quoted_lines:
            continue
        if rule.unless or rule.only_if:
            left, right = doc.span(start, end, rule.scope)
            context = doc.folded[left:right]
            if any(m.search(context) for m in rule.unless):
                continue
            if rule.only_if and not any(m.search(context) for m in rule.only_if):
                continue
        yield _finding(rule, doc, start, end)


def _step_present(rule: Rule, doc: _Text) -> tuple[bool, int | None]:
    """Whether the step's signals appear where they should; the line of the last one."""
    low, high = doc.region(rule.position)
    found: int | None = None
    for matcher in rule.matchers:
        for start, _ in matcher.spans(doc.folded, low, high):
            if doc.line_of(start) not in doc.quoted_lines:
                found = max(found or 0, start)
                if rule.step != "closing":
                    return True, found
    source = doc.text if rule.case_sensitive else doc.folded
    for matcher in rule.raw:
        for start, _ in matcher.spans(source, low, high):
            if doc.line_of(start) not in doc.quoted_lines:
                found = max(found or 0, start)
                if rule.step != "closing":
                    return True, found
    return found is not None, found


def _missing_step(rule: Rule, doc: _Text) -> Finding:
    """Missing greeting points at the first line, missing closing at the last one."""
    if rule.step in ("greeting", "closing") and doc.nonempty:
        index = doc.nonempty[0] if rule.step == "greeting" else doc.nonempty[-1]
        start = doc.line_starts[index]
        end = start + len(doc.lines[index])
        return _finding(rule, doc, start, end, step=rule.step)
    return Finding(
        step=rule.step,
        rule=rule.id,
        category=rule.category,
        severity=rule.severity,
        line=0,
        column=0,
        excerpt="",
        suggestion=rule.suggestion,
        message=rule.why,
    )


# --- detectors that need more than a pattern ----------------------------------------

_LETTERS = re.compile(r"[^\W\d_]+")
_CIVILITY = {"m", "mme", "mlle", "madame", "monsieur", "mademoiselle", "me", "dr", "pr"}


def _capitals(rule: Rule, doc: _Text) -> Iterator[Finding]:
    """Runs of words in capitals; acronyms (`allow`), codes and names are not shouting."""
    for index, line in enumerate(doc.lines):
        if index in doc.quoted_lines:
            continue
        if doc.signature_from is not None and index >= doc.signature_from:
            break  # the signature: « Camille MARTIN, ATELIER LUNA » is not a shout
        tokens = list(_LETTERS.finditer(line))
        for first, last in _capital_runs(line, tokens):
            run = tokens[first : last + 1]
            words = [m.group() for m in run if len(m.group()) >= 2]
            loud = [w for w in words if fold(w) not in rule.allow and set(w) != {"X"}]
            if not loud or len(loud) < rule.min_words:
                continue
            if len(words) == 1:
                if len(loud[0]) < 4 and loud[0].isascii():
                    continue  # NON, SAV, DPD: too short to tell a shout from a code
                if _looks_like_name(tokens, first, last, line):
                    continue
            base = doc.line_starts[index]
            yield _finding(rule, doc, base + run[0].start(), base + run[-1].end())


def _capital_runs(line: str, tokens: list[re.Match[str]]) -> Iterator[tuple[int, int]]:
    """Indexes (first, last) of consecutive words in capitals, codes (CMD-2026) left out."""
    first: int | None = None
    for position, token in enumerate(tokens):
        before = line[token.start() - 1] if token.start() else " "
        after = line[token.end()] if token.end() < len(line) else " "
        code = before.isdigit() or after.isdigit() or before in "-_" or after in "-_"
        joined = (
            first is not None
            and line[tokens[position - 1].end() : token.start()].strip(" ,'’\t:") == ""
        )
        if token.group().isupper() and not code:
            if first is not None and not joined:
                yield first, position - 1
                first = None
            if first is None:
                first = position
            continue
        if first is not None:
            yield first, position - 1
            first = None
    if first is not None:
        yield first, len(tokens) - 1


def _looks_like_name(tokens: list[re.Match[str]], first: int, last: int, line: str) -> bool:
    """« Camille MARTIN », « M. DUPONT », « MARTIN Camille »: a family name, not a shout.

    A capitalised neighbour counts only inside a sentence: « Merci BEAUCOUP » shouts.
    """
    if first > 0:
        prev = tokens[first - 1]
        if line[prev.end() : tokens[first].start()].strip(" .-") == "":
            word = prev.group()
            if word.lower() in _CIVILITY:
                return True
            opening = line[: prev.start()].rstrip()
            if word.istitle() and len(word) > 1 and opening and opening[-1] not in ".!?:…":
                return True
    if last + 1 < len(tokens):
        nxt = tokens[last + 1]
        if line[tokens[last].end() : nxt.start()].strip(" -") == "":
            word = nxt.group()
            if word.istitle() and len(word) > 1:
                return True
    return False


_TU = re.compile(
    r"(?<![\w'’])(?:(tu|te|toi|ton|ta|tes)(?![\w'’])|(t)['’](?=[^\W\d_]))", re.IGNORECASE
)
_VOUS = re.compile(r"(?<![\w'’])(?:vous|votre|vos)(?![\w'’])", re.IGNORECASE)
_TON_NOUN_BEFORE = {
    "le", "un", "ce", "du", "au", "mon", "son", "notre", "votre", "leur", "bon", "haut",
    "meme", "quel", "cet", "de", "d", "sur", "beau", "petit",
}  # fmt: skip
_QUOTED = re.compile(r"«[^»\n]*»|“[^”\n]*”|\"[^\"\n]*\"")


def _tutoiement(rule: Rule, doc: _Text) -> Iterator[Finding]:
    """« tu », « te », « ton »… in a reply written with « vous »: the customer notices."""
    text = doc.text
    quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(text)]

    def outside(offset: int) -> bool:
        if doc.line_of(offset) in doc.quoted_lines:
            return False
        return not any(a <= offset < b for a, b in quoted)

    hits = []
    for m in _TU.finditer(text):
        if not outside(m.start()):
            continue
        word = (m.group(1) or "t").lower()
        before = doc.folded[max(0, m.start() - 12) : m.start()].split()
        if before and before[-1].rstrip(".") in _CIVILITY and m.group()[0].isupper():
            continue  # « Monsieur Tu », « Mme Ta » : a family name
        if word == "ton":
            before = re.findall(r"[^\W\d_]+", doc.folded[max(0, m.start() - 20) : m.start()])
            if before and before[-1] in _TON_NOUN_BEFORE:
                continue
        hits.append(m)
    if not hits:
        return
    uses_vous = any(outside(m.start()) for m in _VOUS.finditer(text))
    for m in hits:
        if uses_vous:
            yield _finding(rule, doc, m.start(), m.end())
        else:
            yield _finding(
                rule,
                doc,
                m.start(),
                m.end(),
                severity="warning",
                message=typography(
                    "Cette réponse tutoie le client ; nos réponses vouvoient toujours."
                ),
            )


def typography_gaps(line: str) -> list[tuple[int, int, str]]:
    """Where `french.typography` would add or change a space: (start, end, mark).

    The fix itself is `typography`; this only locates what it would change, by walking
    the line and its fixed version side by side (it only ever inserts or swaps one
    space next to a mark, and drops trailing spaces).
    """
    fixed = typography(line)
    if fixed == line:
        return []
    gaps: list[tuple[int, int, str]] = []
    i = j = 0
    while i < len(line) and j < len(fixed):
        a, b = line[i], fixed[j]
        if a == b:
            i += 1
            j += 1
            continue
        if b not in (NBSP, NNBSP):
            break  # not a change typography makes: stop rather than guess
        replaced = a in (" ", NBSP, NNBSP)
        if replaced and a in (NBSP, NNBSP):
            i += 1  # one no-break space for the other: both are acceptable
            j += 1
            continue
        where = i + 1 if replaced else i
        mark = line[where] if where < len(line) else ""
        if mark not in ";:!?»" and i > 0 and line[i - 1] == "«":
            mark = "«"
        gaps.append((i, where, mark))
        i += 1 if replaced else 0
        j += 1
    return gaps


def _typography(rule: Rule, doc: _Text, quotes: bool) -> Iterator[Finding]:
    for index, line in enumerate(doc.lines):
        if index in doc.quoted_lines or not any(c in line for c in ";:!?«»"):
            continue
        base = doc.line_starts[index]
        for start, where, mark in typography_gaps(line):
            if (mark in "«»") != quotes:
                continue
            if mark == "«":
                # From the opening quote to the end of the word after it.
                left, right = start - 1, where
                while right < len(line) and not line[right].isspace() and right - left < 20:
                    if line[right] == "»":
                        break
                    right += 1
            else:
                # From the word before to the end of the marks: « commande: », « vrai ?! ».
                left = start
                while left > 0 and not line[left - 1].isspace() and start - left < 20:
                    left -= 1
                    if line[left] == "»":
                        break
                right = where
                while right < len(line) and line[right] in ";:!?»":
                    right += 1
            yield _finding(rule, doc, base + left, base + max(right, where + 1))


# --- checking ---------------------------------------------------------------------------

_RANK = {"error": 2, "warning": 1}


def check_text(text: str, rules: RuleSet | None = None) -> CheckResult:
    """Every finding in a reply and which of the five steps it contains."""
    ruleset = rules if rules is not None else load_rules()
    doc = _Text(text)
    findings: list[Finding] = []
    steps: dict[str, bool] = {}
    for rule in ruleset.rules:
        if rule.step is None:
            continue
        present, at = _step_present(rule, doc)
        steps[rule.step] = steps.get(rule.step, False) or present
        if rule.step == "closing" and at is not None:
            doc.signature_from = doc.line_of(at) + 1
    for rule in ruleset.rules:
        if rule.step is not None:
            if rule.enabled and not steps.get(rule.step, False) and text.strip():
                findings.append(_missing_step(rule, doc))
            continue
        if not rule.enabled:
            continue
        if rule.detector == "capitals":
            findings += _capitals(rule, doc)
        elif rule.detector == "tutoiement":
            findings += _tutoiement(rule, doc)
        elif rule.detector in ("typography-punctuation", "typography-quotes"):
            findings += _typography(rule, doc, quotes=rule.detector == "typography-quotes")
        else:
            findings += _pattern_findings(rule, doc)
    return CheckResult(_dedupe(findings), steps)


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """One finding per place: a rule's overlapping matches, or twin rules on one span."""
    ordered = sorted(findings, key=lambda f: (f.start, -(f.end - f.start)))
    kept: list[Finding] = []
    for finding in ordered:
        if finding.category == "typography":
            kept.append(finding)  # one finding per mark, even side by side
            continue
        clash = next(
            (
                k
                for k in kept
                if k.excerpt
                and finding.excerpt
                and (
                    (k.rule == finding.rule and k.start < finding.end and finding.start < k.end)
                    or (
                        k.category == finding.category
                        and k.step is None
                        and (k.start, k.end) == (finding.start, finding.end)
                    )
                )
            ),
            None,
        )
        if clash is None:
            kept.append(finding)
        elif _RANK[finding.severity] > _RANK[clash.severity]:
            kept[kept.index(clash)] = finding
    structure = [f for f in kept if f.line == 0]
    placed = sorted((f for f in kept if f.line), key=lambda f: (f.line, f.column, f.rule))
    return placed + structure


# --- fixing ---------------------------------------------------------------------------

_CDT_LINE = re.compile(
    r"^([ \t]*)(?:cdt|cdlt|cordt|crdt|cdmt)[ \t]*[.,]?[ \t]*$", re.IGNORECASE | re.MULTILINE
)


def fix_text(text: str) -> str:
    """The safe fixes only: French typography, and « Cdt » alone on its line.

    Words are never changed otherwise: the agent stays the author of the reply.
    """
    fixed = typography(text)
    return _CDT_LINE.sub(lambda m: m.group(1) + "Bien cordialement,", fixed)
