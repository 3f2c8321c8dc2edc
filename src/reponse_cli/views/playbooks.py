"""`reponse playbooks show`: a playbook summarised for the agent."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from reponse_cli.drafting.answers import TYPE_LABELS, fact_questions
from reponse_cli.playbooks.library import SOURCE_LABELS, PlaybookRef
from reponse_cli.playbooks.schema import (
    RESPONSIBILITY_LABELS,
    STAGE_LABELS,
    Playbook,
    family_label,
    para_text,
    para_when,
)


def describe_playbook(console: Console, ref: PlaybookRef, spec: Playbook) -> None:
    """`playbooks show`: a readable summary for the agent."""
    console.print(Text(f"{spec.title} ({ref.id})", style="bold"))
    console.print(
        f"Famille : {family_label(spec.family)} · {SOURCE_LABELS[ref.source]} · {ref.path}"
    )
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
        condition = f" (si {para_when(phrase)})" if para_when(phrase) else ""
        console.print(Text(f"  {index}. {para_text(phrase)}{condition}"))
    heading("Solutions (le client choisit) et gestes (offerts en plus)")
    for solution in spec.solutions:
        marks = [
            m for m, on in (("geste", solution.geste), ("par défaut", solution.recommended)) if on
        ]
        if solution.when:
            marks.append(f"si {solution.when}")
        suffix = f" [{', '.join(marks)}]" if marks else ""
        console.print(Text(f"  {solution.id} · {solution.label}{suffix}"))
        for q in solution.questions:
            console.print(f"      {q.id} · {TYPE_LABELS[q.type]} · {q.prompt}")
    if spec.follow_up:
        heading("Suivi (la réponse promet une étape ; les autres restent dans le plan)")
        for item in spec.follow_up:
            marks = " · promise par défaut" if item.promise else ""
            marks += f" · si {item.when}" if item.when else ""
            console.print(
                f"  {item.id} · {STAGE_LABELS[item.stage]} · J+{item.after_days} · "
                f"{item.label}{marks}"
            )
    console.print()
    console.print(
        Text(f"Exemples : {len(spec.examples)} · reponse draft {ref.id} pour rédiger", style="dim")
    )
