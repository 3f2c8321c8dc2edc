"""`reponse listen` for a person: warning signs first, candidates, facts, restatement."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from reponse_cli.playbooks.schema import family_label
from reponse_cli.text.french import format_date, format_money, format_number, format_percent
from reponse_cli.views.console import print_indented


def show_listening(console: Console, result: Any, explain: bool = False) -> None:
    """`reponse listen` for a person: candidates, warning signs first, facts, restatement."""
    if result.escalation:
        lines = Text()
        for index, signal in enumerate(result.escalation):
            if index:
                lines.append("\n\n")
            heading = signal.heading()
            lines.append(f"⚠ {heading[0].upper()}{heading[1:]}", style="bold red")
            lines.append(f" — « {signal.excerpt} »\n")
            lines.append(signal.guidance, style="italic")
        console.print(Panel(lines, title="Signaux d'escalade", border_style="red"))

    table = Table(title="Playbooks proposés", title_justify="left", box=None, pad_edge=False)
    table.add_column("")
    table.add_column("Type de litige")
    table.add_column("Famille")
    table.add_column("Points", justify="right")
    table.add_column("Confiance", justify="right")
    table.add_column("Mots reconnus")
    data = result.as_json(explain=explain)["candidates"]
    for rank, candidate in enumerate(data, 1):
        table.add_row(
            str(rank),
            candidate["playbook"],
            family_label(candidate["family"]),
            format_number(candidate["score"], decimals=1),
            format_percent(candidate["confidence"]),
            ", ".join(candidate["matched"][:6]) + (" …" if len(candidate["matched"]) > 6 else ""),
        )
    console.print(table)
    if result.unsure:
        console.print(
            Text(f"Je ne suis pas sûr : {result.unsure}. À vous de choisir.", style="yellow")
        )
    if result.second is not None:
        console.print(
            Text(
                f"Le message parle aussi d'un autre problème : {result.second.title} "
                f"({result.second.playbook}).",
                style="yellow",
            )
        )
    if explain:
        for candidate in data:
            console.print(Text(f"\n{candidate['playbook']}", style="bold"))
            for hit in candidate.get("hits", []):
                weight = format_number(hit["weight"], decimals=1)
                console.print(f"  {weight:>5}  {hit['keyword']}  ← « {hit['excerpt']} »")

    facts = result.facts
    console.print(Text("\nFaits relevés", style="bold"))
    rows = Table.grid(padding=(0, 1), pad_edge=False)
    rows.add_column(no_wrap=True)
    rows.add_column()
    amounts = ", ".join(
        f"{format_money(a.value, a.currency)} (« {a.text} »)" for a in facts.amounts
    )
    dates = ", ".join(
        f"{format_date(d.value)} ({ROLE_LABELS.get(d.role, d.role)}, « {d.text} »)"
        for d in facts.dates
    )
    found = [
        ("Commande", ", ".join(facts.orders)),
        ("Montants", amounts),
        ("Dates", dates),
        ("Produit", facts.product or ""),
        ("Client", customer(facts)),
        ("Occasion", facts.occasion or ""),
        ("Colis", PARCEL_LABELS.get(facts.parcel or "", "")),
    ]
    for label, value in found:
        if value or label in ("Commande", "Montants", "Dates"):
            rows.add_row(f"  {label}\u00a0:", value or "—")
    console.print(rows)
    if result.reformulation:
        console.print(Text("\nReformulation proposée", style="bold"))
        print_indented(console, result.reformulation)


# What a date is about, as `listen` shows it (`FoundDate.role`).
ROLE_LABELS = {
    "commande": "commande",
    "livraison": "livraison",
    "promesse": "date promise",
    "retour": "retour",
    "autre": "sans précision",
}
# What the message says of the parcel (`Facts.parcel`).
PARCEL_LABELS = {
    "bloque": "le suivi ne bouge plus",
    "livre": "annoncé livré, pas reçu",
    "non-expedie": "pas encore parti",
}


def customer(facts: Any) -> str:
    """« Madame Dupont », from the civility and the name read in the message."""
    civility = {"madame": "Madame", "monsieur": "Monsieur"}.get(facts.civilite or "")
    return " ".join(part for part in (civility, facts.name) if part)
