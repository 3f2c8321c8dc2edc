"""The history for the agent: the follow-ups due, the list of dossiers, one dossier."""

from __future__ import annotations

import datetime as dt

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from reponse_cli.history.followups import FollowUpMessage
from reponse_cli.history.models import (
    RESULT_LABELS,
    STATUS_LABELS,
    STEP_LABELS,
    Dossier,
    DueStep,
    Summary,
    euros,
)
from reponse_cli.playbooks.schema import RESPONSIBILITY_LABELS, STAGE_LABELS, family_label
from reponse_cli.text.french import format_date, format_money
from reponse_cli.views.draft import show_findings

EVENT_LABELS = {
    "cree": "Dossier ouvert, réponse n° {reply} ({playbook})",
    "reponse": "Nouvelle réponse n° {reply} ({playbook})",
    "suivi-fait": "Suivi fait : {step}",
    "suivi-reporte": "Suivi reporté : {step}, au {due}",
    "suivi-ignore": "Suivi ignoré : {step} — {reason}",
    "clos": "Fermé : {result}",
    "rouvert": "Rouvert",
    "etiquette": "Étiquettes : {tags}",
    "note": "Note ajoutée",
    "importe": "Importé depuis {source}",
}


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def short_date(day: dt.date | None) -> str:
    return format_date(day, "d MMM y") if day else "—"


def numeric_date(day: dt.date | None) -> str:
    """« 22/11/2026 »: for narrow table columns."""
    return f"{day:%d/%m/%Y}" if day else "—"


def moment(stamp: str | None) -> str:
    """« 22 nov. 2026 10:15 » from an ISO moment."""
    if not stamp:
        return "—"
    when = dt.datetime.fromisoformat(stamp)
    return f"{short_date(when.date())} {when:%H:%M}"


def overdue(days: int) -> str:
    if days <= 0:
        return "aujourd'hui"
    return f"{days} jour{'s' if days > 1 else ''}"


def show_due(
    console: Console, items: list[DueStep], messages: list[FollowUpMessage], today: dt.date
) -> None:
    """Every step due in a table, then the messages rendered (the oldest first)."""
    if not items:
        console.print("Aucun suivi à faire aujourd'hui.")
        return
    # Aligned by hand: a day's list may hold hundreds of steps, and Rich's tables take
    # a millisecond a row.
    rows = [
        (
            str(item.dossier),
            _cut(item.client or "—", 24),
            _cut(f"{item.label} ({item.step})", 44),
            STAGE_LABELS.get(item.stage, item.stage),
            numeric_date(item.due),
            overdue((today - item.due).days),
        )
        for item in items
    ]
    header = ("Dossier", "Client", "Étape", "Quand", "Prévu le", "Retard")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: tuple[str, ...]) -> str:
        first = cells[0].rjust(widths[0])
        return "  ".join([first, *(c.ljust(w) for c, w in zip(cells[1:], widths[1:], strict=True))])

    listing = Text(line(header).rstrip() + "\n", style="bold")
    for item, row in zip(items, rows, strict=True):
        listing.append(line(row).rstrip() + "\n", style="red" if item.due < today else "")
    console.print(listing, end="", soft_wrap=True)
    for m in messages:
        console.print()
        console.print(
            Panel(
                Text(m.text),
                title=Text(
                    f"Dossier n° {m.item.dossier} · {m.item.label} · Objet : {m.subject}",
                    style="bold",
                ),
                title_align="left",
                border_style="red" if m.overdue_days > 0 else "green",
                padding=(1, 2),
            )
        )
        if m.problem:
            console.print(Text(f"Message d'origine repris ({m.problem}).", style="yellow"))
        show_findings(console, m.check)
        console.print(
            Text(
                f"reponse suivi fait {m.item.dossier} {m.item.step} · "
                f"reporter {m.item.dossier} {m.item.step} --dans 3j · "
                f"ignorer {m.item.dossier} {m.item.step} --raison …",
                style="dim",
            )
        )


