"""A playbook's texts as a customer would read them, for `reponse playbooks show`.

Each text is rendered with the answers `validate` renders the examples with: the first
example's, completed by the other examples', the questions' defaults and a sample value
of each type — so an agent reads « Votre commande 48213 devait vous parvenir le 18 novembre 2026 »
rather than Jinja. `show --source` keeps the templates.
"""

from __future__ import annotations

from typing import Any

import msgspec

from reponse_cli.drafting.answers import coerce
from reponse_cli.drafting.compose import DraftState, due_date
from reponse_cli.drafting.worker import Worker
from reponse_cli.errors import ReponseError
from reponse_cli.playbooks.library import PlaybookRef
from reponse_cli.playbooks.schema import COMMON_QUESTIONS, Playbook, template_fields
from reponse_cli.playbooks.validate import sample_context

Key = tuple[str | int, ...]


class Preview(msgspec.Struct):
    example: str | None  # the example whose answers were used, by its name
    texts: dict[Key, str]  # where → the text rendered; a text that cannot be is left out


def key_of(where: Any) -> Key:
    """A text's place, without the trailing « text » of a {text, when} paragraph."""
    parts = tuple(where)
    return parts[:-1] if parts and parts[-1] == "text" else parts


def preview(worker: Worker, ref: PlaybookRef, playbook: Playbook) -> Preview:
    """Every text of `playbook` rendered with sample answers (see the module's doc)."""
    composer = worker.composer(ref)
    today = worker.env.today
    questions = {q.id: q for q in COMMON_QUESTIONS}
    questions.update(composer.questions)
    samples = sample_context(playbook, today)
    answers: dict[str, Any] = {key: samples[key] for key in questions if key in samples}
    given: dict[str, Any] = {q.id: q.default for q in questions.values() if q.default is not None}
    for example in reversed(playbook.examples):
        given.update(example.answers)
    for key, raw in given.items():
        if key in questions:
            try:
                answers[key] = coerce(questions[key], raw, today)
            except ValueError:
                continue
    first = playbook.examples[0] if playbook.examples else None
    state = DraftState(
        playbook=ref.id,
        answers=answers,
        responsibility=first.responsibility if first else playbook.responsibility_default(),
        solutions=list(first.solutions) if first and first.solutions else None,
    )
    texts: dict[Key, str] = {}
    for where, source, _ in template_fields(playbook):
        local: dict[str, Any] = {}
        if where[0] == "follow_up":
            item = playbook.follow_up[int(where[1])]
            local = {"due": due_date(today, item.after_days), "after_days": item.after_days}
        try:
            texts[key_of(where)] = composer.render(source, state, "l'aperçu", **local)
        except ReponseError:
            continue  # shown as written, with its template
    return Preview(first.name if first else None, texts)
