"""The draft in a panel, the parts it covers, the checker's findings."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.panel import Panel
from rich.text import Text

from reponse_cli.drafting.compose import Draft
from reponse_cli.drafting.flow import steps_covered


def show_draft(console: Console, draft: Draft) -> None:
    """The draft in a panel, then the steps it covers and the checker's findings."""
    console.print()
    console.print(
        Panel(
            Text(draft.text),
            title=Text(f"Objet : {draft.subject}", style="bold"),
            title_align="left",
            border_style="green",
            padding=(1, 2),
        )
    )
    covered = Text("Étapes : ")
    for label, present in steps_covered(draft):
        covered.append(f"{'✓' if present else '✗'} {label}  ", style="green" if present else "red")
    console.print(covered)
    show_findings(console, draft.check)


def show_findings(console: Console, check: dict[str, Any]) -> None:
    for finding in check.get("findings", []):
        style = "red" if finding["severity"] == "error" else "yellow"
        line = Text(f"{'Erreur' if finding['severity'] == 'error' else 'Attention'} ", style=style)
        if finding.get("excerpt"):
            line.append(f"l.{finding['line']} « {finding['excerpt']} » : {finding['message']}")
        elif finding.get("step"):
            line.append(f"étape manquante : {finding['message']}")
        else:
            line.append(f"réponse entière : {finding['message']}")
        if finding.get("suggestion"):
            line.append(f" → {finding['suggestion']}", style="dim")
        console.print(line)
