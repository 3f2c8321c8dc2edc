"""Advice as data: YAML rules over the bilan's figures, each with its French advice.

Rules live in `advice/` (shipped), in the `advice` folder of your data, or in
`--conseils DOSSIER` / `REPONSE_ADVICE` — the same precedence as playbooks and checker
rules; a rule with the id of a built-in one replaces it, `enabled: false` turns it off.
A rule's `when` is a Jinja condition over the figures (in a sandbox), `each` names a
list to try it on item by item (`item` in the texts), `text` and `figures` are Jinja
texts: every recommendation names the figures it rests on.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import msgspec

from reponse_cli.env import Environment
from reponse_cli.errors import FileProblems, ReponseError
from reponse_cli.files.cache import Cache
from reponse_cli.files.resources import precedence, resource_dir
from reponse_cli.files.yaml import convert, read_yaml
from reponse_cli.text.french import format_money, format_number, format_percent, typography


class AdviceError(FileProblems):
    """An advice file is broken."""


class AdviceRule(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    id: str
    when: str
    text: str
    figures: list[str] = []
    each: str | None = None
    enabled: bool = True
    why: str | None = None


class AdviceFile(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    rules: list[AdviceRule] = []


class Placed(msgspec.Struct):
    rule: AdviceRule
    where: str  # the file, for messages


def advice_dirs(env: Environment, given: list[Path] | None = None) -> list[tuple[Path, str]]:
    return precedence(
        given,
        env.path_list("REPONSE_ADVICE"),
        "conseils",
        env.data_dir / "advice",
        resource_dir("advice"),
    )


def load_rules(env: Environment, given: list[Path] | None = None) -> list[Placed]:
    """Every enabled rule, the highest-precedence file winning for an id."""
    found: dict[str, Placed] = {}
    cache = Cache(env.cache_dir)
    for folder, _source in reversed(advice_dirs(env, given)):
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.y*ml")):
            data = cache.file_data(path, lambda p: read_yaml(p, AdviceError).data)
            parsed = convert(
                lambda p=path: read_yaml(p, AdviceError), data or {}, AdviceFile, AdviceError
            )
            for rule in parsed.rules:
                found[rule.id] = Placed(rule, str(path))
    return [placed for placed in found.values() if placed.rule.enabled]


@cache
def _sandbox() -> Any:
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

    environment = SandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=False)
    environment.filters["pourcent"] = format_percent
    environment.filters["money"] = lambda v: format_money(v)
    environment.filters["nombre"] = lambda v: format_number(v)
    return environment


_ADVICE, _FIGURE = "\x1e", "\x1f"  # separators no rule text contains


def _template(placed: Placed) -> Any:
    """One template a rule — its loop, condition, text and figures — compiled once."""
    import jinja2

    rule = placed.rule
    body = _ADVICE + rule.text + "".join(_FIGURE + f for f in rule.figures)
    source = "{% if " + rule.when + " %}" + body + "{% endif %}"
    if rule.each:
        source = "{% for item in " + rule.each + " %}" + source + "{% endfor %}"
    try:
        return _sandbox().from_string(source)
    except jinja2.TemplateError as error:
        raise ReponseError(f"{placed.where}: conseil « {rule.id} » invalide ({error}).") from None


def _tidy(text: str) -> str:
    return typography(" ".join(text.split()))


def advise(rules: list[Placed], context: dict[str, Any]) -> list[dict[str, Any]]:
    """The recommendations whose condition holds, in the rules' order."""
    import jinja2

    found = []
    for placed in rules:
        try:
            output = _template(placed).render(context)
        except (jinja2.TemplateError, TypeError, ValueError, ZeroDivisionError, KeyError) as error:
            raise ReponseError(
                f"{placed.where}: conseil « {placed.rule.id} » impossible à évaluer ({error})."
            ) from None
        for piece in output.split(_ADVICE)[1:]:
            text, *figures = piece.split(_FIGURE)
            found.append(
                {
                    "rule": placed.rule.id,
                    "text": _tidy(text),
                    "figures": [_tidy(f) for f in figures],
                }
            )
    return found
