"""The draft as text for an e-mail, as Markdown, as JSON, as an `.eml`, as a `mailto:`.

The subject and the body stay apart: text and Markdown print the subject on its own
first line then a blank line (`body_only` leaves it out), JSON has both keys, the `.eml`
and the link put the subject in its header field.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING

from reponse_cli.delivery.eml import eml_text
from reponse_cli.delivery.mailto import mailto_link
from reponse_cli.drafting.compose import Draft
from reponse_cli.text.french import NBSP

FORMATS = ("text", "markdown", "json", "eml", "mailto")
WITH_SUBJECT_LINE = ("text", "markdown")  # the formats `body_only` applies to
BY_SUFFIX = {".eml": "eml", ".json": "json", ".md": "markdown", ".markdown": "markdown"}

if TYPE_CHECKING:
    from email.headerregistry import Address


def format_for(output: Path | None) -> str:
    """The format an output file's name asks for (`reponse.eml`), text otherwise."""
    return BY_SUFFIX.get(output.suffix.lower(), "text") if output is not None else "text"


def format_draft(
    draft: Draft,
    fmt: str,
    *,
    body_only: bool = False,
    from_: Address | None = None,
    date: dt.datetime | None = None,
    with_html: bool = False,
) -> str:
    if fmt == "json":
        return json.dumps(draft.as_json(), ensure_ascii=False, indent=2)
    if fmt == "eml":
        return eml_text(draft, from_=from_, date=date, with_html=with_html)
    if fmt == "mailto":
        return mailto_link(draft)
    if body_only or not draft.subject:  # a public reply has no subject line
        return draft.text
    if fmt == "markdown":
        return f"**Objet{NBSP}:** {draft.subject}\n\n{draft.text}"
    return f"Objet{NBSP}: {draft.subject}\n\n{draft.text}"
