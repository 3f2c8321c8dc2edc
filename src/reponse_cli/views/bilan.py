"""The bilan for a merchant: the figures, one breakdown in bars, satisfaction, advice."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from reponse_cli.history.stats import GROUPINGS
from reponse_cli.playbooks.schema import FAMILY_LABELS, RESPONSIBILITY_LABELS
from reponse_cli.text.french import (
    format_date,
    format_money,
    format_number,
    format_percent,
    plural,
)

BAR = 30
TITLES = {
    "famille": "Par famille",
    "playbook": "Par type de litige",
    "tag": "Par étiquette",
    "mois": "Par mois",
    "agent": "Par agent",
}


def _percent(value: float | None) -> str:
    return "—" if value is None else format_percent(value)


def _bars(console: Console, title: str, counts: dict[str, int], total: int, labels: dict) -> None:
    console.print(Text(title, style="bold underline"))
    if not counts:
        console.print("  —")
        return
    table = Table(box=None, show_header=False, pad_edge=False)
    table.add_column()
    table.add_column(justify="right")
    table.add_column(justify="right")
    table.add_column()
    top = max(counts.values())
    for name, count in counts.items():
        width = max(1, round(BAR * count / top)) if count else 0
        table.add_row(
            labels.get(name, name),
            format_number(count),
            _percent(count / total) if total else "—",
            Text("█" * width, style="cyan"),
        )
    console.print(table)


def show_bilan(console: Console, data: dict[str, Any], grouping: str) -> None:
    import datetime as dt

    period = data["period"]
    since = dt.date.fromisoformat(period["since"])
    until = dt.date.fromisoformat(period["until"])
    total = data["total"]
    console.print(Text(f"Bilan du {format_date(since)} au {format_date(until)}", style="bold"))
    trend = data["trend"]
    evolution = (
        f" ({'+' if trend >= 0 else '−'}{_percent(abs(trend))} par rapport à la période "
        f"précédente : {format_number(data['previous_total'])})"
        if trend is not None
        else ""
    )
    console.print(f"{plural(total, 'litige')}{evolution}")
    if not total:
        console.print("Aucun dossier sur la période.")
    median = data["resolution_days_median"]
    satisfaction = data["satisfaction"]
    lines = [
        f"Dossiers ouverts : {format_number(data['open'])} · suivis en retard : "
        f"{format_number(data['overdue'])}",
        "Résolution médiane : "
        + ("—" if median is None else plural_days(median))
        + f" · clients revenus plusieurs fois : {format_number(data['repeat_customers'])}",
        f"Gestes commerciaux : {format_money(data['gestures_total'])} · remboursements : "
        f"{format_money(data['refunds_total'])}",
        "Satisfaction : "
        + (
            f"{format_number(satisfaction['average'])}/5, {_percent(satisfaction['share_4_5'])} "
            f"de 4 ou 5 ({plural(satisfaction['answers'], 'réponse')})"
            if satisfaction["answers"]
            else "pas encore de réponse"
        ),
        "Responsabilité : "
        + ", ".join(
            f"{RESPONSIBILITY_LABELS.get(k, k).split(' :')[0].lower()} {_percent(v)}"
            for k, v in data["responsibility_share"].items()
        ),
    ]
    for line in lines:
        console.print(line)
    console.print()
    labels = FAMILY_LABELS if grouping == "famille" else {}
    _bars(console, TITLES[grouping], data[GROUPINGS[grouping]], total, labels)
    if satisfaction["by_playbook"]:
        console.print()
        console.print(Text("Satisfaction par type de litige", style="bold underline"))
        table = Table(box=None, header_style="bold", pad_edge=False)
        for column in ("Type de litige", "Moyenne", "4 ou 5", "Réponses"):
            table.add_column(column, justify="left" if column == "Type de litige" else "right")
        for name, row in satisfaction["by_playbook"].items():
            table.add_row(
                name,
                f"{format_number(row['average'])}/5",
                _percent(row["share_4_5"]),
                format_number(row["answers"]),
            )
        console.print(table)
    console.print()
    console.print(Text("Conseils", style="bold underline"))
    if not data["advice"]:
        console.print("  Rien de saillant sur la période.")
    for advice in data["advice"]:
        console.print(Text("• ", style="bold") + Text(advice["text"]))
        console.print(Text("  " + " · ".join(advice["figures"]), style="dim"))


def plural_days(days: float) -> str:
    """« 1 jour », « 4 jours », « 2,5 jours »."""
    return f"{format_number(days)} {'jour' if days < 2 else 'jours'}"
