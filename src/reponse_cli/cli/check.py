"""`reponse check`: read a reply, report what would hurt or expose, fix the typography.

Thin: reading the input and choosing the output live here, the rules in `tone.py`.
"""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from reponse_cli.errors import ExitStatus, ReponseError

if TYPE_CHECKING:
    from reponse_cli.tone import CheckResult, Finding

NBSP = "\u00a0"
SEVERITY_LABELS = {"error": "erreur", "warning": "attention"}
STEP_LABELS = {
    "greeting": "salutation",
    "apology": "excuses",
    "solution": "solution",
    "follow_up": "suivi daté",
    "closing": "formule finale",
}


class Format(StrEnum):
    text = "text"
    json = "json"


def check(
    file: Annotated[
        str | None,
        typer.Argument(
            metavar="[FICHIER|-]",
            help="La réponse à relire ; « - » ou rien : l'entrée standard.",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        Format,
        typer.Option("--format", help="text : une ligne par remarque ; json : pour un script."),
    ] = Format.text,
    fix: Annotated[
        bool,
        typer.Option(
            "--fix",
            help="Écrire le texte avec la typographie corrigée (espaces insécables, « Cdt ») ; "
            "les mots ne sont jamais changés.",
        ),
    ] = False,
    in_place: Annotated[
        bool, typer.Option("--in-place", help="Avec --fix : corriger le fichier lui-même.")
    ] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Code de sortie 1 dès le premier avertissement.")
    ] = False,
    rules: Annotated[
        list[Path] | None,
        typer.Option(
            "--rules",
            metavar="DOSSIER",
            help="Dossier de règles prioritaire (sinon $REPONSE_RULES), avant les vôtres "
            "et les règles intégrées.",
        ),
    ] = None,
) -> None:
    """Relire une réponse avant envoi : mots qui blessent, risques juridiques, étapes, typographie.

    Code de sortie : 0 si rien de bloquant, 1 si une erreur est trouvée (avec --strict, un
    avertissement aussi), 2 si la commande est mal utilisée.

    Vos règles : des fichiers YAML dans le dossier « rules » de vos données ; une règle de
    même id remplace la règle intégrée, « enabled: false » la désactive. Le format est
    décrit en tête du fichier rules/regles.yaml.
    """
    from reponse_cli import tone

    if in_place:
        fix = True
    if in_place and (file is None or file == "-"):
        raise ReponseError(
            "--in-place corrige un fichier : indiquez-le (reponse check --fix --in-place FICHIER)."
        )
    if fix and not in_place and fmt is Format.json:
        raise ReponseError(
            "--fix écrit le texte corrigé sur la sortie standard : impossible d'y mettre aussi "
            "le JSON.",
            hint="Ajoutez --in-place pour corriger le fichier et obtenir le rapport en JSON.",
        )
    text, name = read_reply(file)
    ruleset = tone.load_rules(rules)

    if fix:
        before = tone.check_text(text, ruleset)
        fixed = tone.fix_text(text)
        result = tone.check_text(fixed, ruleset)
        corrected = _typography_count(before) - _typography_count(result)
        if in_place:
            assert file is not None
            if fixed != text:
                _write_atomically(Path(file), fixed)
                sys.stderr.write(
                    f"{_plural(corrected, 'correction')} de typographie dans {file}.\n"
                )
            else:
                sys.stderr.write(f"Rien à corriger dans {file}.\n")
            _report(result, fmt, strict, sys.stdout, name)
        else:
            sys.stdout.write(fixed)
            sys.stdout.flush()
            _report(result, Format.text, strict, sys.stderr, name, quiet_when_clean=True)
    else:
        result = tone.check_text(text, ruleset)
        _report(result, fmt, strict, sys.stdout, name)
    failed = result.errors or (strict and result.warnings)
    raise typer.Exit(ExitStatus.FINDINGS if failed else ExitStatus.OK)


def read_reply(file: str | None) -> tuple[str, str]:
    """The reply's text and a name for messages; « - » or nothing reads stdin."""
    from reponse_cli.output import read_input

    return read_input(
        file,
        what="la réponse à relire",
        example="reponse check reponse.txt   ou   pbpaste | reponse check -",
        empty="Rien à relire",
    )


def _typography_count(result: CheckResult) -> int:
    return sum(1 for f in result.findings if f.category == "typography")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count > 1 else ''}"


def _write_atomically(path: Path, text: str) -> None:
    from reponse_cli.output import write_text

    write_text(text, path, final_newline=False)


def _report(
    result: CheckResult,
    fmt: Format,
    strict: bool,
    stream: Any,
    name: str,
    quiet_when_clean: bool = False,
) -> None:
    if fmt is Format.json:
        import json

        stream.write(json.dumps(result.as_json(strict), ensure_ascii=False, indent=2) + "\n")
        return
    if quiet_when_clean and not result.findings:
        return
    lines = [format_finding(f) for f in result.findings]
    steps = f"Étapes{NBSP}: " + " · ".join(
        f"{label} {'✓' if result.steps.get(step) else '✗'}" for step, label in STEP_LABELS.items()
    )
    summary = _summary(result, strict)
    if stream.isatty() and not os.environ.get("NO_COLOR"):
        _print_rich(result, lines, steps, summary, stream)
        return
    for line in lines:
        stream.write(line + "\n")
    stream.write(steps + "\n")
    stream.write(summary + "\n")


def format_finding(finding: Finding) -> str:
    """`ligne:colonne  sévérité  [règle]  « extrait » → suggestion`, on one line."""
    where = f"{finding.line}:{finding.column}" if finding.line else "—"
    severity = SEVERITY_LABELS.get(finding.severity, finding.severity)
    if finding.excerpt:
        quoted = f"«{NBSP}{finding.excerpt}{NBSP}»"
    else:
        quoted = f"étape manquante{NBSP}: {STEP_LABELS.get(finding.step or '', finding.rule)}"
    return f"{where:<7} {severity:<9} [{finding.rule}]  {quoted} → {finding.suggestion}"


def _summary(result: CheckResult, strict: bool) -> str:
    errors, warnings = len(result.errors), len(result.warnings)
    if not errors and not warnings:
        return f"Rien à signaler{NBSP}: la réponse peut partir."
    parts = []
    if errors:
        parts.append(_plural(errors, "erreur"))
    if warnings:
        parts.append(_plural(warnings, "avertissement"))
    counts = " et ".join(parts)
    if errors:
        return f"{counts}{NBSP}: à corriger avant d'envoyer."
    if strict:
        return f"{counts}{NBSP}: à revoir (--strict)."
    return f"{counts}{NBSP}: à revoir si possible."


def _print_rich(
    result: CheckResult, lines: list[str], steps: str, summary: str, stream: Any
) -> None:
    from rich.console import Console
    from rich.text import Text

    console = Console(file=stream, highlight=False, soft_wrap=True)
    for finding, line in zip(result.findings, lines, strict=True):
        style = "red" if finding.severity == "error" else "yellow"
        text = Text(line)
        start = line.index(SEVERITY_LABELS.get(finding.severity, finding.severity))
        text.stylize(f"bold {style}", start, start + 9)
        arrow = line.find(" → ")
        if arrow > 0:
            text.stylize("dim", arrow + 3)
        console.print(text)
    step_text = Text(f"Étapes{NBSP}: ")
    for step, label in STEP_LABELS.items():
        present = result.steps.get(step, False)
        step_text.append(
            f"{label} {'✓' if present else '✗'}  ", style="green" if present else "red"
        )
    console.print(step_text)
    console.print(Text(summary, style="bold red" if result.errors else "bold"))
