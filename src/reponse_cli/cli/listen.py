"""`reponse listen`: read a customer's message — playbook, facts, warning signs."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from reponse_cli.cli.draft import PlaybooksOption


class Format(StrEnum):
    table = "table"
    json = "json"


def listen(
    file: Annotated[
        str | None,
        typer.Argument(
            metavar="[FICHIER|-]",
            help="Le message du client ; « - » ou rien : l'entrée standard.",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", help="Format de sortie.")] = Format.table,
    explain: Annotated[
        bool,
        typer.Option("--explain", help="Détailler les mots reconnus et leur poids."),
    ] = False,
    playbooks: PlaybooksOption = None,
) -> None:
    """Écouter : lire le message d'un client, proposer un playbook, les faits, les alertes."""
    from reponse_cli import library
    from reponse_cli.config import load_config
    from reponse_cli.draft import today
    from reponse_cli.listen import listen as read_message
    from reponse_cli.output import print_json, read_input, show_listening

    text, _ = read_input(
        file,
        what="le message du client",
        example="reponse listen message.txt   ou   pbpaste | reponse listen -",
        empty="Rien à lire",
    )
    config = load_config()
    result = read_message(
        text, library.discover(playbooks).values(), today(), config.get("motif_commande")
    )
    if fmt is Format.json:
        print_json(result.as_json(explain=explain))
        return
    from rich.console import Console

    show_listening(Console(highlight=False), result, explain=explain)
