"""`reponse listen`: read a customer's message — playbook, facts, warning signs."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from reponse_cli.cli.options import PlaybooksOption, env_of, file_argument, paste_box


class Format(StrEnum):
    table = "table"
    json = "json"


def listen(
    ctx: typer.Context,
    file: Annotated[
        str | None, file_argument("Le message du client (texte ou e-mail .eml)", paste=True)
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", help="Format de sortie.")] = Format.table,
    explain: Annotated[
        bool,
        typer.Option("--explain", help="Détailler les mots reconnus et leur poids."),
    ] = False,
    playbooks: PlaybooksOption = None,
) -> None:
    """Écouter : lire le message d'un client, proposer un playbook, les faits, les alertes.

    Un e-mail (.eml) ou un texte collé : seuls les mots du client sont lus ; les messages
    cités, la signature et les mentions légales sont mis à part.
    """
    from reponse_cli.drafting.worker import Worker
    from reponse_cli.files.input import InputSpec, read_input_bytes
    from reponse_cli.listening.mail import parse_message
    from reponse_cli.playbooks.library import Library
    from reponse_cli.views.console import print_json

    env = env_of(ctx)
    data, name = read_input_bytes(
        env,
        file,
        InputSpec(
            what="le message du client",
            command="reponse listen",
            example_file="message.eml",
            empty="Rien à lire",
        ),
        paste=paste_box(env),
    )
    from reponse_cli.limits import MESSAGE_LIMIT, cut_notice

    mail = parse_message(data, name)
    result = Worker(env, Library(env, playbooks)).read(mail)
    if result.truncated:
        env.stderr.write(cut_notice("le message", MESSAGE_LIMIT))
    if fmt is Format.json:
        print_json(env.stdout, {**result.as_json(explain=explain), "mail": mail.as_json()})
        return
    from reponse_cli.views.console import result_console
    from reponse_cli.views.listening import show_listening
    from reponse_cli.views.mail import show_mail

    console = result_console(env)
    show_mail(console, mail)
    show_listening(console, result, explain=explain)
