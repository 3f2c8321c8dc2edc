"""`reponse listen` for a person: warning signs first, candidates, facts, restatement."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from reponse_cli.playbooks.schema import family_label
from reponse_cli.text.french import format_date, format_money


def show_listening(console: Console, result: Any, explain: bool = False) -> None:
    """`reponse listen` for a person: candidates, warning signs first, facts, restatement."""
    if result.escalation:
        lines = Text()
        for index, signal in enumerate(result.escalation):
            if index:
                lines.append("\n\n")
            lines.append(f"⚠ {signal.as_json()['label'].capitalize()}", style="bold red")
            lines.append(f" — « {signal.excerpt} »\n")
            lines.append(signal.guidance, style="italic")
        console.print(Panel(lines, title="Signaux d'escalade", border_style="red"))

    table = Table(title="Playbooks proposés", title_justify="left", box=None, pad_edge=False)
    for column in ("", "Playbook", "Famille", "Score", "Mots reconnus"):
        table.add_column(column)
    data = result.as_json(explain=explain)["candidates"]
    for rank, candidate in enumerate(data, 1):
        table.add_row(
            str(rank),
            candidate["playbook"],
            family_label(candidate["family"]),
            f"{candidate['score']:.1f} ({candidate['confidence']:.0%})",
            ", ".join(candidate["matched"][:6]) + (" …" if len(candidate["matched"]) > 6 else ""),
        )
    console.print(table)
    if result.unsure:
        console.print(
            Text(f"Je ne suis pas sûr : {result.unsure}. À vous de choisir.", style="yellow")
        )
    if result.second is not None:
        console.print(
            Text(
                f"Le message parle aussi d'un autre problème : {result.second.title} "
                f"({result.second.playbook}).",
                style="yellow",
            )
        )
    if explain:
        for candidate in data:
            console.print(Text(f"\n{candidate['playbook']}", style="bold"))
            for hit in candidate.get("hits", []):
                console.print(f"  {hit['weight']:>4.1f}  {hit['keyword']}  ← « {hit['excerpt']} »")

    facts = result.facts
    console.print(Text("\nFaits relevés", style="bold"))
    console.print(f"  Commande : {', '.join(facts.orders) if facts.orders else '—'}")
    amounts = ", ".join(f"{format_money(a.value)} (« {a.text} »)" for a in facts.amounts)
    console.print(f"  Montants : {amounts or '—'}")
    dates = ", ".join(f"{format_date(d.value)} ({d.role}, « {d.text} »)" for d in facts.dates)
    console.print(f"  Dates : {dates or '—'}")
    if facts.product:
        console.print(f"  Produit : {facts.product}")
    if facts.civilite or facts.name:
        who = " ".join(
            part
            for part in (
                {"madame": "Madame", "monsieur": "Monsieur"}.get(facts.civilite or ""),
                facts.name,
            )
            if part
        )
        console.print(f"  Client : {who}")
    if result.reformulation:
        console.print(Text("\nReformulation proposée", style="bold"))
        console.print(f"  {result.reformulation}")
