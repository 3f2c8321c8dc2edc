"""`reponse listen`: read a customer's message — playbook, facts, warning signs."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from reponse_cli.cli.options import PlaybooksOption, env_of, file_argument


class Format(StrEnum):
    table = "table"
    json = "json"


def listen(
    ctx: typer.Context,
    file: Annotated[str | None, file_argument("Le message du client")] = None,
    fmt: Annotated[Format, typer.Option("--format", help="Format de sortie.")] = Format.table,
    explain: Annotated[
        bool,
        typer.Option("--explain", help="Détailler les mots reconnus et leur poids."),
    ] = False,
    playbooks: PlaybooksOption = None,
) -> None:
    """Écouter : lire le message d'un client, proposer un playbook, les faits, les alertes."""
    from reponse_cli.drafting.worker import Worker
    from reponse_cli.files.input import InputSpec, read_input
    from reponse_cli.playbooks.library import Library
    from reponse_cli.views.console import print_json

    env = env_of(ctx)
    text, _ = read_input(
        env,
        file,
        InputSpec(
            what="le message du client",
            example="reponse listen message.txt   ou   pbpaste | reponse listen -",
            empty="Rien à lire",
        ),
    )
    from reponse_cli.limits import MESSAGE_LIMIT, cut_notice

    result = Worker(env, Library(env, playbooks)).read(text)
    if result.truncated:
        env.stderr.write(cut_notice("le message", MESSAGE_LIMIT))
    if fmt is Format.json:
        print_json(env.stdout, result.as_json(explain=explain))
        return
    from reponse_cli.views.console import result_console
    from reponse_cli.views.listening import show_listening

    show_listening(result_console(env), result, explain=explain)
