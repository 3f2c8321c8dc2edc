"""The dossier and its parts, as the stores keep them and the commands show them.

msgspec Structs (cheap to import and to build). Dates are `datetime.date`; moments are
ISO texts with their offset, as written by `Environment.now()`. Amounts are whole cents:
the statistics add them up exactly, in SQL, on both stores.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import msgspec

STATUSES = ("ouvert", "attente-client", "resolu", "clos")
STATUS_LABELS = {
    "ouvert": "ouvert",
    "attente-client": "attente du client",
    "resolu": "résolu",
    "clos": "clos",
}
RESULTS = ("resolu", "autre-solution", "non-resolu")
RESULT_LABELS = {
    "resolu": "résolu comme proposé",
    "autre-solution": "résolu par une autre solution",
    "non-resolu": "non résolu",
}
# What a closing result makes of the dossier's status.
RESULT_STATUS = {"resolu": "resolu", "autre-solution": "resolu", "non-resolu": "clos"}
STEP_STATUSES = ("a-faire", "fait", "ignore", "remplace")
STEP_LABELS = {"a-faire": "à faire", "fait": "fait", "ignore": "ignoré", "remplace": "remplacé"}
TAG_KINDS = ("transporteur", "produit", "cause")


def cents(value: Any) -> int | None:
    """An amount (Money, Decimal, « 49.90 ») as whole cents; None when there is none."""
    if value is None or value == "":
        return None
    amount = Decimal(value) if isinstance(value, Decimal) else Decimal(str(value))
    return int((amount * 100).to_integral_value())


def euros(amount: int | None) -> Decimal | None:
    return None if amount is None else Decimal(amount) / 100


class Chosen(msgspec.Struct):
    """A solution offered in a reply; its amount is what the merchant gives (cents)."""

    id: str
    label: str
    geste: bool = False
    refund: bool = False
    amount: int | None = None


class Reply(msgspec.Struct):
    number: int
    created: str
    playbook: str
    responsibility: str
    solutions: list[Chosen] = msgspec.field(default_factory=list)
    subject: str | None = None
    text: str | None = None
    answers: dict[str, Any] = msgspec.field(default_factory=dict)  # as JSON (to_json)
    message: str | None = None  # the customer's message, only if the agent kept it
    in_reply_to: str | None = None
    references: list[str] = msgspec.field(default_factory=list)
    agent: str | None = None


class Step(msgspec.Struct):
    """One step of the follow-up plan: promised in the reply, done on its day."""

    step: str  # the playbook's follow-up id
    stage: str  # before | during | after
    after_days: int
    due: dt.date
    label: str
    promise: str | None = None  # the sentence of the reply
    message: str | None = None  # the message rendered when the reply was written
    status: str = "a-faire"
    done: str | None = None  # when it was done or skipped
    reason: str | None = None  # why it was skipped
    reply: int = 1
    key: int | None = None  # the store's row id
    agent: str | None = None


class Note(msgspec.Struct):
    created: str
    text: str | None
    agent: str | None = None


class Event(msgspec.Struct):
    """One line of the timeline."""

    at: str
    kind: str
    detail: dict[str, Any] = msgspec.field(default_factory=dict)
    agent: str | None = None


class Dossier(msgspec.Struct):
    id: int
    status: str
    playbook: str
    family: str
    title: str
    responsibility: str
    created: str
    updated: str
    last_contact: dt.date
    received: dt.date
    civilite: str | None = None
    nom: str | None = None
    email: str | None = None
    commande: str | None = None
    amount: int | None = None  # cents: the amount in dispute
    closed: str | None = None
    result: str | None = None
    satisfaction: int | None = None
    comment: str | None = None
    agent: str | None = None
    escalation: list[dict[str, str]] = msgspec.field(default_factory=list)
    anonymised: str | None = None
    version: int = 1
    replies: list[Reply] = msgspec.field(default_factory=list)
    steps: list[Step] = msgspec.field(default_factory=list)
    notes: list[Note] = msgspec.field(default_factory=list)
    tags: list[str] = msgspec.field(default_factory=list)
    events: list[Event] = msgspec.field(default_factory=list)

    @property
    def client(self) -> str | None:
        return self.nom or self.email

    @property
    def pending(self) -> list[Step]:
        return sorted((s for s in self.steps if s.status == "a-faire"), key=lambda s: s.due)

    @property
    def next_due(self) -> dt.date | None:
        pending = self.pending
        return pending[0].due if pending else None

    def as_json(self) -> dict[str, Any]:
        """`dossiers show --format json` and the export: the contract in the README."""
        data = msgspec.to_builtins(self)
        data["client"] = self.client
        data["next_due"] = self.next_due.isoformat() if self.next_due else None
        data["amount"] = _money(self.amount)
        data["satisfaction"] = (
            {"score": self.satisfaction, "comment": self.comment, "result": self.result}
            if self.satisfaction is not None or self.result
            else None
        )
        del data["steps"]
        data["follow_up"] = [
            {
                "id": s.step,
                "stage": s.stage,
                "label": s.label,
                "due": s.due.isoformat(),
                "done": s.done if s.status == "fait" else None,
                "status": s.status,
                "reason": s.reason,
                "text": s.promise,
                "reply": s.reply,
            }
            for s in self.steps
        ]
        for reply in data["replies"]:
            for chosen in reply["solutions"]:
                chosen["amount"] = _money(chosen["amount"])
        return data


def _money(amount: int | None) -> str | None:
    value = euros(amount)
    return None if value is None else format(value.quantize(Decimal("0.01")), "f")


class Summary(msgspec.Struct):
    """One line of `dossiers list`."""

    id: int
    status: str
    playbook: str
    family: str
    client: str | None
    commande: str | None
    created: str
    next_due: dt.date | None

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "status": self.status,
            "playbook": self.playbook,
            "family": self.family,
            "client": self.client,
            "commande": self.commande,
            "created": self.created,
            "next_due": self.next_due.isoformat() if self.next_due else None,
        }


class Query(msgspec.Struct):
    """The filters of `dossiers list`."""

    status: str | None = None
    family: str | None = None
    playbook: str | None = None
    client: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    tag: str | None = None
    limit: int | None = 50


class DueStep(msgspec.Struct):
    """A follow-up step due, with what is needed to write its message."""

    dossier: int
    version: int
    key: int
    step: str
    stage: str
    after_days: int
    due: dt.date
    label: str
    message: str | None
    playbook: str
    responsibility: str
    answers: dict[str, Any]
    civilite: str | None
    client: str | None
    subject: str | None
