"""How much text reponse reads, documented in one place (README « Sécurité et données »).

A customer's message or a reply is a few kilobytes; an agent may paste a whole thread.
Beyond these sizes the rest is left out, and the agent is told: reading stays well under
a second whatever is pasted.
"""

from __future__ import annotations

MESSAGE_LIMIT = 100_000  # characters of a customer's message read by listen
REPLY_LIMIT = 200_000  # characters of a reply read by check


def cap(text: str, limit: int) -> tuple[str, bool]:
    """The text cut at `limit` characters (at the last line break before), and whether
    it was cut."""
    if len(text) <= limit:
        return text, False
    cut = text.rfind("\n", 0, limit)
    return text[: cut if cut > limit // 2 else limit], True


def cut_notice(what: str, limit: int) -> str:
    size = f"{limit // 1000} 000"
    return f"Attention : {what} dépasse {size} caractères ; seul le début a été lu.\n"
