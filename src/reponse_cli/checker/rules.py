"""The checker's rules: data in YAML files, validated by a schema, compiled once.

Rules live in YAML files (built-in `rules/`, the user's data folder, `--rules DIR`, in
that order of increasing precedence). A rule with the id of an earlier one replaces it
field by field (`enabled: false` turns it off). The files are validated by msgspec, like
playbooks, with the same `path:line` French errors; patterns are compiled by the pattern
language of `text/patterns.py`. Compiled rules are cached on disk: reading the YAML and
translating the patterns takes longer than a draft can spare.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Annotated, Any, Literal

import msgspec

from reponse_cli.env import Environment
from reponse_cli.errors import RulesError
from reponse_cli.files.cache import Cache, file_stamp
from reponse_cli.files.read import folder_files, inside
from reponse_cli.files.resources import precedence, resource_dir
from reponse_cli.files.yaml import YamlDocument, convert, read_yaml
from reponse_cli.method import CHECKED_PARTS
from reponse_cli.text.fold import fold
from reponse_cli.text.french import typography
from reponse_cli.text.lemmas import expand_classes
from reponse_cli.text.patterns import (
    Matcher,
    PatternError,
    check_alternatives,
    compile_pattern,
    pattern_writer,
    regex_literals,
)
from reponse_cli.text.saferegex import PatternError as SafePatternError
from reponse_cli.text.saferegex import compile_safe

SEVERITIES = {
    "error": "error",
    "erreur": "error",
    "warning": "warning",
    "avertissement": "warning",
    "attention": "warning",
}
DETECTORS = (
    "capitals",
    "tutoiement",
    "typography-punctuation",
    "typography-quotes",
    "reponse-seche",
    "verdict-appris",
)
RULE_SUFFIXES = (".yaml", ".yml")
# What a frame asks of one sentence, each a list of classes: `all` present, `negated`
# within a negation, `affirmed` outside one, `none` absent, `directed` told to the
# customer (« contactez », « veuillez contacter »).
FRAME_KEYS = ("all", "negated", "affirmed", "none", "directed")


# --- the schema of a rule file ------------------------------------------------------


Strings = list[str] | str
Unset = msgspec.UnsetType
UNSET = msgspec.UNSET


def _doc(text: str) -> msgspec.Meta:
    return msgspec.Meta(description=text)


class RuleSpec(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """One rule as written; every field but `id` may come from an earlier file."""

    id: Annotated[
        str,
        msgspec.Meta(
            pattern=r"^[a-z0-9][a-z0-9_-]*$",
            description="Identifiant en minuscules, chiffres et tirets (faute-client).",
        ),
    ]
    category: Annotated[str, _doc("blame, refusal, legal, structure…")] | Unset = UNSET
    severity: Literal[tuple(SEVERITIES)] | Unset = UNSET  # type: ignore[valid-type]
    patterns: Annotated[Strings, _doc("Tournures à repérer.")] | Unset = UNSET
    regex: Annotated[Strings, _doc("Expressions régulières sur le texte replié.")] | Unset = UNSET
    unless: Strings | Unset = UNSET
    only_if: Strings | Unset = UNSET
    scope: Literal["sentence", "paragraph", "text"] | Unset = UNSET
    only_if_scope: (
        Annotated[
            Literal["sentence", "paragraph", "text"],
            _doc("Où chercher « only_if » (par défaut : comme « scope »)."),
        ]
        | Unset
    ) = UNSET
    case_sensitive: bool | Unset = UNSET
    detector: Literal[DETECTORS] | Unset = UNSET  # type: ignore[valid-type]
    allow: Strings | Unset = UNSET
    min_words: Annotated[int, msgspec.Meta(ge=1, le=100)] | Unset = UNSET
    step: Literal[tuple(CHECKED_PARTS)] | Unset = UNSET  # type: ignore[valid-type]
    position: Literal["anywhere", "start", "end"] | Unset = UNSET
    suggestion: str | Unset = UNSET
    why: str | Unset = UNSET
    enabled: bool | Unset = UNSET
    negated: (
        Annotated[bool, _doc("true : seulement une tournure niée ; false : jamais.")] | Unset
    ) = UNSET
    soften: Annotated[Strings, _doc("Si l'une est dans la réponse : avertissement.")] | Unset = (
        UNSET
    )
    frame: (
        Annotated[
            dict[Literal[FRAME_KEYS], Strings],  # type: ignore[valid-type]
            _doc("Classes de mots (« classes ») réunies dans une phrase : qui fait quoi."),
        ]
        | Unset
    ) = UNSET


class RuleFile(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    words: dict[str, Strings] = {}
    classes: dict[str, Strings] = {}
    rules: list[RuleSpec] = []


RULE_FIELDS = (
    "id",
    "category",
    "severity",
    "patterns",
    "regex",
    "unless",
    "only_if",
    "scope",
    "only_if_scope",
    "case_sensitive",
    "detector",
    "allow",
    "min_words",
    "step",
    "position",
    "suggestion",
    "why",
    "enabled",
    "negated",
    "soften",
    "frame",
    "words",
    "classes",
    "rules",
)


# --- compiled rules ------------------------------------------------------------------


class Rule(msgspec.Struct, frozen=True):
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
    only_if_scope: str | None = None  # None: as `scope`
    detector: str | None = None
    step: str | None = None
    position: str = "anywhere"
    allow: frozenset[str] = frozenset()
    min_words: int = 1
    case_sensitive: bool = False
    negated: bool | None = None  # True: only a negated match counts; False: never
    soften: tuple[Matcher, ...] = ()  # one of these in the reply: a warning, not an error
    frame: dict[str, list[str]] | None = None  # FRAME_KEYS → class names


class RuleSet(msgspec.Struct, frozen=True):
    rules: tuple[Rule, ...]
    files: tuple[Path, ...] = ()
    # The word lists the patterns use: a pattern read back from the cache writes its
    # regex from them the first time a reply may match it.
    words: dict[str, list[str]] = msgspec.field(default_factory=dict)
    # Folded form (or locution) → the classes of words it belongs to (text/lemmas.py).
    classes: dict[str, list[str]] = msgspec.field(default_factory=dict)

    def get(self, rule_id: str) -> Rule | None:
        return next((rule for rule in self.rules if rule.id == rule_id), None)


# --- where rules come from ----------------------------------------------------------------


def rule_places(env: Environment, dirs: list[Path] | None = None) -> list[Path]:
    """Folders (or files) in precedence order, highest first: like playbooks."""
    places = precedence(
        dirs,
        env.path_list("REPONSE_RULES"),
        "règles",
        env.user_rules_dir,
        resource_dir("rules"),
    )
    return [place for place, _ in places]


def rule_files(places: list[Path]) -> list[Path]:
    """Every rule file, lowest precedence first."""
    files: list[Path] = []
    for place in reversed(places):
        if place.is_file():
            files.append(place)
        elif place.is_dir():
            for path in folder_files(place, RULE_SUFFIXES):
                if not inside(path, place):
                    raise RulesError([f"{path}: lien vers un fichier hors du dossier : non lu"])
                files.append(path)
    return files


_MEMO: dict[tuple[Any, ...], RuleSet] = {}
_CACHE_FORMAT = 7  # bump when the stored shape changes
_CODE = (
    Path(__file__),
    Path(__file__).parents[1] / "text" / "patterns.py",
    Path(__file__).parents[1] / "text" / "french.py",  # suggestions go through typography
    Path(__file__).parents[1] / "text" / "lemmas.py",  # the forms of the classes
)


def load_rules(env: Environment, dirs: list[Path] | None = None) -> RuleSet:
    """Every rule in effect, compiled once per process and cached on disk.

    The shipped rules alone come compiled with the package (`PREBUILT`): a first run
    after the install does not compile them.
    """
    files = rule_files(rule_places(env, dirs))
    identity: list[Any] = [_CACHE_FORMAT]
    identity += [[str(p), *file_stamp(p)] for p in (*_CODE, *files)]
    key = tuple(map(str, identity))
    if key in _MEMO:
        return _MEMO[key]
    ruleset = prebuilt(files) if all(is_builtin(str(p)) for p in files) else None
    cache = Cache(env.cache_dir)
    stored = cache.get("rules", "rules", identity) if ruleset is None else None
    if ruleset is None and stored is not None:
        ruleset = _decode(stored, files)
    if ruleset is None:
        ruleset = build_rules(files)
        cache.put("rules", "rules", identity, _encode(ruleset))
    _MEMO.clear()
    _MEMO[key] = ruleset
    return ruleset


_MATCHER_FIELDS = ("matchers", "raw", "unless", "only_if", "soften")

# The shipped rules, compiled: regenerated by `pytest --update-snapshots` (a test fails
# while it does not match rules/*.yaml and the code that compiles them).
PREBUILT = Path(__file__).parent / "data" / "regles-integrees.msgpack"


def prebuilt_identity(files: list[Path]) -> str:
    """What the compiled rules depend on: the rule files and the compiling code."""
    import hashlib

    digest = hashlib.sha256(str(_CACHE_FORMAT).encode())
    for path in (*_CODE, *files):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def prebuilt(files: list[Path]) -> RuleSet | None:
    """The shipped rules as compiled with the package, if they are still those files."""
    try:
        stored = msgspec.msgpack.decode(PREBUILT.read_bytes())
        if stored.get("identity") != prebuilt_identity(files):
            return None
    except (OSError, msgspec.DecodeError, AttributeError):
        return None
    where = {path.name: str(path) for path in files}
    for data in stored["rules"]["rules"]:
        data["origin"] = where.get(data["origin"], data["origin"])
    return _decode(stored["rules"], files)


def write_prebuilt(files: list[Path]) -> bytes:
    """The compiled form of the shipped rules, every regex written."""
    ruleset = build_rules(files)
    encoded = _encode(ruleset, written=True)
    for data in encoded["rules"]:
        data["origin"] = Path(data["origin"]).name
    return msgspec.msgpack.encode({"identity": prebuilt_identity(files), "rules": encoded})


def _encode(ruleset: RuleSet, written: bool = False) -> dict[str, Any]:
    """`written`: every regex written out (the shipped form), not only those used."""
    rules = []
    for rule in ruleset.rules:
        data = msgspec.structs.asdict(rule)
        for name in _MATCHER_FIELDS:
            data[name] = [
                [
                    m.source,
                    m.text if written else m.written,  # None: written when first needed
                    m.starts_word,
                    [sorted(w) for w in m.required],
                    m.flags,
                    m.safe,
                    [list(group) for group in m.literals],
                ]
                for m in data[name]
            ]
        data["allow"] = sorted(rule.allow)
        rules.append(data)
    return {"words": ruleset.words, "classes": ruleset.classes, "rules": rules}


def _decode(stored: Any, files: list[Path]) -> RuleSet | None:
    try:
        words = stored["words"]
        memo: dict[tuple[Any, ...], Any] = {}
        rules = []
        for data in stored["rules"]:
            for name in _MATCHER_FIELDS:
                data[name] = tuple(
                    Matcher(
                        source,
                        text,
                        starts,
                        tuple(map(frozenset, required)),
                        flags,
                        safe,
                        tuple(map(tuple, literals)),
                        write=None if text is not None else pattern_writer(source, words, memo),
                    )
                    for source, text, starts, required, flags, safe, literals in data[name]
                )
            data["allow"] = frozenset(data["allow"])
            rules.append(Rule(**data))
        return RuleSet(tuple(rules), tuple(files), words, stored["classes"])
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


# --- reading and merging rule files ----------------------------------------------------


class _Origin(msgspec.Struct):
    document: YamlDocument
    where: tuple[Any, ...]

    def at(self, *more: Any) -> str:
        return self.document.at([*self.where, *more])


def build_rules(files: list[Path]) -> RuleSet:
    """Merge rule files (lowest precedence first) by id, field by field, then compile."""
    merged: dict[str, dict[str, Any]] = {}
    origins: dict[str, dict[str, _Origin]] = {}
    words: dict[str, list[str]] = {}
    word_origin: dict[str, _Origin] = {}
    classes: dict[str, list[str]] = {}
    problems: list[str] = []
    for path in files:
        document = read_yaml(path, RulesError)
        data = document.data
        if data is None:
            continue
        try:
            if isinstance(data, list):
                specs = convert(document, data, list[RuleSpec], RulesError, RULE_FIELDS)
                file_words: dict[str, Any] = {}
                file_classes: dict[str, Any] = {}
                base: tuple[Any, ...] = ()
            elif isinstance(data, dict):
                parsed = convert(document, data, RuleFile, RulesError, RULE_FIELDS)
                specs, file_words, base = parsed.rules, parsed.words, ("rules",)
                file_classes = parsed.classes
            else:
                problems.append(f"{path}:1: un fichier de règles est une liste de règles")
                continue
        except RulesError as error:
            problems += error.problems
            continue
        for name, values in file_words.items():
            words[name] = [values] if isinstance(values, str) else list(values)
            word_origin[name] = _Origin(document, ("words", name))
        for name, values in file_classes.items():
            classes[name] = [values] if isinstance(values, str) else list(values)
        seen: set[str] = set()
        for index, spec in enumerate(specs):
            where = (*base, index)
            if spec.id in seen:
                problems.append(f"{document.at([*where, 'id'])}: id « {spec.id} » en double")
                continue
            seen.add(spec.id)
            target = merged.setdefault(spec.id, {})
            places = origins.setdefault(spec.id, {})
            for name in RuleSpec.__struct_fields__:
                value = getattr(spec, name)
                if value is not UNSET:
                    target[name] = value
                    places[name] = _Origin(document, (*where, name))
            places["id"] = _Origin(document, (*where, "id"))
    if problems:
        raise RulesError(problems)
    compiled: list[Rule] = []
    memo: dict[tuple[Any, ...], Any] = {}  # each word list worked out once for all rules
    for rule_id, data in merged.items():
        try:
            compiled.append(_compile_rule(data, words, origins[rule_id], memo, set(classes)))
        except RulesError as error:
            problems += error.problems
    for name, values in words.items():
        if ("entries", name) in memo:
            continue  # parsed without a problem while compiling the rules that use it
        for index, value in enumerate(values):
            try:
                check_alternatives(value, words, name)
            except PatternError as error:
                origin = word_origin[name]
                where = [index] if len(values) > 1 or not isinstance(value, str) else []
                problems.append(f"{origin.at(*where)}: {error}")
    if problems:
        raise RulesError(problems)
    used = any(rule.frame for rule in compiled)
    return RuleSet(tuple(compiled), tuple(files), words, expand_classes(classes) if used else {})


@functools.cache
def is_builtin(name: str) -> bool:
    """Whether a rule file is one the project ships (not one of the shop's own)."""
    return Path(name).resolve().parent == resource_dir("rules").resolve()


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _compile_rule(
    data: dict[str, Any],
    words: dict[str, list[str]],
    origins: dict[str, _Origin],
    memo: dict[tuple[Any, ...], Any] | None = None,
    classes: set[str] | None = None,
) -> Rule:
    rule_id = data["id"]
    problems: list[str] = []

    def at(key: str, *more: Any) -> str:
        return (origins.get(key) or origins["id"]).at(*more)

    def fail(key: str, message: str) -> None:
        problems.append(f"{at(key)}: règle {rule_id} : {message}")

    texts: dict[str, str] = {}
    for key in ("category", "suggestion", "why"):
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            fail(key, f"« {key} » manque (un texte)")
        else:
            texts[key] = value.strip()
    severity = SEVERITIES.get(str(data.get("severity", "")).lower())
    if severity is None:
        fail("severity", "« severity » vaut error ou warning")

    def patterns(key: str) -> tuple[Matcher, ...]:
        found = []
        for index, source in enumerate(_as_list(data.get(key))):
            try:
                found.append(compile_pattern(source, words, memo))
            except PatternError as error:
                more = (index,) if isinstance(data.get(key), list) else ()
                problems.append(f"{at(key, *more)}: règle {rule_id} : motif « {source} » : {error}")
        return tuple(found)

    matchers = patterns("patterns")
    raw: list[Matcher] = []
    # The agent's own expressions run with RE2, which cannot hang; reponse's own, tested
    # on the corpora, with `re`.
    safe = "regex" in origins and not is_builtin(origins["regex"].document.name)
    for index, source in enumerate(_as_list(data.get("regex"))):
        more = (index,) if isinstance(data.get("regex"), list) else ()
        try:
            if safe:
                compile_safe(source, re.MULTILINE)  # reported now, used lazily
            else:
                re.compile(source, re.MULTILINE)
            literals = regex_literals(source, re.MULTILINE)
            raw.append(Matcher(source, source, flags=re.MULTILINE, safe=safe, literals=literals))
        except (re.error, SafePatternError) as error:
            problems.append(
                f"{at('regex', *more)}: règle {rule_id} : expression régulière "
                f"« {source} » refusée : {error}"
            )
    unless = patterns("unless")
    only_if = patterns("only_if")
    soften = patterns("soften")
    enabled = data.get("enabled", True)
    detector = data.get("detector")
    frame = {key: _as_list(value) for key, value in (data.get("frame") or {}).items()}
    for names in frame.values():
        for name in names:
            if name not in (classes or ()):
                fail("frame", f"« frame » : classe « {name} » inconnue (voir « classes »)")
    if frame and not any(frame.get(key) for key in ("all", "negated", "affirmed", "directed")):
        fail("frame", "« frame » : il faut au moins une classe présente (all, negated…)")
    if detector is None and not matchers and not raw and not frame and enabled:
        fail(
            "id",
            "il faut au moins un motif (« patterns » ou « regex »), un « frame » "
            "ou un « detector »",
        )
    if problems:
        raise RulesError(problems)
    return Rule(
        id=rule_id,
        category=texts["category"],
        severity=severity or "warning",
        suggestion=typography(texts["suggestion"]),
        why=typography(texts["why"]),
        origin=origins["id"].document.name,
        enabled=enabled,
        matchers=matchers,
        raw=tuple(raw),
        unless=unless,
        only_if=only_if,
        scope=data.get("scope", "sentence"),
        only_if_scope=data.get("only_if_scope"),
        detector=detector,
        step=data.get("step"),
        position=data.get("position", "anywhere"),
        allow=frozenset(fold(w).strip() for w in _as_list(data.get("allow"))),
        min_words=data.get("min_words", 1),
        case_sensitive=data.get("case_sensitive", False),
        negated=data.get("negated"),
        soften=soften,
        frame=frame or None,
    )
