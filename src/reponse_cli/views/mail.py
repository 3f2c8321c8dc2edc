"""What `reponse listen` read of an e-mail: who, which subject, what it set aside."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from reponse_cli.listening.mail import Mail
from reponse_cli.text.french import plural

SET_ASIDE = {
    "quoted": "messages cités",
    "signature": "signature",
    "disclaimer": "mentions légales",
}


def show_mail(console: Console, mail: Mail) -> None:
    """One line for the sender and subject, one for what was not read as theirs."""
    if mail.name or mail.address or mail.subject:
        who = mail.name or ""
        if mail.address:
            who = f"{who} <{mail.address}>".strip()
        line = Text("E-mail de ", style="bold")
        line.append(who or "—")
        if mail.subject:
            line.append(" · Objet : ", style="bold")
            line.append(mail.subject)
        console.print(line)
    aside = [
        f"{label} ({plural(len(text.splitlines()), 'ligne')})"
        for key, label in SET_ASIDE.items()
        if (text := getattr(mail, key))
    ]
    if aside:
        console.print(Text("Mis à part, non lus : " + ", ".join(aside), style="dim"))
        console.print()
