"""The sandboxed Jinja environment, the French filters, and Jinja errors in French.

Only playbook and template text is ever compiled. What an agent types and what a customer
wrote reach templates as values, so `{{ 7*7 }}` typed as a name prints as typed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from reponse_cli.errors import ReponseError
from reponse_cli.files.cache import Cache
from reponse_cli.playbooks.names import CONFIG_NAMES
from reponse_cli.text.french import (
    FrenchDate,
    format_date,
    format_money,
    format_number,
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


def _plus_days(value: dt.date, days: int) -> FrenchDate:
    return FrenchDate.of(value + dt.timedelta(days=int(days)))


FILTERS: dict[str, Callable[..., Any]] = {
    "money": _money,
    "date": _date,
    "jour": _jour,
    "nombre": _nombre,
    "typo": typography,
    "phrase": _phrase,
    "plus_jours": _plus_days,
}


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

    def name_for(self, source: str) -> str:
        name = self.PREFIX + hashlib.sha1(source.encode()).hexdigest()
        self.sources[name] = source
        return name

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, None, Any]:
        if template not in self.sources:
            raise jinja2.TemplateNotFound(template)
        return self.sources[template], None, lambda: True


class Renderer:
    """One sandboxed environment; templates are looked up in `template_dirs` only."""

    def __init__(self, template_dirs: list[Path], cache: Cache | None = None) -> None:
        self.template_dirs = template_dirs
        self.snippets = SnippetLoader()
        self.env = SandboxedEnvironment(
            loader=jinja2.ChoiceLoader(
                [self.snippets, jinja2.FileSystemLoader([str(d) for d in template_dirs])]
            ),
            bytecode_cache=cache.jinja_bytecode() if cache else None,
            undefined=jinja2.StrictUndefined,
            autoescape=False,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
        )
        self.env.filters.update(FILTERS)

    def compile(self, source: str, where: str) -> jinja2.Template:
        try:
            return self.env.get_template(self.snippets.name_for(source))
        except jinja2.TemplateSyntaxError as error:
            raise ReponseError(
                f"Modèle invalide ({where}), ligne {error.lineno} : {error.message}"
            ) from None

    def render(self, source: str, context: dict[str, Any], where: str) -> str:
        template = self.compile(source, where)
        with jinja_errors(where):
            return template.render(context).strip()

    def condition(self, source: str, context: dict[str, Any], where: str) -> bool:
        """Evaluate a `when:` expression over the answers given so far."""
        try:
            template = self.compile("{% if " + source + " %}1{% endif %}", where)
        except ReponseError:
            raise ReponseError(f"Condition invalide ({where}) : « {source} »") from None
        with jinja_errors(where):
            return template.render(context) == "1"

    def template(self, name: str) -> jinja2.Template:
        try:
            return self.env.get_template(name)
        except jinja2.TemplateNotFound:
            folders = ", ".join(str(d) for d in self.template_dirs)
            raise ReponseError(
                f"Modèle introuvable : « {name} » (cherché dans {folders})."
            ) from None
        except jinja2.TemplateSyntaxError as error:
            raise ReponseError(
                f"{error.filename or name}:{error.lineno}: modèle invalide : {error.message}"
            ) from None

    def render_blocks(
        self, template: jinja2.Template, context: dict[str, Any], blocks: tuple[str, ...]
    ) -> tuple[str, dict[str, str]]:
        """The whole text, and each named block rendered on its own."""
        where = f"modèle {template.name}"
        with jinja_errors(where):
            # Rendering the root first registers the blocks of the whole `extends` chain in
            # the context, the child's overrides first; each block is then rendered alone.
            render_context = template.new_context(context)
            text = "".join(template.root_render_func(render_context))
            sections = {}
            for name in blocks:
                chain = render_context.blocks.get(name)
                if not chain:
                    raise ReponseError(f"Le modèle {template.name} n'a pas de bloc « {name} ».")
                sections[name] = "".join(chain[0](render_context)).strip()
        return text, sections


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
                raise ReponseError(
                    f"Réglage manquant : « {name} », utilisé par {self.where}.",
                    hint=f"Renseignez-le avec « reponse init --set {name}=… ».",
                ) from None
            raise ReponseError(
                f"Valeur manquante : « {name} », utilisée par {self.where}.",
                hint="Un modèle ne laisse jamais de trou : donnez la valeur ou corrigez le modèle.",
            ) from None
        if isinstance(error, jinja2.exceptions.SecurityError):
            raise ReponseError(f"Opération interdite dans {self.where} : {error}") from None
        if isinstance(error, jinja2.TemplateError | ValueError | TypeError | ArithmeticError):
            raise ReponseError(f"Erreur dans {self.where} : {error}") from None
        return False


def _undefined_name(message: str) -> str:
    # Jinja says "'montant' is undefined" or "'dict object' has no attribute 'x'".
    if m := re.search(r"has no attribute '([^']+)'", message):
        return m[1]
    if m := re.match(r"'([^']+)' is undefined", message):
        return m[1]
    return message
