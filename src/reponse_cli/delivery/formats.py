"""The draft as text for an e-mail, as Markdown, as JSON for scripts."""

from __future__ import annotations

import json

from reponse_cli.drafting.compose import Draft
from reponse_cli.text.french import NBSP

FORMATS = ("text", "markdown", "json")


def format_draft(draft: Draft, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(draft.as_json(), ensure_ascii=False, indent=2)
    if fmt == "markdown":
        return f"**Objet{NBSP}:** {draft.subject}\n\n{draft.text}"
    return f"Objet{NBSP}: {draft.subject}\n\n{draft.text}"
