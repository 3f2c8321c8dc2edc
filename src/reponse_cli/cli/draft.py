"""`reponse draft`: options in, a drafting session out (see session.py)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer


class Format(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


class Responsibility(StrEnum):
    nous = "nous"
    partagee = "partagee"
    a_eclaircir = "a-eclaircir"
    client = "client"


PlaybooksOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--playbooks",
        metavar="DOSSIER",
        help="Dossier de playbooks prioritaire (sinon $REPONSE_PLAYBOOKS).",
    ),
]


def draft(
    playbook: Annotated[
        str | None,
        typer.Argument(
            metavar="[PLAYBOOK]", help="Id du playbook (ou fichier .yaml) ; sinon à choisir."
        ),
    ] = None,
    set_: Annotated[
        list[str] | None,
        typer.Option("--set", metavar="CLÉ=VALEUR", help="Une réponse (répétable)."),
    ] = None,
    answers: Annotated[
        Path | None,
        typer.Option(metavar="FICHIER", help="Réponses en YAML ou JSON (- : entrée standard)."),
    ] = None,
    solution: Annotated[
        list[str] | None,
        typer.Option("--solution", metavar="ID", help="Solution proposée (répétable)."),
    ] = None,
    responsibility: Annotated[
        Responsibility | None,
        typer.Option(help="Qui est responsable : choisit la formule d'excuse."),
    ] = None,
    no_input: Annotated[
        bool, typer.Option("--no-input", help="Ne rien demander : réponses et valeurs par défaut.")
    ] = False,
    fmt: Annotated[Format, typer.Option("--format", help="Format du brouillon.")] = Format.text,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FICHIER", help="Écrire le brouillon dans un fichier."
        ),
    ] = None,
    resume: Annotated[
        bool, typer.Option("--resume", help="Reprendre le brouillon interrompu.")
    ] = False,
    playbooks: PlaybooksOption = None,
    message: Annotated[
        str | None,
        typer.Option(
            "--message",
            "-m",
            metavar="FICHIER|-",
            help="Le message du client : propose le playbook, pré-remplit les faits, signale "
            "les menaces.",
        ),
    ] = None,
) -> None:
    """Rédiger une réponse : écouter, s'excuser, empathie, solutions, suivi."""
    from reponse_cli.session import DraftRequest, run

    run(
        DraftRequest(
            playbook=playbook,
            sets=set_ or [],
            answers_file=answers,
            solutions=solution or [],
            responsibility=responsibility.value if responsibility else None,
            no_input=no_input,
            fmt=fmt.value,
            output=output,
            resume=resume,
            playbook_dirs=playbooks,
            message=message,
        )
    )
