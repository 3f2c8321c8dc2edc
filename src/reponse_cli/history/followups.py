"""The follow-up messages due today: each rendered from its playbook with the dossier's
own answers, as a short e-mail ready to copy, read by the checker.

A message is the playbook's `follow_up[].message`, rendered now (its `due` is the step's
day, moved or not). If the playbook has gone or no longer fits the answers, the message
rendered when the reply was written stands in, and the agent is told.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec

from reponse_cli.drafting.compose import Composer, DraftState
from reponse_cli.drafting.preset import restore_answers
from reponse_cli.drafting.worker import Worker
from reponse_cli.errors import ReponseError
from reponse_cli.history.models import DueStep
from reponse_cli.playbooks.schema import CIVILITES
from reponse_cli.text.french import FrenchDate, typography

# The parts a short follow-up message must have; the reply's other parts do not apply.
_FOLLOW_UP_PARTS = ("greeting", "closing")


class FollowUpMessage(msgspec.Struct):
    item: DueStep
    subject: str
    text: str
    overdue_days: int
    check: dict[str, Any]
    problem: str | None = None  # why the stored message stands in

    def as_json(self) -> dict[str, Any]:
        return {
            "dossier": self.item.dossier,
            "step": self.item.step,
            "stage": self.item.stage,
            "label": self.item.label,
            "due": self.item.due.isoformat(),
            "overdue_days": self.overdue_days,
            "client": self.item.client,
            "subject": self.subject,
            "text": self.text,
            "check": self.check,
        }


def message_body(
    worker: Worker, item: DueStep, composers: dict[str, Composer] | None = None
) -> tuple[str, str | None]:
    """The step's message rendered now, or the stored one and the reason."""
    composers = {} if composers is None else composers
    try:
        composer = composers.get(item.playbook)
        if composer is None:
            composer = composers[item.playbook] = worker.composer(
                worker.library.find(item.playbook)
            )
        source = next((f.message for f in composer.playbook.follow_up if f.id == item.step), None)
        if source is None:
            raise ReponseError(f"le playbook {item.playbook} n'a plus de message « {item.step} »")
        state = DraftState(
            playbook=item.playbook,
            answers=restore_answers(composer, item.answers),
            responsibility=item.responsibility,
        )
        body = composer.render(
            source,
            state,
            f"le message de suivi « {item.step} »",
            due=FrenchDate.of(item.due),
            after_days=item.after_days,
        )
        return body, None
    except ReponseError as error:
        fallback = item.message or item.label
        return fallback, error.message.splitlines()[0]


def follow_up_message(
    worker: Worker,
    item: DueStep,
    today: dt.date,
    composers: dict[str, Composer] | None = None,
) -> FollowUpMessage:
    body, problem = message_body(worker, item, composers)
    greeting = CIVILITES.get(item.civilite or "neutre", CIVILITES["neutre"])
    text = typography(
        f"{greeting}\n\n{body.strip()}\n\nBien cordialement,\n\n{worker.config.signature()}"
    )
    check: dict[str, Any] = {}
    if worker.rules_problem is None:
        try:
            result = worker.check(text).as_json()
        except ReponseError as error:
            worker.rules_problem = error.message.splitlines()[0]
        else:
            result["findings"] = [
                f
                for f in result["findings"]
                if f.get("step") is None or f["step"] in _FOLLOW_UP_PARTS
            ]
            result["steps"] = {k: v for k, v in result["steps"].items() if k in _FOLLOW_UP_PARTS}
            result["ok"] = not any(f["severity"] == "error" for f in result["findings"])
            check = result
    subject = f"Re{chr(0xA0)}: {item.subject}" if item.subject else item.label
    return FollowUpMessage(
        item=item,
        subject=subject,
        text=text,
        overdue_days=(today - item.due).days,
        check=check,
        problem=problem,
    )


def due_messages(worker: Worker, items: list[DueStep], today: dt.date) -> list[FollowUpMessage]:
    composers: dict[str, Composer] = {}  # one per playbook, however many steps
    return [follow_up_message(worker, item, today, composers) for item in items]


def calendar(
    steps: list[tuple[int, int, str, dt.date]], stamp: dt.datetime, company: str | None
) -> str:
    """The promised dates as an iCalendar file (RFC 5545), one all-day event a step.

    Only the dossier's number and the step's label: no customer's name leaves the history.
    """
    now = stamp.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//reponse//suivi//FR",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_escape('Suivis ' + (company or 'reponse'))}",
    ]
    for dossier, key, label, due in steps:
        lines += [
            "BEGIN:VEVENT",
            f"UID:reponse-suivi-{dossier}-{key}",
            f"DTSTAMP:{now}",
            f"DTSTART;VALUE=DATE:{due:%Y%m%d}",
            f"DTEND;VALUE=DATE:{due + dt.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_escape(f'Dossier n° {dossier} : {label}')}",
            f"DESCRIPTION:{_escape(f'reponse dossiers show {dossier}')}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines of at most 75 octets, continued with a space (RFC 5545 §3.1)."""
    out, current = [], ""
    for char in line:
        if len((current + char).encode()) > 75:
            out.append(current)
            current = " " + char
        else:
            current += char
    out.append(current)
    return "\r\n".join(out)
