"""From a ticket to a record: read, choose the playbook, pre-fill, draft, check — and say
plainly when a person must look.

Each ticket goes through the drafting `Worker` exactly as `reponse draft --no-input
--message` would take it, so the batch and the single draft give the same text. The
worker is built once per process: playbooks, rules, templates and patterns load once.
With `jobs > 1` the tickets are drafted by that many processes, each with its own
worker, a few small chunks in flight at a time: results come back in input order and
the export is never read further ahead than the chunks in flight.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import msgspec

from reponse_cli.batch.summary import Tally
from reponse_cli.batch.tickets import Ticket
from reponse_cli.drafting.compose import Draft
from reponse_cli.drafting.pool import OrderedPool, WorkerSpec
from reponse_cli.drafting.worker import DraftRequest, Worker
from reponse_cli.env import Environment
from reponse_cli.errors import MissingSetting, MissingValues, ReponseError
from reponse_cli.listening.mail import Mail
from reponse_cli.playbooks.library import Library
from reponse_cli.text.french import NNBSP

# Why a draft needs a person, most important first; a record's `reason` is the first.
REASONS: dict[str, str] = {
    "illisible": "ticket illisible",
    "escalade": "signal d'escalade",
    "incertain": "playbook incertain",
    "reglage-manquant": "réglage manquant",
    "valeur-manquante": "valeur manquante",
    "erreur": "brouillon impossible",
    "controle": "erreur relevée par le contrôle",
}
CHUNK = 8  # tickets sent to a process at a time


class Reason(msgspec.Struct):
    code: str  # a key of REASONS
    detail: str  # for the agent, in French


class Record(msgspec.Struct):
    """One line of the results (`lot --sortie`): the draft, or why there is none."""

    id: str
    playbook: str | None = None
    confidence: float | None = None
    facts: dict[str, Any] | None = None
    escalation: list[dict[str, Any]] = msgspec.field(default_factory=list)
    subject: str | None = None
    text: str | None = None
    check: dict[str, Any] | None = None
    needs_human: bool = False
    reason: str | None = None
    detail: str | None = None
    reasons: list[Reason] = msgspec.field(default_factory=list)
    candidates: list[dict[str, Any]] = msgspec.field(default_factory=list)
    family: str | None = None
    solutions: list[str] = msgspec.field(default_factory=list)
    answers: dict[str, Any] = msgspec.field(default_factory=dict)
    follow_up: list[dict[str, Any]] = msgspec.field(default_factory=list)
    missing: list[str] = msgspec.field(default_factory=list)
    truncated: bool = False  # a message longer than listen reads: only its start was read
    email: str | None = None
    client: str | None = None
    in_reply_to: str | None = None
    references: list[str] = msgspec.field(default_factory=list)
    source: str = ""

    def flag(self, code: str, detail: str) -> None:
        """Set the record apart for a person, its reasons kept in order of importance."""
        self.reasons.append(Reason(code, detail))
        self.reasons.sort(key=lambda r: list(REASONS).index(r.code))
        self.needs_human = True
        self.reason, self.detail = self.reasons[0].code, self.reasons[0].detail


class Outcome(msgspec.Struct):
    """A ticket's record, and its draft when there is one (for `.eml` files, the dossiers)."""

    record: Record
    draft: Draft | None = None


def draft_ticket(worker: Worker, ticket: Ticket) -> Outcome:
    """The record (and draft) for one ticket; never raises for a ticket's content."""
    outcome = Outcome(Record(id=ticket.id, source=ticket.source))
    record = outcome.record
    if ticket.problem:
        record.flag("illisible", ticket.problem)
        return outcome
    try:
        mail = ticket.read()
    except Exception as error:
        # The mail reader copes with damaged e-mails; this is the last resort, per ticket.
        record.flag("illisible", f"e-mail illisible ({type(error).__name__})")
        return outcome
    record.email, record.client = mail.address, mail.name
    record.in_reply_to, record.references = mail.message_id, mail.reply_references()
    if not mail.text.strip():
        record.flag("illisible", "message vide")
        return outcome
    try:
        outcome.draft = _draft_into(worker, ticket, mail, record)
    except ReponseError as error:
        record.flag("erreur", error.message.splitlines()[0])
    except Exception as error:
        # A defect of reponse on one ticket must not cost the agent the other thousands.
        if worker.env.debug:
            raise
        record.flag(
            "erreur",
            f"défaut de reponse ({type(error).__name__}\u00a0: {error}) — signalez-le, "
            "avec REPONSE_DEBUG=1 pour le détail",
        )
    return outcome