def show_summaries(console: Console, rows: list[Summary]) -> None:
    if not rows:
        console.print("Aucun dossier.")
        return
    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column("N°", justify="right")
    table.add_column("Statut", no_wrap=True)
    table.add_column("Type de litige", no_wrap=True)
    table.add_column("Client")
    for column in ("Commande", "Ouvert le", "Suivi le"):
        table.add_column(column, no_wrap=True)
    for r in rows:
        table.add_row(
            str(r.id),
            r.status,
            r.playbook,
            r.client or "—",
            r.commande or "—",
            numeric_date(dt.date.fromisoformat(r.created[:10])),
            numeric_date(r.next_due),
        )
    console.print(table)


def _money(cents: int | None) -> str:
    value = euros(cents)
    return format_money(value) if value is not None else "—"


def show_dossier(console: Console, d: Dossier) -> None:
    console.print(Text(f"Dossier n° {d.id} · {d.title} ({d.playbook})", style="bold"))
    status = STATUS_LABELS.get(d.status, d.status)
    facts = [
        f"Statut : {status}",
        f"famille : {family_label(d.family)}",
        f"responsabilité : {RESPONSIBILITY_LABELS.get(d.responsibility, d.responsibility)}",
    ]
    console.print(" · ".join(facts))
    if d.anonymised:
        console.print(Text(f"Anonymisé le {moment(d.anonymised)}.", style="yellow"))
    else:
        who = [x for x in (d.nom, d.email) if x]
        console.print(f"Client : {' · '.join(who) or '—'} · commande : {d.commande or '—'}")
    console.print(
        f"Ouvert le {moment(d.created)} · dernier contact le {short_date(d.last_contact)}"
        f" · montant : {_money(d.amount)} · agent : {d.agent or '—'}"
    )
    if d.tags:
        console.print("Étiquettes : " + ", ".join(d.tags))
    if d.escalation:
        console.print(
            Text("Signaux : " + ", ".join(e["signal"] for e in d.escalation), style="red")
        )
    if d.result:
        score = f"{d.satisfaction}/5" if d.satisfaction is not None else "sans note"
        line = f"Résultat : {RESULT_LABELS.get(d.result, d.result)} · satisfaction : {score}"
        if d.comment:
            line += f" · « {d.comment} »"
        console.print(line)

    console.print()
    console.print(Text("Suivi", style="bold underline"))
    table = Table(box=None, header_style="bold", pad_edge=False)
    for column in ("Réponse", "Étape", "Quand", "Prévu le", "État"):
        table.add_column(column)
    for s in d.steps:
        state = STEP_LABELS.get(s.status, s.status)
        if s.status in ("fait", "ignore") and s.done:
            state += f" le {moment(s.done)}"
        if s.reason:
            state += f" ({s.reason})"
        table.add_row(
            str(s.reply),
            f"{s.label} ({s.step})",
            STAGE_LABELS.get(s.stage, s.stage),
            short_date(s.due),
            state,
        )
    console.print(table)

    console.print()
    console.print(Text("Historique", style="bold underline"))
    for e in d.events:
        detail = dict(e.detail)
        if e.kind == "etiquette":
            detail["tags"] = ", ".join(
                [f"+{t}" for t in detail.get("added", [])]
                + [f"-{t}" for t in detail.get("removed", [])]
            )
        if e.kind == "clos":
            detail["result"] = RESULT_LABELS.get(detail.get("result", ""), "—")
        try:
            label = EVENT_LABELS.get(e.kind, e.kind).format_map(_Blank(detail))
        except (KeyError, ValueError):
            label = e.kind
        console.print(f"  {moment(e.at)}  {label}" + (f"  · {e.agent}" if e.agent else ""))
    for note in d.notes:
        console.print(Text(f"  {moment(note.created)}  Note", style="bold"), end="")
        console.print(f" ({note.agent or '—'}) : {note.text or ''}")

    for reply in d.replies:
        if not reply.text:
            continue
        console.print()
        console.print(
            Panel(
                Text(reply.text),
                title=Text(
                    f"Réponse n° {reply.number} · {moment(reply.created)} · "
                    f"Objet : {reply.subject}",
                    style="bold",
                ),
                title_align="left",
                padding=(1, 2),
            )
        )
        if reply.message:
            console.print(Panel(Text(reply.message), title="Message du client", title_align="left"))


class _Blank(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return "—"
