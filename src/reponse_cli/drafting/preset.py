"""Answers given before the flow starts: `--answers FILE`, `--set KEY=VALUE`, the flags.

Values are typed by the same coercion as the prompts; keys no question knows are refused
with « vouliez-vous dire », and every malformed value is reported at once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import msgspec

from reponse_cli.drafting.answers import coerce, is_empty
from reponse_cli.drafting.compose import Composer
from reponse_cli.env import Environment
from reponse_cli.errors import ReponseError, did_you_mean, invalid_values
from reponse_cli.files.input import STDIN_NAME, read_stdin
from reponse_cli.files.read import MAX_YAML_BYTES
from reponse_cli.files.yaml import parse_yaml, read_text
from reponse_cli.playbooks.names import DECISIONS
from reponse_cli.playbooks.schema import COMMON_QUESTIONS


class Preset(msgspec.Struct):
    answers: dict[str, Any] = msgspec.field(default_factory=dict)  # typed
    decisions: dict[str, Any] = msgspec.field(default_factory=dict)  # responsibility, solutions…


def parse_sets(items: list[str]) -> dict[str, str]:
    """`--set CLÉ=VALEUR`, in order; the last value of a key wins."""
    found: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ReponseError(f"--set attend CLÉ=VALEUR, pas « {item} ».")
        found[key.strip()] = value
    return found


def read_answers_file(env: Environment, path: Path) -> dict[str, Any]:
    """A YAML or JSON mapping of answers; « - » reads standard input."""
    if str(path) == "-":
        text, name = read_stdin(env, MAX_YAML_BYTES), STDIN_NAME
    else:
        try:
            text = read_text(path)
        except ReponseError as error:
            raise ReponseError(f"Fichier de réponses : {error.message}") from None
        name = str(path)
    try:
        data = parse_yaml(text, name).data
    except ReponseError as error:
        first = error.message.splitlines()[0]
        raise ReponseError(f"Fichier de réponses illisible (YAML ou JSON) — {first}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ReponseError(f"{name}: le fichier de réponses doit être un dictionnaire clé: valeur")
    return {str(k): v for k, v in data.items()}


def gather_preset(composer: Composer, raw: dict[str, Any]) -> Preset:
    """Typed answers and the agent's decisions; unknown keys and bad values refused."""
    questions = {q.id: q for q in COMMON_QUESTIONS}
    questions.update(composer.questions)
    known = set(questions) | set(DECISIONS)
    unknown = [key for key in raw if key not in known]
    if unknown:
        details = " ".join(f"« {key} ».{did_you_mean(key, known)}" for key in unknown)
        raise ReponseError(
            f"Clé inconnue pour le playbook {composer.ref.id} : {details}",
            hint="Clés possibles : " + ", ".join(sorted(known)) + ".",
        )
    preset = Preset()
    errors = []
    for key, value in raw.items():
        if key in DECISIONS:
            preset.decisions[key] = value
            continue
        if is_empty(value):
            continue
        try:
            preset.answers[key] = coerce(questions[key], value, composer.today)
        except ValueError as error:
            errors.append(f"{key} : {error}")
    # The steps kept in the plan are read before any prompt checks them: a list of ids,
    # or « confirmation,relance » as typed with --set.
    kept = preset.decisions.get("follow_up")
    if isinstance(kept, str):
        preset.decisions["follow_up"] = [v.strip() for v in kept.split(",") if v.strip()]
    elif kept is not None and not isinstance(kept, list):
        errors.append(f"follow_up : une liste d'identifiants est attendue, pas « {kept} »")
    elif kept is not None:
        preset.decisions["follow_up"] = [str(v) for v in kept]
    if errors:
        raise ReponseError(invalid_values(errors))
    if isinstance(preset.decisions.get("solutions"), str):
        chosen = preset.decisions["solutions"].split(",")
        preset.decisions["solutions"] = [s.strip() for s in chosen if s.strip()]
    return preset


def restore_answers(composer: Composer, saved: dict[str, Any]) -> dict[str, Any]:
    """Typed answers from a saved state; a value that no longer fits is asked again."""
    restored = {}
    for key, value in saved.items():
        question = composer.questions.get(key)
        if question is None:
            continue
        try:
            restored[key] = coerce(question, value, composer.today)
        except ValueError:
            continue
    return restored