def _draft_into(worker: Worker, ticket: Ticket, mail: Mail, record: Record) -> Draft | None:
    """Exactly what `draft --no-input --message` does with the same e-mail."""
    listening = worker.read(mail)
    reading = listening.as_json()
    record.facts = reading["facts"]
    record.escalation = reading["escalation"]
    record.candidates = reading["candidates"]
    record.confidence = reading["candidates"][0]["confidence"] if reading["candidates"] else 0.0
    record.truncated = listening.truncated
    if listening.escalation:
        signs = f"{NNBSP}; ".join(
            f"{e['label']} (« {e['excerpt']} »)" for e in reading["escalation"]
        )
        record.flag("escalade", signs)
    if listening.unsure:
        record.flag("incertain", listening.unsure)
        return None
    assert listening.best is not None
    record.playbook = listening.best.playbook
    record.family = listening.best.family
    request = DraftRequest(
        answers=dict(ticket.answers),
        message=mail,
        email=mail.address,
        customer_name=mail.name,
        in_reply_to=mail.message_id,
        references=list(mail.references),
        thread_subject=mail.subject,
    )
    try:
        job = worker.prepare(request, listening=listening)
        draft = worker.draft_job(job)
    except MissingValues as error:
        record.missing = error.missing
        record.flag("valeur-manquante", error.message)
        return None
    except MissingSetting as error:
        record.missing = [error.name]
        record.flag("reglage-manquant", f"{error.message} {error.hint or ''}".strip())
        return None
    shown = draft.as_json()
    record.subject, record.text = draft.subject, draft.text
    record.check = draft.check or None
    record.solutions = shown["solutions"]
    record.answers = shown["answers"]
    record.follow_up = shown["follow_up"]
    if worker.rules_problem:
        record.flag("controle", f"contrôle de ton impossible ({worker.rules_problem})")
    errors = [f for f in (draft.check or {}).get("findings", []) if f["severity"] == "error"]
    if errors:
        found = [f"{f['rule']} (« {f['excerpt']} »)" for f in errors[:3]]
        record.flag("controle", f"{NNBSP}; ".join(found))
    return draft


# --- one process, or several ------------------------------------------------------------


class Drafter:
    """Drafts tickets in this process."""

    def __init__(self, worker: Worker) -> None:
        self.worker = worker

    def map(self, tickets: Iterable[Ticket]) -> Iterator[tuple[Ticket, Outcome]]:
        for ticket in tickets:
            yield ticket, draft_ticket(self.worker, ticket)

    def close(self) -> None:
        return None


def pool_drafter(spec: WorkerSpec, jobs: int) -> OrderedPool[Ticket, Outcome]:
    """Drafts tickets in `jobs` processes, each with its own worker; results in order."""
    return OrderedPool(
        spec,
        jobs,
        draft_ticket,
        CHUNK,
        lost="Les tickets déjà écrits sont gardés : relancez avec --reprendre, "
        "au besoin avec moins de --jobs.",
    )


def drafter_for(
    env: Environment, jobs: int, playbook_dirs: list[Path] | None, worker: Worker | None = None
) -> Drafter | OrderedPool[Ticket, Outcome]:
    if jobs <= 1:
        return Drafter(worker or Worker(env, Library(env, playbook_dirs)))
    return pool_drafter(WorkerSpec.of(env, playbook_dirs), jobs)


# --- the run ------------------------------------------------------------------------------

OnRecord = Callable[[Ticket, Outcome], None]


def run_batch(
    tickets: Iterable[Ticket],
    drafter: Drafter | OrderedPool[Ticket, Outcome],
    write: OnRecord,
    tally: Tally,
    done: set[str] | frozenset[str] = frozenset(),
    on_progress: Callable[[int], None] | None = None,
    on_record: OnRecord | None = None,
) -> Tally:
    """Draft every ticket not in `done`, in order; `write` receives each record.

    `write` is where the results go (a JSON Lines file, `.eml` drafts); `on_record`,
    called once a record is written, is where a caller records it elsewhere — the
    dossiers (`--enregistrer`) plug in here, in this one process. A ticket seen twice in
    the export is drafted once. Ctrl-C stops between two records: every record written
    is whole, and `done` lets the next run skip them.
    """
    seen: set[str] = set()

    def todo() -> Iterator[Ticket]:
        for ticket in tickets:
            if ticket.id in seen:
                tally.skip("doublon")
            elif ticket.id in done:
                seen.add(ticket.id)
                tally.resumed += 1
            elif ticket.skip:
                seen.add(ticket.id)
                tally.skip(ticket.skip)
            else:
                seen.add(ticket.id)
                yield ticket
                continue
            if on_progress is not None and ticket.position:
                on_progress(ticket.position)

    try:
        for ticket, outcome in drafter.map(todo()):
            write(ticket, outcome)
            if on_record is not None:
                on_record(ticket, outcome)
            record = outcome.record
            tally.add(record.needs_human, record.reason, record.playbook)
            if on_progress is not None:
                on_progress(ticket.position)
    finally:
        drafter.close()
    return tally
