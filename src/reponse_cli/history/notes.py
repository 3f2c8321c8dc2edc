"""Agent notes stay objective (CNIL: never insulting, never a judgement on the person).

A note is read by the checker's rules (blame, shouting…) and by the listening step's
insult signals — the words that flag an angry customer flag an angry note too.
"""

from __future__ import annotations

from reponse_cli.drafting.worker import Worker
from reponse_cli.errors import ReponseError
from reponse_cli.listening.signals import find_escalation

# A note is not a reply: its missing greeting or its typography do not matter.
_IGNORED = ("structure", "typography", "placeholder")


def note_problems(worker: Worker, text: str) -> list[str]:
    """What makes a note unfit to keep, one French sentence each; empty if it is fine."""
    problems = [
        f"« {e.excerpt} » : mot injurieux ou jugement sur la personne"
        for e in find_escalation(text)
        if e.category == "insult"
    ]
    try:
        findings = worker.check(text).findings
    except ReponseError:
        findings = []
    for finding in findings:
        if finding.category not in _IGNORED and finding.excerpt:
            problems.append(f"« {finding.excerpt} » : {finding.message}")
    return problems
