"""Answers: which questions a playbook asks, and typed values from what agents type.

The same coercion serves `--set`, `--answers`, the interactive prompts and the saved
state of an interrupted draft, so a value is checked the same way wherever it comes from.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from reponse_cli.listening.facts import read_date
from reponse_cli.playbooks.schema import (
    COMMON_QUESTIONS,
    Playbook,
    Question,
    choice_values,
    conditions,
    template_fields,
)
from reponse_cli.text.french import (
    FrenchDate,
    Money,
    ParseError,
    format_date,
    parse_bool,
    parse_date,
    parse_int,
    parse_money,
)

TYPE_LABELS = {
    "text": "texte",
    "multiline": "texte sur plusieurs lignes",
    "choice": "choix",
    "money": "montant",
    "date": "date",
    "int": "nombre entier",
    "bool": "oui/non",
}


def coerce(question: Question, raw: Any, today: dt.date) -> Any:
    """The typed value of `raw` for `question`; ParseError (French) when it does not fit."""
    kind = question.type
    if kind == "money":
        return parse_money(raw)
    if kind == "date":
        return read_answer_date(raw, today, past=question.past)
    if kind == "int":
        return parse_int(raw)
    if kind == "bool":
        return parse_bool(raw)
    if isinstance(raw, dt.date | Decimal | bool | int | float):
        raw = str(raw)
    if not isinstance(raw, str):
        raise ParseError(f"texte attendu, pas « {raw!r} »")
    if kind == "choice":
        pairs = choice_values(question)
        wanted = raw.strip().lower()
        for value, label in pairs:
            if wanted in (value.lower(), label.lower()):
                return value
        allowed = ", ".join(value for value, _ in pairs)
        raise ParseError(f"« {raw} » n'est pas un choix possible ({allowed})")
    text = raw.strip() if kind == "text" else raw.strip("\n")
    if kind == "text" and "\n" in text:
        raise ParseError("une seule ligne attendue")
    return text


# « 12/12 », « le 12 décembre »: a day and a month, the year left to the reader.
_DAY_MONTH = re.compile(r"^\s*(?:le\s+)?\d{1,2}(?:er)?(?:[/.-]\d{1,2}|\s+[^\W\d_]+\.?)\s*$")


def read_answer_date(raw: Any, today: dt.date, past: bool = False) -> FrenchDate:
    """A date as an agent types it: « 18/11/2026 », « hier », and the way `listen` reads a
    message — « il y a 3 semaines », « lundi dernier », « le 14 ou le 15 octobre ».

    For an event already past (`past`), a date without a year is the last one before
    today, and a date still to come is refused.
    """
    try:
        value = parse_date(raw, today)
    except ParseError as error:
        if not isinstance(raw, str) or "année" in str(error):
            raise
        found = read_date(raw, today, "past" if past else None)
        if found is None:
            raise ParseError(
                f"date invalide : « {raw} » (exemples : 18/11/2026, 18 novembre, hier, "
                "il y a 3 jours, lundi dernier)"
            ) from None
        value = parse_date(found, today)
    if past and value > today:
        earlier = _year_before(value) if isinstance(raw, str) and _DAY_MONTH.match(raw) else None
        if earlier is None or earlier > today:
            shown = format_date(value)
            read = f"« {raw} »" if str(raw).strip() == shown else f"« {raw} » ({shown})"
            raise ParseError(f"{read} est une date à venir : la date demandée est déjà passée")
        value = earlier
    return value


def _year_before(value: dt.date) -> FrenchDate | None:
    try:
        return FrenchDate(value.year - 1, value.month, value.day)
    except ValueError:  # 29 February
        return None


def is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# --- which questions a playbook asks -------------------------------------------------

_JINJA_TAG = re.compile(r"\{\{(.*?)\}\}|\{%(.*?)%\}", re.DOTALL)
_NAME = re.compile(r"(?<![\w.'\"])([a-z_][a-z0-9_]*)")


def referenced_names(sources: Iterable[str]) -> set[str]:
    """Names a set of Jinja sources may read: a fast scan, checked by `validate`."""
    names: set[str] = set()
    for source in sources:
        for match in _JINJA_TAG.finditer(source):
            names.update(_NAME.findall(match.group(1) or match.group(2)))
    return names


def template_sources(playbook: Playbook) -> Iterator[str]:
    """Every text of a draft a name may be read in, its conditions included.

    The listening summary is left out: it is for `reponse listen`, which reads its
    names from the message, and must not add questions to a draft.
    """
    for where, source, _ in template_fields(playbook):
        if list(where) != ["listen", "summary"]:
            yield source
    for _, condition in conditions(playbook):
        yield "{{ " + condition + " }}"


def fact_questions(playbook: Playbook, extra_sources: Iterable[str] = ()) -> list[Question]:
    """The questions of the listening step: the common ones the playbook uses, then its own.

    A playbook question with a common id replaces the common definition, in the place the
    playbook gives it.
    """
    used = referenced_names([*template_sources(playbook), *extra_sources])
    own_ids = {q.id for q in playbook.questions}
    common = [
        q for q in COMMON_QUESTIONS if q.id not in own_ids and (q.id == "civilite" or q.id in used)
    ]
    return common + list(playbook.questions)


def all_questions(playbook: Playbook, extra_sources: Iterable[str] = ()) -> dict[str, Question]:
    """Every question a draft of this playbook may ask, solutions' own included."""
    found = {q.id: q for q in fact_questions(playbook, extra_sources)}
    for solution in playbook.solutions:
        for question in solution.questions:
            found[question.id] = question
    return found


# --- JSON round trip (saved state, --format json) ---------------------------------------


def to_json(value: Any) -> Any:
    if isinstance(value, Money | Decimal):
        return format(value, "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def plain(value: Any) -> Any:
    """Strip the French-printing wrappers (for YAML/JSON dumps)."""
    if isinstance(value, Money):
        return Decimal(value)
    if isinstance(value, FrenchDate):
        return dt.date(value.year, value.month, value.day)
    return value
