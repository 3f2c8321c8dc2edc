"""The sandboxed Jinja environment, the French filters, and Jinja errors in French.

Only playbook and template text is ever compiled. What an agent types and what a customer
wrote reach templates as values, so `{{ 7*7 }}` typed as a name prints as typed.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import functools
import hashlib
import re
import time
import weakref
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment

from reponse_cli.errors import MissingSetting, ReponseError
from reponse_cli.files.cache import Cache
from reponse_cli.files.read import MAX_YAML_BYTES, TooLarge, inside, is_regular, read_limited
from reponse_cli.playbooks.names import CONFIG_NAMES
from reponse_cli.text.french import (
    FrenchDate,
    format_date,
    format_money,
    format_number,
    format_plain_int,
    parse_date,
    parse_money,
    typography,
)


def _money(value: Any, currency: str = "EUR") -> str:
    if isinstance(value, jinja2.Undefined):
        str(value)  # raises: the value is missing
    amount = value if isinstance(value, Decimal | int | float) else parse_money(value)
    return format_money(amount, currency)


@jinja2.pass_context
def _date(context: Any, value: Any, style: str = "long") -> str:
    if isinstance(value, jinja2.Undefined):
        str(value)  # raises: the value is missing
    if isinstance(value, dt.date):
        return format_date(value, style)
    return format_date(parse_date(str(value), context.get("aujourdhui")), style)


@jinja2.pass_context
def _jour(context: Any, value: Any) -> str:
    return _date(context, value, "jour")


def _nombre(value: Any) -> str:
    return format_number(value)


def _phrase(value: Any) -> str:
    """Agent-typed text used as the end of a sentence: trimmed, with its final stop."""
    text = str(value).strip()
    return text if text.endswith((".", "!", "?", "…")) else text + "."


# « que » elides before a vowel (« qu'elle ne chauffe plus », « qu'il manque »), not before
# « oui », « onze » or a consonant (« que le réveil ne sonne pas »).
_ELIDES = re.compile(r"(?i)(?!(?:oui|onze|onzième)\b)(?:[aeiouàâäéèêëîïôöùûüœæ]|y\b)")


def _que(value: Any) -> str:
    """Agent-typed text introduced by « que », elided as French writes it."""
    text = str(value).strip()
    return ("qu'" if _ELIDES.match(text) else "que ") + text


def _plus_days(value: dt.date, days: int) -> FrenchDate:
    return FrenchDate.of(value + dt.timedelta(days=int(days)))


FILTERS: dict[str, Callable[..., Any]] = {
    "money": _money,
    "date": _date,
    "jour": _jour,
    "nombre": _nombre,
    "typo": typography,
    "phrase": _phrase,
    "que": _que,
    "plus_jours": _plus_days,
}


# --- the sandbox's limits -----------------------------------------------------------------
#
# Jinja's sandbox stops attribute tricks, not resource exhaustion: `'x' * 10000000`,
# `2 ** 10000000` or two nested loops over a long text would run out of memory or time.
# A reply is a few thousand characters; these limits are far above any real template.

MAX_TEXT = 1_000_000  # characters (or items) one value or one whole text may hold
MAX_STEPS = 100_000  # loop turns and calls in one rendering
MAX_SECONDS = 2.0  # for one rendering
MAX_BITS = 64 * 1024  # of an integer a template computes
MAX_KEPT = 1024  # compiled snippets a renderer keeps at hand (one playbook has ~60)
SANDBOX_VERSION = 2  # in the bytecode cache's folder name: bump when compiled code changes


class TemplateLimit(SecurityError):
    """A template asked for more than the sandbox allows; the message is French."""


class _Budget:
    """Loop turns and time left to one rendering (one per thread, see `_BUDGET`)."""

    __slots__ = ("deadline", "steps")

    def __init__(self) -> None:
        self.steps = 0
        self.deadline = time.monotonic() + MAX_SECONDS

    def step(self) -> None:
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise TemplateLimit(f"plus de {format_plain_int(MAX_STEPS)} tours de boucle")
        if not self.steps & 255 and time.monotonic() > self.deadline:
            raise TemplateLimit(f"rendu trop long (plus de {MAX_SECONDS:g} s)")


_BUDGET: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar("budget", default=None)


def _budget() -> _Budget:
    budget = _BUDGET.get()
    if budget is None:
        budget = _Budget()
        _BUDGET.set(budget)
    return budget


class limited:
    """A fresh budget for one rendering."""

    def __enter__(self) -> None:
        self.token = _BUDGET.set(_Budget())

    def __exit__(self, *_exc: object) -> None:
        _BUDGET.reset(self.token)


def _too_big(what: str = "texte") -> TemplateLimit:
    ending = "e" if what == "liste" else ""
    return TemplateLimit(
        f"{what} trop grand{ending} (plus de {format_plain_int(MAX_TEXT)} caractères ou éléments)"
    )


def _size(value: Any) -> int:
    """Roughly how many characters `value` prints as; walks at most MAX_TEXT items."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, int):
        return value.bit_length() // 3 + 1
    if not isinstance(value, list | tuple | set | frozenset | dict):
        return 0
    total, walked, stack = 0, 0, [value]
    while stack:
        item = stack.pop()
        walked += 1
        if walked > MAX_TEXT:
            raise _too_big("liste")  # a list containing itself ends here too
        if isinstance(item, dict):
            stack.extend(item.items())
        elif isinstance(item, list | tuple | set | frozenset):
            stack.extend(item)
        else:
            total += _size(item)
        total += 2
        if total > MAX_TEXT:
            raise _too_big()
    return total


