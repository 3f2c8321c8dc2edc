"""The draft as an e-mail file (RFC 5322) a mail client opens ready to edit and send.

Built with the standard library's `email` package under the SMTP policy (CRLF line
ends), UTF-8 in quoted-printable so accents survive every client; `X-Unsent: 1` makes
Outlook open it as a draft. A reply to an `.eml` carries `In-Reply-To` and `References`
and the customer's subject after « Re: », so it lands in the customer's thread (Gmail
and Outlook group by subject as well as by those headers).
"""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import TYPE_CHECKING

from reponse_cli.config import Config
from reponse_cli.drafting.compose import Draft
from reponse_cli.listening.mail import is_address, one_line

_REPLY_PREFIX = re.compile(r"^\s*(?:re|ré|réf|aw|sv|antw)\s*:", re.IGNORECASE)

if TYPE_CHECKING:
    from email.headerregistry import Address
    from email.message import EmailMessage

# The stdlib's e-mail package is imported when an e-mail is built: a draft printed as
# text never needs it.


def mailbox(name: str | None, address: str | None) -> Address | None:
    """An address header value, or None when `address` is not an e-mail address."""
    if not is_address(address):
        return None
    try:
        from email.headerregistry import Address

        return Address(display_name=one_line(name or ""), addr_spec=address)
    except (ValueError, IndexError, TypeError):
        return None


def sender(config: Config) -> Address | None:
    """From: the agent (or the company) at the contact address of the config, if any."""
    name = config.get("agent") or config.get("entreprise")
    if name and config.get("agent") and config.get("entreprise"):
        name = f"{config.get('agent')} ({config.get('entreprise')})"
    return mailbox(name, config.get("contact"))


def reply_subject(draft: Draft) -> str:
    """« Re: » the customer's subject in their thread; else the playbook's subject."""
    if draft.in_reply_to and draft.thread_subject:
        if _REPLY_PREFIX.match(draft.thread_subject):
            return draft.thread_subject
        return f"Re: {draft.thread_subject}"
    return draft.subject


def build_message(
    draft: Draft,
    *,
    from_: Address | None = None,
    date: dt.datetime | None = None,
    with_html: bool = False,
) -> EmailMessage:
    from email.message import EmailMessage
    from email.policy import SMTP
    from email.utils import format_datetime

    message = EmailMessage(policy=SMTP)
    if from_ is not None:
        message["From"] = from_
    to = mailbox(draft.customer_name, draft.email)
    if to is not None:
        message["To"] = to
    message["Subject"] = one_line(reply_subject(draft))
    if date is not None:
        message["Date"] = format_datetime(date)
    if draft.in_reply_to:
        message["In-Reply-To"] = draft.in_reply_to
        thread = [*draft.references]
        if draft.in_reply_to not in thread:
            thread.append(draft.in_reply_to)
        message["References"] = " ".join(thread)
    message["X-Unsent"] = "1"
    message["Content-Language"] = "fr"
    message.set_content(draft.text, subtype="plain", charset="utf-8", cte="quoted-printable")
    if with_html:
        message.add_alternative(
            html_body(draft.text), subtype="html", charset="utf-8", cte="quoted-printable"
        )
    return message


def eml_text(draft: Draft, **options: object) -> str:
    """The message as it goes in a `.eml` file: ASCII, CRLF line ends."""
    from email.policy import SMTP

    return build_message(draft, **options).as_string(policy=SMTP)  # type: ignore[arg-type]


def html_body(text: str) -> str:
    """One `<p>` a paragraph, lines kept, « - » lists as lists; every character escaped."""
    parts = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        lines = paragraph.split("\n")
        if all(line.startswith("- ") for line in lines):
            items = "".join(f"<li>{html.escape(line[2:])}</li>" for line in lines)
            parts.append(f"<ul>{items}</ul>")
        else:
            parts.append("<p>" + "<br>\n".join(html.escape(line) for line in lines) + "</p>")
    body = "\n".join(parts)
    return (
        '<!DOCTYPE html>\n<html lang="fr">\n<head><meta charset="utf-8"></head>\n'
        f"<body>\n{body}\n</body>\n</html>\n"
    )
