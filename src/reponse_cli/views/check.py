"""`reponse check`'s report: one line a finding, the parts present, a verdict."""

from __future__ import annotations

import json
from typing import Any

from reponse_cli.checker.document import CheckResult, Finding
from reponse_cli.method import CHECKED_PARTS
from reponse_cli.text.french import NBSP, plural

SEVERITY_LABELS = {"error": "erreur", "warning": "attention"}


def report_check(
    result: CheckResult,
    fmt: str,
    strict: bool,
    stream: Any,
    color: bool,
    quiet_when_clean: bool = False,
) -> None:
    if fmt == "json":
        stream.write(json.dumps(result.as_json(strict), ensure_ascii=False, indent=2) + "\n")
        return
    if quiet_when_clean and not result.findings:
        return
    lines = [format_finding(f) for f in result.findings]
    steps = f"Étapes{NBSP}: " + " · ".join(
        f"{label} {'✓' if result.steps.get(step) else '✗'}" for step, label in CHECKED_PARTS.items()
    )
    summary = _summary(result, strict)
    if color:
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
    elif finding.step is None:
        quoted = "réponse entière"
    else:
        quoted = f"étape manquante{NBSP}: {CHECKED_PARTS.get(finding.step or '', finding.rule)}"
    return f"{where:<7} {severity:<9} [{finding.rule}]  {quoted} → {finding.suggestion}"


def _summary(result: CheckResult, strict: bool) -> str:
    errors, warnings = len(result.errors), len(result.warnings)
    if not errors and not warnings:
        return f"Rien à signaler{NBSP}: la réponse peut partir."
    parts = []
    if errors:
        parts.append(plural(errors, "erreur"))
    if warnings:
        parts.append(plural(warnings, "avertissement"))
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
    for step, label in CHECKED_PARTS.items():
        present = result.steps.get(step, False)
        step_text.append(
            f"{label} {'✓' if present else '✗'}  ", style="green" if present else "red"
        )
    console.print(step_text)
    console.print(Text(summary, style="bold red" if result.errors else "bold"))