def _check_size(value: Any) -> Any:
    if type(value) is str:  # most of what a template prints: no walk, no call
        if len(value) > MAX_TEXT:
            raise _too_big()
        return value
    if _size(value) > MAX_TEXT:
        raise _too_big()
    return value


_WIDE_FORMAT = re.compile(r"%[-+ #0]*(?:\*|\d{5,})|%[-+ #0]*\d*\.(?:\*|\d{5,})|\{[^}]*\d{5,}")


def _check_format(spec: Any) -> None:
    if isinstance(spec, str) and _WIDE_FORMAT.search(spec):
        raise TemplateLimit("largeur de format trop grande")


def _check_count(value: Any, what: str = "nombre") -> None:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_TEXT:
        ending = "e" if what == "liste" else ""
        raise TemplateLimit(f"{what} trop grand{ending} : {format_plain_int(value)}")


def _check_replace(text: Any, old: Any, new: Any) -> None:
    if isinstance(text, str) and isinstance(old, str) and isinstance(new, str):
        count = text.count(old) if old else len(text) + 1
        if len(text) + count * max(0, len(new) - len(old)) > MAX_TEXT:
            raise _too_big()


def _check_join(items: Iterable[Any], separator: Any = "") -> list[Any]:
    listed = list(items)
    _check_count(len(listed), "liste")
    sep = len(separator) if isinstance(separator, str) else 0
    if sum(_size(item) + sep for item in listed) > MAX_TEXT:
        raise _too_big()
    return listed


def _guarded_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """`func` with its arguments checked before it runs, and its result after."""

    @functools.wraps(func)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        _budget().step()
        values = [
            a for a in args if not isinstance(a, jinja2.runtime.Context | jinja2.nodes.EvalContext)
        ]
        if values:
            _check_size(values[0])
        if name in ("center", "indent", "batch", "slice", "truncate", "wordwrap"):
            for extra in [*values[1:], *kwargs.values()]:
                _check_count(extra)
            if name == "indent" and values and isinstance(values[0], str):
                width = values[1] if len(values) > 1 else kwargs.get("width", 4)
                lines = values[0].count("\n") + 1
                if isinstance(width, int) and lines * width > MAX_TEXT:
                    raise _too_big()
        elif name == "format" and values:
            _check_format(values[0])
        elif name == "replace" and len(values) >= 3:
            _check_replace(*values[:3])
        elif name == "join" and values and not isinstance(values[0], str):
            items = _check_join(values[0], values[1] if len(values) > 1 else "")
            args = tuple(items if a is values[0] else a for a in args)
        return _check_size(func(*args, **kwargs))

    return guarded


_PASSED = (jinja2.runtime.Context, nodes.EvalContext, jinja2.Environment)
_LIST_GROWERS = frozenset(("append", "extend", "insert", "update", "setdefault", "add"))


