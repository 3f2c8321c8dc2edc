"""A ticket as every export gives it: who wrote, what they wrote, how to answer them."""

from __future__ import annotations

import msgspec

from reponse_cli.errors import ReponseError, did_you_mean
from reponse_cli.listening.mail import Mail, parse_eml, parse_text
from reponse_cli.playbooks.schema import COMMON_IDS

# What `--colonne CHAMP=COLONNE` may name: the ticket's own fields, then answers every
# playbook knows (a column of order numbers fills `commande` for every ticket).
TICKET_FIELDS = {
    "id": "l'identifiant du ticket",
    "message": "le message du client",
    "objet": "l'objet du message",
    "email": "l'adresse du client",
    "client": "le nom affiché du client (destinataire de l'e-mail)",
    "message_id": "le Message-ID de l'e-mail du client",
}
COLUMN_FIELDS = (*TICKET_FIELDS, *COMMON_IDS)


class Ticket(msgspec.Struct):
    """One customer's message to answer, as the export gave it.

    The message is read (`read()`) where it is drafted — in a `--jobs` process — so the
    process reading the export only reads: an `.eml` travels as its bytes, a ticket of a
    helpdesk as its text and the columns around it.
    """

    id: str
    message: str = ""  # the customer's text (a helpdesk ticket, a CSV row)
    eml: bytes | None = None  # or the customer's e-mail as received (.eml, mbox)
    subject: str | None = None
    email: str | None = None
    name: str | None = None
    message_id: str | None = None  # a mapped Message-ID column: reply in that thread
    answers: dict[str, str] = msgspec.field(default_factory=dict)  # from mapped columns
    source: str = ""  # where it was read: « export.csv:12 »
    position: int = 0  # how far into the input this ticket ends (for the progress bar)
    problem: str | None = None  # unreadable: why, in French
    skip: str | None = None  # nothing to answer (solved, already answered): why

    def read(self) -> Mail:
        """The message as `reponse draft --message` reads the same e-mail or text."""
        mail = parse_eml(self.eml) if self.eml is not None else parse_text(self.message)
        return msgspec.structs.replace(
            mail,
            subject=self.subject or mail.subject,
            sender_email=self.email or mail.sender_email,
            sender_name=self.name or mail.sender_name,
            message_id=self.message_id or mail.message_id,
        )


def parse_columns(items: list[str]) -> dict[str, str]:
    """`--colonne CHAMP=COLONNE`, repeatable; a French usage error for anything else."""
    mapping: dict[str, str] = {}
    for item in items:
        field, sep, column = item.partition("=")
        field, column = field.strip(), column.strip()
        if not sep or not field or not column:
            raise ReponseError(
                f"--colonne attend CHAMP=COLONNE, pas « {item} ».",
                hint='Exemple\u00a0: --colonne message=Description --colonne id="Ticket ID"',
            )
        if field not in COLUMN_FIELDS:
            raise ReponseError(
                f"Champ inconnu pour --colonne\u00a0: « {field} »."
                + did_you_mean(field, COLUMN_FIELDS),
                hint="Champs possibles\u00a0: " + ", ".join(COLUMN_FIELDS) + ".",
            )
        mapping[field] = column
    return mapping
