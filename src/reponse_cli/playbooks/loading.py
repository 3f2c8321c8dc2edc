"""Loading a playbook file: YAML, schema, and what the schema cannot say, at `path:line`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import msgspec

from reponse_cli.drafting.answers import coerce
from reponse_cli.errors import PlaybookError, did_you_mean
from reponse_cli.files.cache import Cache
from reponse_cli.files.yaml import YamlDocument, convert, read_yaml
from reponse_cli.playbooks.names import RESERVED_NAMES
from reponse_cli.playbooks.schema import FIELD_NAMES, Playbook, Question, Where

# A default is checked for its type only: « hier » parses whatever the day.
CHECK_DAY = dt.date(2026, 1, 1)


def _read(path: Path) -> YamlDocument:
    return read_yaml(path, PlaybookError)


def parse_playbook(path: Path, cache: Cache | None = None) -> Playbook:
    """Load one playbook file; raise PlaybookError with every structural problem.

    The YAML comes from the cache while the file is unchanged; the text is read again
    only to point at the line of a problem.
    """
    # The cache keeps a playbook's data once it has passed every check below: while the
    # file is unchanged, the next run only turns it into a Playbook again.
    data = (cache or Cache(None)).file_data(path, _checked_data, "playbook", _CHECKS)
    return msgspec.convert(data, Playbook)


# The code that checks a playbook: a new check must read every playbook again.
_HERE = Path(__file__).parent
_CHECKS = (
    _HERE / "loading.py",
    _HERE / "schema.py",
    _HERE / "names.py",
    _HERE.parent / "drafting" / "answers.py",
)


def _checked_data(path: Path) -> dict[str, Any]:
    data = _read(path).data
    if not isinstance(data, dict):
        raise PlaybookError([f"{path}:1: un playbook est un dictionnaire YAML (clé: valeur)"])
    playbook = convert(lambda: _read(path), data, Playbook, PlaybookError, FIELD_NAMES)
    found = structural_problems(playbook, path.stem)
    if found:
        document = _read(path)
        raise PlaybookError([f"{document.at(where)}: {message}" for where, message in found])
    return data


def structural_problems(playbook: Playbook, file_id: str) -> list[tuple[Where, str]]:
    """What the schema cannot say: ids, references, defaults of the right type."""
    problems: list[tuple[Where, str]] = []
    if playbook.id is not None and playbook.id != file_id:
        problems.append(
            (["id"], f"l'id « {playbook.id} » doit être le nom du fichier : « {file_id} »")
        )
    variants = playbook.apologies.variants()
    if not variants:
        problems.append((["apologies"], "au moins une excuse est nécessaire (nous, client…)"))
    if playbook.default_responsibility and playbook.default_responsibility not in variants:
        problems.append(
            (
                ["default_responsibility"],
                f"« {playbook.default_responsibility} » n'a pas d'excuse dans apologies",
            )
        )

    seen: dict[str, Where] = {}
    all_questions: list[tuple[Where, Question]] = [
        (["questions", i], q) for i, q in enumerate(playbook.questions)
    ]
    for s_index, solution in enumerate(playbook.solutions):
        all_questions += [
            (["solutions", s_index, "questions", i], q) for i, q in enumerate(solution.questions)
        ]
    for where, question in all_questions:
        if question.id in seen:
            problems.append(([*where, "id"], f"question « {question.id} » définie deux fois"))
        seen[question.id] = where
        if question.id in RESERVED_NAMES:
            problems.append(
                ([*where, "id"], f"« {question.id} » est un nom réservé ; choisissez-en un autre")
            )
        if question.type == "choice" and not question.choices:
            problems.append(
                ([*where, "choices"], "une question de type choice a besoin de choices")
            )
        if question.default is not None:
            try:
                coerce(question, question.default, CHECK_DAY)
            except ValueError as error:
                problems.append(([*where, "default"], f"valeur par défaut : {error}"))

    for label, items in (
        ("solution", [s.id for s in playbook.solutions]),
        ("suivi", [f.id for f in playbook.follow_up]),
    ):
        key = "solutions" if label == "solution" else "follow_up"
        for index, item_id in enumerate(items):
            if items.index(item_id) != index:
                problems.append(([key, index, "id"], f"{label} « {item_id} » définie deux fois"))

    solution_ids = {s.id for s in playbook.solutions}
    follow_ids = {f.id for f in playbook.follow_up}
    for index, example in enumerate(playbook.examples):
        where: Where = ["examples", index]
        if example.responsibility not in variants:
            problems.append(
                ([*where, "responsibility"], f"pas d'excuse « {example.responsibility} »")
            )
        for sid in example.solutions:
            if sid not in solution_ids:
                problems.append(
                    (
                        [*where, "solutions"],
                        f"solution inconnue « {sid} »." + did_you_mean(sid, solution_ids),
                    )
                )
        for fid in example.follow_up or []:
            if fid not in follow_ids:
                problems.append(([*where, "follow_up"], f"suivi inconnu « {fid} »"))
        if example.promise is not None and example.promise not in follow_ids:
            problems.append(([*where, "promise"], f"suivi inconnu « {example.promise} »"))
    promised = [index for index, item in enumerate(playbook.follow_up) if item.promise]
    for index in promised[1:]:
        problems.append(
            (
                ["follow_up", index, "promise"],
                "une seule étape promise par défaut : la réponse promet une seule date",
            )
        )
    return problems