class LimitedSandbox(SandboxedEnvironment):
    """Jinja's sandbox, plus limits on size, loop turns and time (see above)."""

    intercepted_binops = frozenset(("*", "**", "+", "%", "//"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.globals.pop("lipsum", None)  # builds any amount of text in one call
        self.filters.update(
            {name: _guarded_filter(name, func) for name, func in self.filters.items()}
        )
        self.filters["_bounded"] = _bounded
        self.finalize = _check_size

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        # Every loop counts its turns; every `~` checks what it built. One walk over the
        # tree (Jinja's `find_all` is a generator per node: most of the cost of a parse).
        stack: list[nodes.Node] = list(tree.iter_child_nodes())
        while stack:
            parent = stack.pop()
            if isinstance(parent, nodes.For):
                parent.iter = nodes.Filter(
                    parent.iter, "_bounded", [], [], None, None, lineno=parent.lineno
                )
            for field in parent.fields:
                child = getattr(parent, field, None)
                if isinstance(child, nodes.Node):
                    if isinstance(child, nodes.Concat):
                        setattr(parent, field, _sized(child))
                    stack.append(child)  # the `~` itself: its own parts are walked too
                elif isinstance(child, list):
                    setattr(
                        parent,
                        field,
                        [_sized(c) if isinstance(c, nodes.Concat) else c for c in child],
                    )
                    stack.extend(c for c in child if isinstance(c, nodes.Node))
        return tree

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator in ("*", "**") and _grows_too_much(operator, left, right):
            if isinstance(left, int | float) and isinstance(right, int | float):
                raise TemplateLimit("nombre trop grand")
            raise _too_big("liste" if isinstance(left, list | tuple) else "texte")
        if operator == "%" and isinstance(left, str):
            _check_format(left)
        return _check_size(self.binop_table[operator](left, right))

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        _budget().step()
        # Jinja wraps `str.format`; the method it wraps tells the text formatted.
        method = getattr(__obj, "__wrapped__", __obj)
        receiver = getattr(method, "__self__", None)
        if isinstance(receiver, str):
            for value in [*args, *kwargs.values()]:
                _check_count(value)
            name = getattr(method, "__name__", "")
            if name in ("format", "format_map"):
                _check_format(receiver)
            elif name == "replace" and len(args) >= 2:
                _check_replace(receiver, args[0], args[1])
            elif name == "join" and args:
                args = (_check_join(args[0], receiver), *args[1:])
        result = SandboxedEnvironment.call(__self, __context, __obj, *args, **kwargs)
        if (
            isinstance(receiver, list | dict | set)
            and getattr(__obj, "__name__", "") in _LIST_GROWERS
        ):
            _check_count(len(receiver), "liste")
        return _check_size(result)


def _grows_too_much(operator: str, left: Any, right: Any) -> bool:
    """Whether `left * right` or `left ** right` would be too big, known before computing."""
    numbers = int | float
    if operator == "**":
        if not (isinstance(left, numbers) and isinstance(right, numbers)):
            return False
        return abs(left) > 1 and right > 0 and right * int(abs(left)).bit_length() > MAX_BITS
    for one, other in ((left, right), (right, left)):
        if isinstance(one, str | list | tuple) and isinstance(other, int):
            return len(one) * other > MAX_TEXT
    if isinstance(left, int) and isinstance(right, int):
        return left.bit_length() + right.bit_length() > MAX_BITS
    return False


def _sized(node: nodes.Expr) -> nodes.Expr:
    return nodes.Filter(node, "_checked", [], [], None, None, lineno=node.lineno)


def _bounded(iterable: Any) -> Iterator[Any]:
    """A loop's items, each turn counted against the rendering's budget."""
    budget = _budget()
    for item in iterable:
        budget.step()
        yield item


def _collect(chunks: Iterable[str]) -> str:
    """A rendering's output, refused as soon as it grows past MAX_TEXT."""
    out: list[str] = []
    total = 0
    for chunk in chunks:
        total += len(chunk)
        if total > MAX_TEXT:
            raise _too_big()
        out.append(chunk)
    return "".join(out)


def condition_source(condition: str) -> str:
    """The template a `when:` condition is evaluated as."""
    return "{% if " + condition + " %}1{% endif %}"


def is_plain(source: str) -> bool:
    """A text without a Jinja delimiter renders as itself: no need to compile it.

    (A carriage return is left to Jinja, which turns it into a newline.)
    """
    return "{" not in source and "\r" not in source and len(source) <= MAX_TEXT


class FolderLoader(jinja2.BaseLoader):
    """Templates from `folders` only (like copier, includes stay in the template root).

    A link that leaves its folder (`leak.txt -> /etc/passwd`), a FIFO or a device is
    refused, never read; a file is read with a size limit.
    """

    def __init__(self, folders: list[Path]) -> None:
        self.folders = folders

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
        pieces = split_template_path(template)
        for folder in self.folders:
            path = folder.joinpath(*pieces)
            if not path.exists():
                continue
            if not inside(path, folder):
                raise SecurityError(f"« {template} » mène hors du dossier des modèles : non lu")
            if not is_regular(path):
                raise SecurityError(f"« {template} » n'est pas un fichier ordinaire : non lu")
            try:
                text = read_limited(path, MAX_YAML_BYTES).decode("utf-8")
            except TooLarge:
                raise SecurityError(f"« {template} » est trop gros : non lu") from None
            except UnicodeDecodeError:
                raise SecurityError(f"« {template} » n'est pas encodé en UTF-8") from None
            mtime = path.stat().st_mtime_ns

            def uptodate(path: Path = path, mtime: int = mtime) -> bool:
                try:
                    return path.stat().st_mtime_ns == mtime
                except OSError:
                    return False

            return text, str(path), uptodate
        raise jinja2.TemplateNotFound(template)


class Unanswered(jinja2.StrictUndefined):
    """An optional question left blank: false in `{% if %}`, an error if printed."""

    __slots__ = ()

    def __bool__(self) -> bool:
        return False

    # Comparisons answer like a blank value would: `statut == 'bloque'` is simply false.
    __eq__ = jinja2.Undefined.__eq__
    __ne__ = jinja2.Undefined.__ne__
    __hash__ = jinja2.Undefined.__hash__


def unanswered(name: str) -> Unanswered:
    return Unanswered(name=name)


class SnippetLoader(jinja2.BaseLoader):
    """Serves playbook strings as named templates, so Jinja's bytecode cache applies."""

    PREFIX = "\x00snippet/"

    def __init__(self) -> None:
        self.sources: dict[str, str] = {}

    def name_of(self, source: str) -> str:
        return self.PREFIX + hashlib.sha1(source.encode()).hexdigest()

    def name_for(self, source: str) -> str:
        """The name to load `source` by; the source is held until `loaded`."""
        name = self.name_of(source)
        self.sources[name] = source
        return name

    def loaded(self, name: str) -> None:
        """Once compiled (or refused), a text is not kept: memory stays flat over a
        large library."""
        self.sources.pop(name, None)

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, None, Any]:
        if template not in self.sources:
            raise jinja2.TemplateNotFound(template)
        return self.sources[template], None, lambda: True


class Renderer:
    """One sandboxed environment; templates are looked up in `template_dirs` only."""

    def __init__(self, template_dirs: list[Path], cache: Cache | None = None) -> None:
        self.template_dirs = template_dirs
        self.snippets = SnippetLoader()
        self.env = LimitedSandbox(
            loader=jinja2.ChoiceLoader([self.snippets, FolderLoader(template_dirs)]),
            bytecode_cache=cache.jinja_bytecode(f"jinja-{SANDBOX_VERSION}") if cache else None,
            undefined=jinja2.StrictUndefined,
            autoescape=False,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
        )
        self.env.filters.update({n: _guarded_filter(n, f) for n, f in FILTERS.items()})
        self.env.filters["_checked"] = _check_size
        # The snippets compiled lately, by source: Jinja's own cache costs a walk of its
        # queue on every hit, and `validate` asks for the same few texts thousands of times.
        self._compiled: dict[str, jinja2.Template] = {}
        # What each text `analyse` parsed does with the solutions chosen (`solution_reads`),
        # read from that parse: the compositions that follow need not parse it again.
        self._reads: dict[str, tuple[str, ...] | None] = {}

    def _snippet(self, source: str) -> jinja2.Template:
        template = self._compiled.get(source)
        if template is None:
            name = self.snippets.name_for(source)
            try:
                template = self.env.get_template(name)
            finally:
                self.snippets.loaded(name)
            self._keep(source, template)
        return template

    def _keep(self, source: str, template: jinja2.Template) -> None:
        if len(self._compiled) >= MAX_KEPT:
            self._compiled.clear()  # bounded: a large library does not fill memory
            self._reads.clear()
        self._compiled[source] = template

    def compile(self, source: str, where: str) -> jinja2.Template:
        try:
            return self._snippet(source)
        except jinja2.TemplateSyntaxError as error:
            raise ReponseError(
                f"Modèle invalide ({where}), ligne {error.lineno} : {error.message}"
            ) from None

    def render(self, source: str, context: dict[str, Any], where: str) -> str:
        if is_plain(source):
            return source.strip()
        template = self.compile(source, where)
        with jinja_errors(where), limited():
            return _collect(template.root_render_func(template.new_context(context))).strip()

    def analyse(self, source: str) -> tuple[nodes.Template, set[str], str | None]:
        """`source` parsed once for `validate`: its tree, the names it reads, and what
        compiling it refused (an unknown filter…), else None — the template then compiled
        from the same pass, for the sandbox's test and the renderings that follow.

        Raises TemplateSyntaxError.
        """
        name = self.snippets.name_of(source)
        tree = self.env.parse(source, name)
        reads = _reads_of(tree) if "solution" in source else None  # before the code: as parsed
        # Jinja's own way of finding the names (`meta.find_undeclared_variables`) is a
        # code generation of its own: this one writes the code and notes the names.
        generator = _NamesGenerator(self.env, name)
        try:
            generator.visit(tree)
        except jinja2.TemplateAssertionError as error:
            return tree, generator.names, error.message
        code = self.env._compile(generator.stream.getvalue(), "<template>")
        template = self.env.template_class.from_code(
            self.env, code, self.env.make_globals(None), lambda: True
        )
        if self.env.cache is not None:
            # Where `get_template` looks (an LRU of Jinja's: memory stays bounded).
            self.env.cache[(weakref.ref(self.env.loader), name)] = template
        self._keep(source, template)
        if "solution" in source:
            self._reads[source] = reads
        return tree, generator.names, None

    def sandbox_problem(self, source: str, context: dict[str, Any]) -> str | None:
        """What the sandbox refuses when `source` renders with `context`, else None.

        For `validate`, on sample answers: any other error (a sample of the wrong shape
        for an arithmetic) is left to the examples, rendered for real.
        """
        try:
            template = self._snippet(source)
            with limited():
                _collect(template.root_render_func(template.new_context(context)))
        except SecurityError as error:
            return str(error)
        except RecursionError:
            return "trop d'appels imbriqués"
        except Exception:
            return None
        return None

    def condition(self, source: str, context: dict[str, Any], where: str) -> bool:
        """Evaluate a `when:` expression over the answers given so far."""
        try:
            template = self.compile(condition_source(source), where)
        except ReponseError:
            raise ReponseError(f"Condition invalide ({where}) : « {source} »") from None
        with jinja_errors(where), limited():
            return _collect(template.root_render_func(template.new_context(context))) == "1"

    def template(self, name: str) -> jinja2.Template:
        try:
            return self.env.get_template(name)
        except jinja2.TemplateNotFound:
            folders = ", ".join(str(d) for d in self.template_dirs)
            raise ReponseError(
                f"Modèle introuvable : « {name} » (cherché dans {folders})."
            ) from None
        except jinja2.TemplateSyntaxError as error:
            raise ReponseError(
                f"{error.filename or name}:{error.lineno}: modèle invalide : {error.message}"
            ) from None
        except SecurityError as error:
            raise ReponseError(f"Modèle refusé : {error}") from None

    def render_blocks(
        self, template: jinja2.Template, context: dict[str, Any], blocks: tuple[str, ...]
    ) -> tuple[str, dict[str, str]]:
        """The whole text, and each named block rendered on its own."""
        where = f"modèle {template.name}"
        with jinja_errors(where), limited():
            # Rendering the root registers the blocks of the whole `extends` chain in the
            # context, the child's overrides first. Each block the root writes is kept as it
            # goes by (the same function on the same context: what it would give alone); a
            # block the root does not write is then rendered alone.
            render_context = template.new_context(context)
            written: dict[str, str] = {}
            for name in blocks:
                chain = render_context.blocks.get(name)
                if chain:
                    chain[0] = _kept(chain[0], name, written)
            text = _collect(template.root_render_func(render_context))
            sections = {}
            for name in blocks:
                if name in written:
                    sections[name] = written[name].strip()
                    continue
                chain = render_context.blocks.get(name)
                if not chain:
                    raise ReponseError(f"Le modèle {template.name} n'a pas de bloc « {name} ».")
                sections[name] = _collect(chain[0](render_context)).strip()
        return text, sections


def _kept(
    block: Callable[[Any], Iterator[str]], name: str, written: dict[str, str]
) -> Callable[[Any], Iterator[str]]:
    """`block`, writing what it gives the first time into `written[name]` too."""

    def kept(context: Any) -> Iterator[str]:
        chunks: list[str] = []
        for chunk in block(context):
            chunks.append(chunk)
            yield chunk
        written.setdefault(name, "".join(chunks))

    return kept


class _NamesGenerator(CodeGenerator):
    """Jinja's code generator, noting the names a template reads from its context (as
    `jinja2.meta.TrackingCodeGenerator` does, without a second pass)."""

    def __init__(self, environment: jinja2.Environment, name: str) -> None:
        super().__init__(environment, name, None, None, False, environment.optimized)
        self.names: set[str] = set()

    def enter_frame(self, frame: Any) -> None:
        super().enter_frame(frame)
        for _, (action, param) in frame.symbols.loads.items():
            if action == "resolve" and param not in self.environment.globals:
                self.names.add(param)


def solution_reads(renderer: Renderer, source: str) -> tuple[str, ...] | None:
    """The ids a template tests with `'x' in solutions_choisies` (or `not in`), if that is
    all it does with the list; None if it reads it otherwise (its length, a loop, an
    include that may read it…): then it sees the whole list."""
    if source in renderer._reads:
        return renderer._reads[source]
    try:
        tree = renderer.env.parse(source)
    except jinja2.TemplateSyntaxError:
        return None  # the rendering says what is wrong
    return _reads_of(tree)


def _reads_of(tree: nodes.Template) -> tuple[str, ...] | None:
    if any(tree.find_all((nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends))):
        return None
    tested: dict[int, str] = {}  # id of the Name node: the id tested
    for compare in tree.find_all(nodes.Compare):
        if len(compare.ops) != 1 or compare.ops[0].op not in ("in", "notin"):
            continue
        right, left = compare.ops[0].expr, compare.expr
        if (
            isinstance(right, nodes.Name)
            and isinstance(left, nodes.Const)
            and isinstance(left.value, str)
        ):
            tested[id(right)] = left.value
    reads: list[str] = []
    for name in tree.find_all(nodes.Name):
        if name.name != "solutions_choisies":
            continue
        if id(name) not in tested or name.ctx != "load":
            return None
        if tested[id(name)] not in reads:
            reads.append(tested[id(name)])
    return tuple(reads)


class jinja_errors:
    """Turn Jinja's runtime errors into one French line naming the missing value."""

    def __init__(self, where: str) -> None:
        self.where = where

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type | None, error: BaseException | None, _tb: object) -> bool:
        if error is None or isinstance(error, ReponseError):
            return False
        if isinstance(error, jinja2.UndefinedError):
            name = _undefined_name(str(error))
            if name in CONFIG_NAMES:
                raise MissingSetting(
                    name,
                    f"Réglage manquant : « {name} », utilisé par {self.where}.",
                    hint=f"Renseignez-le avec « reponse init --set {name}=… ».",
                ) from None
            raise ReponseError(
                f"Valeur manquante : « {name} », utilisée par {self.where}.",
                hint="Un modèle ne laisse jamais de trou : donnez la valeur ou corrigez le modèle.",
            ) from None
        if isinstance(error, TemplateLimit):
            raise ReponseError(f"Modèle arrêté dans {self.where} : {error}.") from None
        if isinstance(error, SecurityError):
            raise ReponseError(f"Opération interdite dans {self.where} : {error}") from None
        if isinstance(error, RecursionError):
            raise ReponseError(
                f"Modèle arrêté dans {self.where} : trop d'appels imbriqués."
            ) from None
        if isinstance(error, MemoryError):
            raise ReponseError(f"Modèle arrêté dans {self.where} : mémoire insuffisante.") from None
        if isinstance(error, jinja2.TemplateError | ValueError | TypeError | ArithmeticError):
            raise ReponseError(f"Erreur dans {self.where} : {error}") from None
        return False


def _undefined_name(message: str) -> str:
    # Jinja says "'montant' is undefined" or "'dict object' has no attribute 'x'".
    if m := re.search(r"has no attribute '([^']+)'", message):
        return m[1]
    if m := re.match(r"'([^']+)' is undefined", message):
        return m[1]
    return message
