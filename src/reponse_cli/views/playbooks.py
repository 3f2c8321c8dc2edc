"""`reponse playbooks show` and `list`: a playbook, and the library, for the agent."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from reponse_cli.drafting.answers import TYPE_LABELS, fact_questions
from reponse_cli.playbooks.library import SOURCE_LABELS, PlaybookRef
from reponse_cli.playbooks.schema import (
    RESPONSIBILITY_LABELS,
    STAGE_LABELS,
    Playbook,
    condition_label,
    family_label,
    para_text,
    para_when,
)
from reponse_cli.views.console import print_indented

if TYPE_CHECKING:  # the preview renders with Jinja: `playbooks list` never loads it
    from reponse_cli.playbooks.preview import Key, Preview


def describe_playbook(
    console: Console, ref: PlaybookRef, spec: Playbook, preview: Preview | None = None
) -> None:
    """`playbooks show`: a readable summary, its texts rendered with sample answers
    (`preview`), or as written (`--source`, `preview` None)."""

    def shown(key: Key, source: str) -> Text:
        if preview is None:
            return Text(source)
        if key in preview.texts:
            return Text(preview.texts[key])
        return Text(source, style="dim")  # a text the sample answers cannot fill

    def block(text: Text, indent: int = 4) -> None:
        print_indented(console, text, indent)

    def heading(title: str) -> None:
        console.print()
        console.print(Text(title, style="bold underline"))

    console.print(Text(f"{spec.title} ({ref.id})", style="bold"))
    console.print(
        f"Famille : {family_label(spec.family)} · {SOURCE_LABELS[ref.source]} · {ref.path}"
    )
    console.print(spec.description)
    if spec.keywords:
        console.print(Text("Mots-clés : " + ", ".join(spec.keywords), style="dim"))
    if preview is not None:
        example = f"de l'exemple « {preview.example} »" if preview.example else "d'exemple"
        console.print(
            Text(
                f"Textes rendus avec les réponses {example} ; les modèles Jinja : --source.",
                style="dim",
            )
        )
    if spec.subject is not None:
        console.print(Text("Objet : ", style="bold") + shown(("subject",), spec.subject))

    heading("Questions (écoute)")
    for q in fact_questions(spec):
        flag = "" if q.required else " (facultatif)"
        console.print(f"  {q.id} · {TYPE_LABELS[q.type]}{flag} · {q.prompt}")
    if spec.listen.checklist:
        heading("À vérifier")
        for item in spec.listen.checklist:
            console.print(f"  ☐ {item}")
    heading("Reformulation")
    block(shown(("listen", "reformulation"), spec.listen.reformulation), 2)
    heading("Excuses")
    for key, text in spec.apologies.variants().items():
        console.print(Text(f"  {RESPONSIBILITY_LABELS[key]} :", style="italic"))
        block(shown(("apologies", key), text))
    heading("Empathie")
    for index, phrase in enumerate(spec.empathy):
        condition = f"si {condition_label(para_when(phrase) or '')}" if para_when(phrase) else ""
        console.print(Text(f"  {index + 1}. {condition}".rstrip(), style="italic"))
        block(shown(("empathy", index), para_text(phrase)))
    heading("Solutions (le client choisit) et gestes (offerts en plus)")
    for index, solution in enumerate(spec.solutions):
        marks = [
            m for m, on in (("geste", solution.geste), ("par défaut", solution.recommended)) if on
        ]
        if solution.when:
            marks.append(f"si {condition_label(solution.when)}")
        suffix = f" [{', '.join(marks)}]" if marks else ""
        console.print(Text(f"  {solution.id} · {solution.label}{suffix}"))
        for q in solution.questions:
            console.print(f"      {q.id} · {TYPE_LABELS[q.type]} · {q.prompt}")
        block(shown(("solutions", index), solution.text))
    if spec.follow_up:
        heading("Suivi (la réponse promet une étape ; les autres restent dans le plan)")
        for index, item in enumerate(spec.follow_up):
            marks = " · promise par défaut" if item.promise else ""
            marks += f" · si {condition_label(item.when)}" if item.when else ""
            console.print(
                f"  {item.id} · {STAGE_LABELS[item.stage]} · J+{item.after_days} · "
                f"{item.label}{marks}"
            )
            block(shown(("follow_up", index), item.text))
            if item.message:
                console.print(Text("    Message à envoyer :", style="italic"))
                block(shown(("follow_up", index, "message"), item.message), 6)
    console.print()
    console.print(
        Text(f"Exemples : {len(spec.examples)} · reponse draft {ref.id} pour rédiger", style="dim")
    )


def list_playbooks(
    console: Console, rows: list[dict[str, Any]], custom: list[Path], user: Path
) -> None:
    """`playbooks list`: the table, then where the agent's own playbooks go."""
    table = Table(box=None, header_style="bold", pad_edge=False)
    for column in ("Identifiant", "Titre", "Famille", "Provenance"):
        table.add_column(column)
    for row in sorted(rows, key=lambda r: (r["family"], r["id"])):
        source = SOURCE_LABELS[row["source"]]
        if row["overrides"] and row["source"] != "builtin":
            source += " (remplace l'intégré)"
        family = family_label(row["family"]) if row["family"] else ""
        table.add_row(row["id"], row["title"], family, source)
    console.print(table)
    console.print()
    for folder in custom:
        console.print(Text("Dossier choisi, qui passe avant tout\u00a0:", style="dim"))
        console.print(Text(f"  {folder}"), soft_wrap=True)  # whole, to copy
    mine = sum(1 for row in rows if row["source"] == "user")
    created = "" if user.is_dir() else " ; le dossier sera créé"
    console.print(Text(f"Vos playbooks ({mine} à vous{created})\u00a0:", style="dim"))
    console.print(Text(f"  {user}"), soft_wrap=True)
    console.print(
        Text(
            "Un fichier ID.yaml par situation ; un playbook à vous qui porte le nom d'un "
            "playbook intégré le remplace. Nouveau : reponse playbooks new ID (il s'ouvre "
            "dans votre éditeur), puis reponse playbooks validate.",
            style="dim",
        )
    )
