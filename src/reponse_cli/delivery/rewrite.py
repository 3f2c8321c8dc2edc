"""The whole draft rewritten by the agent in their editor, then read by the checker again.

The editor shows « Objet : … », a blank line, then the body, as the text format prints
it; what comes back is split the same way (no « Objet » line: the subject is kept). The
French typography is applied as on a composed draft. The edited text replaces the
draft's, which says so (`edited`): it is what gets delivered and recorded.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import msgspec

from reponse_cli.delivery.editor import edit_text
from reponse_cli.drafting.compose import Draft
from reponse_cli.env import Environment
from reponse_cli.errors import ReponseError
from reponse_cli.text.french import NBSP, typography

_SUBJECT = re.compile(r"^\s*objet\s*:\s*(.*?)\s*$", re.IGNORECASE)


def for_editor(subject: str, text: str) -> str:
    return f"Objet{NBSP}: {subject}\n\n{text.rstrip()}\n"


def split_edited(edited: str, subject: str) -> tuple[str, str]:
    """(subject, body) of what came back from the editor."""
    lines = edited.replace("\r\n", "\n").split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is not None and (match := _SUBJECT.match(lines[first].replace(NBSP, " "))):
        subject = match[1] or subject
        lines = lines[first + 1 :]
    body = "\n".join(line.rstrip() for line in lines).strip()
    return typography(subject.strip()), typography(body)


def edit_draft(env: Environment, draft: Draft, check: Callable[[str], dict[str, Any]]) -> Draft:
    """The draft as the agent left it in their editor, with the checker's new findings."""
    before = for_editor(draft.subject, draft.text)
    after = edit_text(env, before)
    if after == before:
        return draft
    subject, body = split_edited(after, draft.subject)
    if not body:
        raise ReponseError("Texte vide au retour de l'éditeur : brouillon inchangé.")
    if subject == draft.subject and body == draft.text:
        return draft
    return apply_edit(draft, subject, body, check)


def apply_edit(
    draft: Draft, subject: str, body: str, check: Callable[[str], dict[str, Any]]
) -> Draft:
    """A draft carrying the agent's own text (after an edit, or resumed from one)."""
    return msgspec.structs.replace(
        draft, subject=subject, text=body, edited=True, check=check(body)
    )
