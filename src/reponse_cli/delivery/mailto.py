"""The draft as a `mailto:` link (RFC 6068): a click opens the agent's mail client.

Every value is UTF-8, percent-encoded; line breaks in the body are CRLF (`%0D%0A`), as
the RFC asks. A reply to an `.eml` carries its `In-Reply-To` (one of the header fields
the RFC names as safe) and the customer's subject.
"""

from __future__ import annotations

from urllib.parse import quote

from reponse_cli.delivery.eml import reply_subject
from reponse_cli.drafting.compose import Draft
from reponse_cli.listening.mail import is_address

# Beyond this, some clients and systems cut the link (Windows, older Outlook).
SAFE_LENGTH = 2000


def mailto_link(draft: Draft) -> str:
    to = quote(draft.email, safe="@") if draft.email and is_address(draft.email) else ""
    body = "\r\n".join(draft.text.split("\n"))
    fields = [("subject", reply_subject(draft)), ("body", body)]
    if draft.in_reply_to:
        fields.append(("In-Reply-To", draft.in_reply_to))
    query = "&".join(f"{name}={quote(value, safe='')}" for name, value in fields)
    return f"mailto:{to}?{query}"
