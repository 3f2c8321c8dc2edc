"""The draft in two panels (subject, body), the parts it covers, the checker's findings."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.panel import Panel
from rich.text import Text

from reponse_cli.delivery.clipboard import Copied
from reponse_cli.drafting.compose import Draft
from reponse_cli.drafting.flow import steps_covered
from reponse_cli.method import CHECKED_PARTS


def show_draft(console: Console, draft: Draft) -> None:
    """Subject and body apart (each is copied on its own), then steps and findings."""
    console.print()
    console.print(
        Panel(
            Text(draft.subject, style="bold")
            if draft.subject
            else Text("Réponse publique : sans objet", style="dim"),
            title="Objet",
            title_align="left",
            border_style="green",
            padding=(0, 2),
        )
    )
    console.print(
        Panel(
            Text(draft.text),
            title="Texte" + (" (modifié par vous)" if draft.edited else ""),
            title_align="left",
            border_style="green",
            padding=(1, 2),
        )
    )
    covered = Text("Étapes : ")
    steps = steps_covered(draft)
    if draft.edited and draft.check.get("steps"):  # the sections no longer match the text
        steps = [(label, bool(draft.check["steps"].get(k))) for k, label in CHECKED_PARTS.items()]
    for label, present in steps:
        covered.append(f"{'✓' if present else '✗'} {label}  ", style="green" if present else "red")
    console.print(covered)
    show_findings(console, draft.check)


def show_findings(console: Console, check: dict[str, Any]) -> None:
    for finding in check.get("findings", []):
        style = "red" if finding["severity"] == "error" else "yellow"
        line = Text(f"{'Erreur' if finding['severity'] == 'error' else 'Attention'} ", style=style)
        if finding.get("follow_up"):
            line.append(
                f"message du suivi « {finding['follow_up']} », l.{finding['line']} "
                f"« {finding['excerpt']} » : {finding['message']}"
            )
        elif finding.get("excerpt"):
            line.append(f"l.{finding['line']} « {finding['excerpt']} » : {finding['message']}")
        elif finding.get("step"):
            line.append(f"étape manquante : {finding['message']}")
        else:
            line.append(f"réponse entière : {finding['message']}")
        if finding.get("suggestion"):
            line.append(f" → {finding['suggestion']}", style="dim")
        console.print(line)


def show_copied(
    console: Console, copied: Copied, what: str, text: str, printed: bool = False
) -> None:
    """One line; when nothing could be copied, the text too, plainly, to select (unless
    it is `printed` plainly anyway)."""
    if copied.ok:
        console.print(Text(f"✓ {copied.message(what)}", style="green"), soft_wrap=True)
        return
    console.print(Text(copied.message(what, shown=printed), style="yellow"), soft_wrap=True)
    if not printed:
        console.print(Text(text), soft_wrap=True)
