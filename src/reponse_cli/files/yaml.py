"""The one YAML reader: safe loading, French errors at `path:line`, one line locator.

Playbooks, rule files, the configuration and answers files are all read here, with
PyYAML's safe loader (the C one when available). A document keeps its text so that an
error found later — by the schema or by a template check — can point at the line of
the key concerned; the node tree is composed at most once per document.

PyYAML is imported inside the functions: a warm draft reads its files from the cache
and never pays for it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import msgspec

from reponse_cli.errors import FileProblems, did_you_mean, os_message
from reponse_cli.files.read import MAX_YAML_BYTES, NotRegular, TooLarge, read_limited, size_label

Where = Sequence[str | int]

# Anchors and aliases let a 500-byte file stand for billions of values (« billion
# laughs »): what aliases add is counted, and refused beyond this many values.
MAX_ALIAS_VALUES = 10_000
# msgspec, msgpack and every schema stop at 64 bits: a larger integer is refused here.
INT_RANGE = (-(2**63), 2**63 - 1)

_LOADER: Any = None


def _loader() -> Any:
    """The safe loader (the C one when available), refusing huge and non-finite numbers."""
    global _LOADER
    if _LOADER is None:
        import math

        import yaml

        base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

        class Loader(base):  # type: ignore[misc, valid-type]
            def construct_yaml_int(self, node: Any) -> int:
                value = super().construct_yaml_int(node)
                if not INT_RANGE[0] <= value <= INT_RANGE[1]:
                    raise _refused(f"nombre trop grand : « {node.value} »", node)
                return value

            def construct_yaml_float(self, node: Any) -> float:
                value = super().construct_yaml_float(node)
                if not math.isfinite(value):
                    raise _refused(f"nombre non fini : « {node.value} »", node)
                return value

        Loader.add_constructor("tag:yaml.org,2002:int", Loader.construct_yaml_int)
        Loader.add_constructor("tag:yaml.org,2002:float", Loader.construct_yaml_float)
        _LOADER = Loader
    return _LOADER


def _refused(problem: str, node: Any) -> Exception:
    """A value the loader refuses, its message already in French."""
    import yaml

    error = yaml.constructor.ConstructorError(None, None, problem, node.start_mark)
    error.french = True  # type: ignore[attr-defined]
    return error


def read_text(path: Path, error: type[FileProblems] = FileProblems) -> str:
    """A file's UTF-8 text; every problem as one French `path: …` line.

    Only a regular file of at most 2 MiB is read: a FIFO or `/dev/zero` would never end.
    """
    try:
        return read_limited(path, MAX_YAML_BYTES).decode("utf-8").replace("\r\n", "\n")
    except FileNotFoundError:
        raise error([f"{path}: fichier introuvable"]) from None
    except IsADirectoryError:
        raise error([f"{path}: c'est un dossier, pas un fichier"]) from None
    except NotRegular:
        raise error([f"{path}: ce n'est pas un fichier ordinaire (tube, périphérique…)"]) from None
    except TooLarge as exc:
        raise error([f"{path}: fichier trop gros (plus de {size_label(exc.limit)})"]) from None
    except UnicodeDecodeError:
        raise error([f"{path}: le fichier n'est pas encodé en UTF-8"]) from None
    except OSError as exc:
        raise error([f"{path}: lecture impossible ({os_message(exc)})"]) from None


def alias_problem(text: str) -> tuple[int, str] | None:
    """(line, French problem) for an alias that contains itself or expands too far.

    Read from the parser's events, before anything is built: each anchor's size is the
    number of values it stands for, aliases inside it expanded.
    """
    if "&" not in text or "*" not in text:
        return None  # no anchor, or no alias: nothing can expand
    import yaml

    sizes: dict[str, int] = {}
    open_: list[list[Any]] = [[None, 0]]  # [anchor, values] of each open collection
    added = 0
    try:
        for event in yaml.parse(text, Loader=_loader()):
            if isinstance(event, yaml.AliasEvent):
                line = event.start_mark.line + 1
                if any(frame[0] == event.anchor for frame in open_):
                    return line, f"l'alias « *{event.anchor} » se contient lui-même"
                size = sizes.get(event.anchor, 1)
                added += size
                if added > MAX_ALIAS_VALUES:
                    return line, (
                        f"les alias (« *{event.anchor} »…) représentent plus de "
                        f"{MAX_ALIAS_VALUES:,} valeurs : écrivez les valeurs sans alias".replace(
                            ",", "\u00a0"
                        )
                    )
                open_[-1][1] += size
            elif isinstance(event, yaml.ScalarEvent):
                open_[-1][1] += 1
                if event.anchor:
                    sizes[event.anchor] = 1
            elif isinstance(event, yaml.CollectionStartEvent):
                open_.append([event.anchor, 1])
            elif isinstance(event, yaml.CollectionEndEvent) and len(open_) > 1:
                anchor, size = open_.pop()
                if anchor:
                    sizes[anchor] = size
                open_[-1][1] += size
    except yaml.YAMLError:
        return None  # the loader reports it, with its line
    return None


class YamlDocument(msgspec.Struct):
    """A parsed YAML text and what is needed to point at its lines."""

    name: str  # the path, or « l'entrée standard »
    text: str
    data: Any
    root: Any = None  # the node tree, composed on first need

    def _node(self) -> Any:
        if self.root is None:
            import yaml

            try:
                self.root = yaml.compose(self.text, Loader=_loader()) or False
            except yaml.YAMLError:
                self.root = False
        return self.root

    def walk(self, where: Where) -> tuple[int, Any]:
        """The 1-based line of the key at `where` (or its closest parent), and its node."""
        import yaml

        node = self._node()
        if not node:
            return 1, None
        line = node.start_mark.line + 1
        for token in where:
            child = None
            if isinstance(node, yaml.MappingNode) and isinstance(token, str):
                for key, value in node.value:
                    if key.value == token:
                        child, line = value, key.start_mark.line + 1
                        break
            elif (
                isinstance(node, yaml.SequenceNode)
                and isinstance(token, int)
                and 0 <= token < len(node.value)
            ):
                child = node.value[token]
                line = child.start_mark.line + 1
            if child is None:
                break
            node = child
        return line, node

    def line(self, where: Where) -> int:
        return self.walk(where)[0]

    def template_line(self, where: Where) -> int:
        """The line where the text at `where` begins (after a `|` or `>`)."""
        import yaml

        line, node = self.walk(where)
        if isinstance(node, yaml.ScalarNode):
            line = node.start_mark.line + 1
            if node.style in ("|", ">"):
                line += 1
        return line

    def at(self, where: Where = (), offset: int = 0) -> str:
        return f"{self.name}:{self.line(where) + offset}"

    def line_text(self, line: int) -> str:
        lines = self.text.splitlines()
        return lines[line - 1] if 0 < line <= len(lines) else ""


def parse_yaml(text: str, name: str, error: type[FileProblems] = FileProblems) -> YamlDocument:
    """Parse YAML text with the safe loader; a syntax error becomes `name:line: …`."""
    import yaml

    problem_at = alias_problem(text)
    if problem_at is not None:
        raise error([f"{name}:{problem_at[0]}: YAML refusé : {problem_at[1]}"])
    try:
        data = yaml.load(text, Loader=_loader())  # a safe loader
    except RecursionError:
        raise error([f"{name}:1: YAML refusé : imbrication trop profonde"]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark else 1
        problem = getattr(exc, "problem", None) or str(exc)
        context = getattr(exc, "context", None) or ""
        document = YamlDocument(name, text, None)
        if getattr(exc, "french", False):
            message = problem
        else:
            opened_at = getattr(exc, "context_mark", None)
            line, message = syntax_problem(
                problem, context, document, line, opened_at.line + 1 if opened_at else None
            )
        raise error([f"{name}:{line}: YAML invalide : {message}"]) from None
    return YamlDocument(name, text, data)


_QUOTED = "un texte qui {} doit être entre guillemets"


def _open_quote_before(document: YamlDocument, line: int) -> int | None:
    """The nearest line above `line` that opens a double quote and never closes it."""
    for number in range(line - 1, 0, -1):
        text = document.line_text(number).split(" #")[0].replace('\\"', "")
        if text.count('"') % 2:
            return number
    return None


def _indent(text: str) -> int:
    stripped = text.lstrip(" ")
    width = len(text) - len(stripped)
    return width + 2 if stripped.startswith("- ") else width


def syntax_problem(
    problem: str, context: str, document: YamlDocument, line: int, opened: int | None = None
) -> tuple[int, str]:
    """PyYAML's English diagnosis as a French sentence that says how to fix it, and the
    line to fix (an unclosed quote or bracket is found where it was opened)."""
    for kind, mark in (("flow sequence", "["), ("flow mapping", "{")):
        if kind in context and opened is not None:
            return opened, (
                f"« {mark} » ouvert ici n'est jamais refermé ; si c'est un texte, "
                "mettez-le entre guillemets"
            )
    if "single document" in context or "single document" in problem:
        return line, "un seul document par fichier : retirez la ligne « --- » du milieu"
    opened = _open_quote_before(document, line)
    if opened is not None and ("expected key" in problem or "block end" in problem):
        return opened, "ce guillemet n'est pas refermé sur sa ligne"
    above = next(
        (document.line_text(n) for n in range(line - 1, 0, -1) if document.line_text(n).strip()),
        "",
    )
    if "mapping values" in problem and above and _indent(document.line_text(line)) > _indent(above):
        bad = document.line_text(line)
        if ": " not in bad.split(":", 1)[1]:
            return line, "cette ligne est plus indentée que la clé au-dessus : alignez-la"
    return line, _syntax_sentence(problem, context, document, line)


def _syntax_sentence(problem: str, context: str, document: YamlDocument, line: int) -> str:
    bad = document.line_text(line)
    value = bad.split(":", 1)[1].strip() if ":" in bad else bad.strip().removeprefix("- ")
    if "nesting depth" in problem:
        return "imbrication trop profonde"
    if "tab" in problem or "'\\t'" in problem or bad.startswith("\t"):
        return "une tabulation : l'indentation se fait avec des espaces"
    if "unknown escape" in problem:
        return (
            "« \\ » dans un texte entre guillemets doubles : doublez-le, "
            "ou prenez des guillemets simples"
        )
    if "chomping" in problem or "block scalar" in context:
        return "après « | » ou « > », rien d'autre sur la ligne : le texte suit, indenté"
    if "quoted scalar" in context or "end of stream" in problem:
        return "un guillemet ouvert n'est jamais refermé"
    if value.startswith(("{{", "{%")):
        return _QUOTED.format("commence par {{ ou {%")
    if value.startswith(("[", "{")) and ("expected" in problem or "flow" in context):
        return _QUOTED.format(f"commence par « {value[0]} »")
    if value[:1] in ("*", "&", "!", "%", "@", "`") and (
        "alias" in problem or "character" in problem or "token" in problem
    ):
        return _QUOTED.format(f"commence par « {value[0]} »")
    if "mapping values" in problem:
        if ": " in value or value.endswith(":"):
            return _QUOTED.format("contient « : »")
        return "« : » inattendu : une clé par ligne, et l'indentation de la ligne au-dessus"
    if "could not find expected ':'" in problem:
        return "il manque « : » après la clé (ou la suite d'un texte est mal indentée)"
    if "expected '-' indicator" in problem or "block sequence" in problem:
        return "un élément de liste « - » n'est pas aligné sur les autres"
    if "expected key" in problem or "block end" in problem:
        return "l'indentation de cette ligne ne correspond à aucune clé au-dessus"
    if "duplicate" in problem:
        return "cette clé est déjà présente plus haut"
    if "undefined alias" in problem:
        return _QUOTED.format("commence par « * »")
    if "constructor" in problem or "tag" in problem:
        return "les étiquettes YAML (« !… ») ne sont pas acceptées"
    if "unhashable" in problem:
        return "une clé doit être un texte simple"
    return "cette ligne ne se lit pas en YAML (indentation, guillemets ou « : » ?)"


def read_yaml(path: Path, error: type[FileProblems] = FileProblems) -> YamlDocument:
    return parse_yaml(read_text(path, error), str(path), error)


# --- schemas: msgspec's English → French, and `$.a[0].b` → a YAML line ----------------

_TYPE_NAMES = {
    "str": "un texte",
    "int": "un nombre entier",
    "bool": "true ou false",
    "array": "une liste",
    "object": "un dictionnaire",
    "null": "rien",
    "float": "un nombre",
    "bytes": "des données binaires (!!binary)",
    "datetime": "une date et une heure",
    "date": "une date",
}


def translate_validation_error(
    text: str, fields: Sequence[str] = (), within: Where = ()
) -> tuple[str, list[Any]]:
    """msgspec's message in French, and its `$.path` as path tokens (after `within`, the
    place of the value that was converted)."""
    message, _, at = text.partition(" - at ")
    where: list[Any] = [*within]
    if at:
        path = at.strip("`")
        if path.startswith("key` in `"):
            path = path.removeprefix("key` in `")
        for token in re.findall(r"\.([\w-]+)|\[(\d+)\]", path.removeprefix("$")):
            where.append(token[0] if token[0] else int(token[1]))
    if m := re.match(r"Object missing required field `(.+)`", message):
        return f"champ obligatoire manquant : « {m[1]} »", where
    if m := re.match(r"Object contains unknown field `(.+)`", message):
        where.append(m[1])
        if " " in m[1].strip():
            # « - Je comprends : c'est décevant » reads as a key and its value.
            return (
                f"« {m[1]} » est lu comme un nom de champ : un texte qui contient « : » "
                "doit être entre guillemets",
                where,
            )
        return f"champ inconnu : « {m[1]} ».{did_you_mean(m[1], list(fields))}", where
    if m := re.match(r"Invalid enum value '(.*)'", message):
        named = f" pour « {where[-1]} »" if where and isinstance(where[-1], str) else ""
        return f"valeur non prévue{named} : « {m[1]} »", where
    if m := re.match(r"Expected `str` matching regex '(.*)'", message):
        if "semaines?" in m[1]:
            return (
                "durée invalide\u00a0: un nombre et une unité, «\u00a010 jours\u00a0», "
                "«\u00a06 semaines\u00a0», «\u00a03 mois\u00a0» ou «\u00a02 ans\u00a0»",
                where,
            )
        allowed = {"_": "chiffres et _", "-": "chiffres et tirets"}.get(
            "_" if "_]" in m[1] else "-" if "-]" in m[1] and "_" not in m[1] else "",
            "chiffres, tirets et _",
        )
        return f"identifiant invalide : minuscules, {allowed} seulement", where
    if m := re.match(r"Expected `array` of length >= (\d+)", message):
        return f"il faut au moins {m[1]} élément(s)", where
    if m := re.match(r"Expected `(\w+)`.* >= (-?\d+)", message):
        return f"le nombre doit être au moins {m[2]}", where
    if m := re.match(r"Expected `(\w+)`.* <= (-?\d+)", message):
        return f"le nombre doit être au plus {m[2]}", where
    if m := re.match(r"Expected `([\w |]+)`, got `(\w+)`", message):
        wanted = " ou ".join(_TYPE_NAMES.get(t.strip(), t.strip()) for t in m[1].split("|"))
        return f"attendu : {wanted}, trouvé : {_TYPE_NAMES.get(m[2], m[2])}", where
    return message, where


def convert(
    document: YamlDocument | Callable[[], YamlDocument],
    data: Any,
    kind: Any,
    error: type[FileProblems] = FileProblems,
    fields: Sequence[str] = (),
    root: Where = (),
) -> Any:
    """`data` (found at `root` in `document`) as the msgspec type `kind`, or `error`
    naming every problem of the file at once, each at its line.

    `document` may be a function: the text is then read only to report a problem.
    """
    import msgspec

    try:
        return msgspec.convert(data, kind)
    except msgspec.ValidationError as exc:
        found = schema_problems(data, kind, fields) or [
            translate_validation_error(str(exc), fields)
        ]
    located = document if isinstance(document, YamlDocument) else document()
    lines = []
    for message, where in found:
        line = located.line([*root, *where])
        if "dictionnaire" in message and ": " in located.line_text(line):
            message += " (un texte qui contient « : » doit être entre guillemets)"
        lines.append((line, f"{located.name}:{line}: {message}"))
    raise error([text for _, text in sorted(set(lines))]) from None


def schema_problems(
    data: Any, kind: Any, fields: Sequence[str] = (), at: Where = ()
) -> list[tuple[str, list[Any]]]:
    """Every place where `data` does not fit `kind`, not only the first one msgspec
    stops at: each field of a struct, each item of a list or a dict, checked apart."""
    import typing

    import msgspec

    try:
        msgspec.convert(data, kind)
        return []
    except msgspec.ValidationError as exc:
        first = exc
    bare = kind
    while typing.get_origin(bare) is typing.Annotated:
        bare = typing.get_args(bare)[0]
    options = [t for t in typing.get_args(bare) if t is not type(None)]
    if typing.get_origin(bare) in (typing.Union, types_union()) and len(options) == 1:
        return schema_problems(data, options[0], fields, at) if data is not None else []
    found: list[tuple[str, list[Any]]] = []
    if isinstance(bare, type) and issubclass(bare, msgspec.Struct) and isinstance(data, dict):
        info = {f.encode_name: f for f in msgspec.structs.fields(bare)}
        names = list(info) or list(fields)
        for key, value in data.items():
            field = info.get(key) if isinstance(key, str) else None
            if field is None:
                message = f"champ inconnu : « {key} ».{did_you_mean(str(key), names)}"
                found.append((message, [*at, key]))
            else:
                found += schema_problems(value, field.type, fields, [*at, key])
        for name, field in info.items():
            if field.required and name not in data:
                found.append((f"champ obligatoire manquant : « {name} »", list(at)))
    elif typing.get_origin(bare) is list and isinstance(data, list):
        (item,) = typing.get_args(bare) or (Any,)
        for index, value in enumerate(data):
            found += schema_problems(value, item, fields, [*at, index])
    elif typing.get_origin(bare) is dict and isinstance(data, dict):
        _, item = typing.get_args(bare) or (Any, Any)
        for key, value in data.items():
            found += schema_problems(value, item, fields, [*at, key])
    if not found:  # a leaf, or a rule of the struct as a whole: msgspec's own words
        found.append(translate_validation_error(str(first), fields, at))
    return found


def types_union() -> Any:
    import types

    return types.UnionType
