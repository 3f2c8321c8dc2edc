"""`reponse init`: the agent's name, company, signature and consumer mediator."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from reponse_cli.cli.options import env_of
from reponse_cli.errors import ReponseError

if TYPE_CHECKING:
    from reponse_cli.env import Environment


def init(
    ctx: typer.Context,
    set_: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            metavar="CLÉ=VALEUR",
            help="Un réglage sans question : agent, entreprise, signature, contact, "
            "mediateur_nom, mediateur_site (répétable).",
        ),
    ] = None,
) -> None:
    """Enregistrer votre nom, votre entreprise, votre signature et votre médiateur."""
    from reponse_cli.config import (
        CONFIG_KEYS,
        ConfigError,
        check_value,
        load_config,
        save_config,
    )
    from reponse_cli.drafting.preset import parse_sets

    env = env_of(ctx)
    try:
        values = dict(load_config(env).values)
    except ConfigError as error:
        # `init` is how a broken config is repaired: keep a copy, start afresh.
        from reponse_cli.config import set_aside

        kept = set_aside(env)
        env.stderr.write(f"{error.message}\n")
        env.stderr.write(
            "Elle va être remplacée"
            + (f" ; l'ancienne est gardée dans {kept}" if kept else "")
            + ".\n"
        )
        values = {}
    if set_:
        for key, value in parse_sets(set_).items():
            values[key] = check_value(key, value)
    elif not env.stdin_isatty:
        raise ReponseError(
            "Pas de terminal pour poser les questions.",
            hint="Utilisez reponse init --set agent=… --set mediateur_nom=… (répétable).",
        )
    else:
        values = ask_all(env, values)
    path = save_config(env, values)
    env.stderr.write(f"Configuration enregistrée : {path}\n")
    for key in CONFIG_KEYS:
        if values.get(key):
            shown = values[key].replace("\n", " / ")
            env.stderr.write(f"  {key} : {shown}\n")
    if not values.get("mediateur_nom") or not values.get("mediateur_site"):
        env.stderr.write(
            "Attention : sans le nom et le site de votre médiateur de la consommation, les "
            "réponses qui doivent le citer ne pourront pas être rédigées.\n"
        )


def ask_all(env: Environment, values: dict[str, str]) -> dict[str, str]:
    """Each setting at the terminal, the current value offered back (settings.py)."""
    from rich.text import Text

    from reponse_cli.drafting.prompts import QuestionaryAsker
    from reponse_cli.settings import ask_settings
    from reponse_cli.views.console import agent_console

    console = agent_console(env)
    console.print("[bold]Réglages de reponse[/bold] [dim](Entrée garde la valeur proposée)[/dim]")
    try:
        return ask_settings(
            QuestionaryAsker(console), values, lambda text: console.print(Text(f"  {text}"))
        )
    except KeyboardInterrupt:
        raise ReponseError("Interrompu : configuration inchangée.") from None
