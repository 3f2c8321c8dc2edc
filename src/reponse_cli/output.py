"""What goes where: the draft alone on stdout, everything for the agent on stderr.

Rich is imported only when something is drawn for a person; a piped draft is plain text
with no ANSI codes, and NO_COLOR is honoured (Rich reads it).
"""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from reponse_cli.errors import ReponseError, os_message
from reponse_cli.french import NBSP

if TYPE_CHECKING:
    from rich.console import Console

    from reponse_cli.draft import Draft
    from reponse_cli.library import PlaybookRef
    from reponse_cli.playbook import Playbook


def stderr_console() -> Console:
    """The agent's console: prompts, panels, hints. Never mixed into a piped draft."""
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def format_draft(draft: Draft, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(draft.as_json(), ensure_ascii=False, indent=2)
    if fmt == "markdown":
        return f"**Objet{NBSP}:** {draft.subject}\n\n{draft.text}"
    return f"Objet{NBSP}: {draft.subject}\n\n{draft.text}"


def write_text(
    text: str, output: Path | None, stream: TextIO | None = None, final_newline: bool = True
) -> None:
    """Write to `output` (atomically) or to stdout, with a final newline by default."""
    if final_newline and not text.endswith("\n"):
        text += "\n"
    if output is None:
        (stream or sys.stdout).write(text)
        return
    tmp = output.with_name(output.name + ".tmp")
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(output)
    except OSError as error:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise ReponseError(
            f"Écriture impossible dans {output}{NBSP}: {os_message(error)}"
        ) from None


def read_input(file: str | None, what: str, example: str, empty: str) -> tuple[str, str]:
    """Text from a file, or from stdin for « - » (or nothing, when stdin is a pipe).

    Returns the text and a name for messages; every problem is one French line.
    """
    if file is None or file == "-":
        if file is None and sys.stdin.isatty():
            raise ReponseError(
                f"Indiquez {what} : un fichier, ou « - » pour l'entrée standard.",
                hint=f"Exemple{NBSP}: {example}",
            )
        try:
            text = sys.stdin.read()
        except UnicodeDecodeError:
            raise ReponseError("L'entrée standard n'est pas du texte UTF-8.") from None
        name = "l'entrée standard"
    else:
        path = Path(file).expanduser()
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ReponseError(f"Fichier introuvable{NBSP}: {file}") from None
        except IsADirectoryError:
            raise ReponseError(f"{file} est un dossier, pas un fichier texte.") from None
        except UnicodeDecodeError:
            raise ReponseError(
                f"{file} n'est pas un texte UTF-8.",
                hint="Enregistrez-le en UTF-8 (texte brut) puis relancez.",
            ) from None
        except OSError as error:
            raise ReponseError(f"Lecture impossible de {file}{NBSP}: {os_message(error)}") from None
        name = file
    if not text.strip():
        raise ReponseError(f"{empty}{NBSP}: {name} est vide.")
    return text, name


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def show_draft(console: Console, draft: Draft) -> None:
    """The draft in a panel, then the steps it covers and the checker's findings."""
    from rich.panel import Panel
    from rich.text import Text

    from reponse_cli.flow import steps_covered

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
    from rich.text import Text

    for finding in check.get("findings", []):
        style = "red" if finding["severity"] == "error" else "yellow"
        line = Text(f"{'Erreur' if finding['severity'] == 'error' else 'Attention'} ", style=style)
        if finding.get("excerpt"):
            line.append(f"l.{finding['line']} « {finding['excerpt']} » : {finding['message']}")
        else:
            line.append(f"étape manquante : {finding['message']}")
        if finding.get("suggestion"):
            line.append(f" → {finding['suggestion']}", style="dim")
        console.print(line)


def describe_playbook(ref: PlaybookRef, spec: Playbook) -> None:
    """`playbooks show`: a readable summary for the agent."""
    from rich.console import Console
    from rich.text import Text

    from reponse_cli.answers import TYPE_LABELS, fact_questions
    from reponse_cli.library import SOURCE_LABELS
    from reponse_cli.playbook import RESPONSIBILITY_LABELS, STAGE_LABELS

    console = Console(highlight=False)
    console.print(Text(f"{spec.title} ({ref.id})", style="bold"))
    console.print(f"Famille : {spec.family} · {SOURCE_LABELS[ref.source]} · {ref.path}")
    console.print(spec.description)
    if spec.keywords:
        console.print(Text("Mots-clés : " + ", ".join(spec.keywords), style="dim"))

    def heading(title: str) -> None:
        console.print()
        console.print(Text(title, style="bold underline"))

    heading("Questions (écoute)")
    for q in fact_questions(spec):
        flag = "" if q.required else " (facultatif)"
        console.print(f"  {q.id} · {TYPE_LABELS[q.type]}{flag} · {q.prompt}")
    if spec.listen.checklist:
        heading("À vérifier")
        for item in spec.listen.checklist:
            console.print(f"  ☐ {item}")
    heading("Excuses")
    for key, text in spec.apologies.variants().items():
        console.print(Text(f"  {RESPONSIBILITY_LABELS[key]} : ", style="italic") + Text(text))
    heading("Empathie")
    for index, phrase in enumerate(spec.empathy, 1):
        console.print(Text(f"  {index}. {phrase}"))
    heading("Solutions")
    for solution in spec.solutions:
        marks = [
            m for m, on in (("geste", solution.geste), ("par défaut", solution.recommended)) if on
        ]
        suffix = f" [{', '.join(marks)}]" if marks else ""
        console.print(Text(f"  {solution.id} · {solution.label}{suffix}"))
        for q in solution.questions:
            console.print(f"      {q.id} · {TYPE_LABELS[q.type]} · {q.prompt}")
    if spec.follow_up:
        heading("Suivi")
        for item in spec.follow_up:
            console.print(
                f"  {item.id} · {STAGE_LABELS[item.stage]} · J+{item.after_days} · {item.label}"
            )
    console.print()
    console.print(
        Text(f"Exemples : {len(spec.examples)} · reponse draft {ref.id} pour rédiger", style="dim")
    )


def show_listening(console: Console, result: Any, explain: bool = False) -> None:
    """`reponse listen` for a person: candidates, warning signs first, facts, restatement."""
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    from reponse_cli.french import format_date, format_money

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
            candidate["family"],
            f"{candidate['score']:.1f} ({candidate['confidence']:.0%})",
            ", ".join(candidate["matched"][:6]) + (" …" if len(candidate["matched"]) > 6 else ""),
        )
    console.print(table)
    if result.unsure:
        console.print(
            Text(f"Je ne suis pas sûr : {result.unsure}. À vous de choisir.", style="yellow")
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
    if result.reformulation:
        console.print(Text("\nReformulation proposée", style="bold"))
        console.print(f"  {result.reformulation}")
