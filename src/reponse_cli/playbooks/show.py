"""A playbook as JSON for `reponse playbooks show --format json`, and as a table row."""

from __future__ import annotations

from typing import Any

import msgspec

from reponse_cli.drafting.answers import fact_questions, plain
from reponse_cli.errors import PlaybookError
from reponse_cli.playbooks.library import Library, PlaybookRef
from reponse_cli.playbooks.schema import Playbook, Question


def question_json(question: Question) -> dict[str, Any]:
    """A question as JSON, its type and requiredness always spelled out."""
    data = msgspec.to_builtins(question)
    data["type"] = question.type
    data["required"] = question.required
    if question.default is not None:
        data["default"] = msgspec.to_builtins(plain(question.default))
    return data


def playbook_json(spec: Playbook, **where: str) -> dict[str, Any]:
    """The whole playbook: questions with their types, and the questions a draft asks."""
    data = msgspec.to_builtins(spec)
    data.update(where)
    data["questions"] = [question_json(q) for q in spec.questions]
    data["asked"] = [question_json(q) for q in fact_questions(spec)]
    for index, solution in enumerate(spec.solutions):
        data["solutions"][index]["geste"] = solution.geste
        data["solutions"][index]["questions"] = [question_json(q) for q in solution.questions]
    return data


def list_rows(library: Library, on_error: Any = None) -> list[dict[str, Any]]:
    """One row a playbook for `playbooks list`: a broken one is listed as such."""
    rows = []
    for ref in library.discover().values():
        try:
            spec = library.load(ref)
            title, family = spec.title, spec.family
        except PlaybookError as error:
            if on_error:
                on_error(ref, error)
            title, family = "(invalide : reponse playbooks validate)", ""
        rows.append(row(ref, title, family))
    return rows


def row(ref: PlaybookRef, title: str, family: str) -> dict[str, Any]:
    return {
        "id": ref.id,
        "title": title,
        "family": family,
        "source": ref.source,
        "path": str(ref.path),
        "overrides": [str(p) for p in ref.hides],
    }
