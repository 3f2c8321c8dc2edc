"""Answers given before the flow starts: `--answers FILE`, `--set KEY=VALUE`, the flags.

Values are typed by the same coercion as the prompts; keys no question knows are refused
with « vouliez-vous dire », and every malformed value is reported at once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import msgspec

from reponse_cli.drafting.answers import coerce, is_empty
from reponse_cli.drafting.compose import Composer, known_ids
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
            raise ReponseError(f"Fichier de réponses : {error.message}") from None
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
            f"Clé inconnue pour le playbook {composer.ref.id} : {details}",
            hint="Clés possibles : " + ", ".join(sorted(known)) + ".",
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
            errors.append(f"{key} : {error}")
    # The kept follow-up steps have no question of their own to check them when asked.
    kept = preset.decisions.get("follow_up")
    if not (kept is None or isinstance(kept, str) or _strings(kept)):
        errors.append(
            "follow_up : une liste d'étapes de suivi est attendue (« id1,id2 » ou une liste JSON)"
        )
    if errors:
        raise ReponseError(invalid_values(errors))
    for key in ("solutions", "follow_up"):  # « a,b » as typed after --set
        if isinstance(preset.decisions.get(key), str):
            chosen = preset.decisions[key].split(",")
            preset.decisions[key] = [s.strip() for s in chosen if s.strip()]
    # A step named by a script must exist (a resumed draft may outlive a removed step).
    steps = [item.id for item in composer.playbook.follow_up]
    known_ids("Étape de suivi", "Étapes de suivi", preset.decisions.get("follow_up"), steps)
    return preset


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


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
