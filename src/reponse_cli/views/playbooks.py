"""`reponse playbooks show`: a playbook summarised for the agent."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from reponse_cli.drafting.answers import TYPE_LABELS, fact_questions
from reponse_cli.playbooks.library import SOURCE_LABELS, PlaybookRef
from reponse_cli.playbooks.schema import RESPONSIBILITY_LABELS, STAGE_LABELS, Playbook


def describe_playbook(console: Console, ref: PlaybookRef, spec: Playbook) -> None:
    """`playbooks show`: a readable summary for the agent."""
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
