"""`reponse init`: the agent's name, company, signature and consumer mediator."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from reponse_cli.errors import ReponseError


def init(
    set_: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            metavar="CLÉ=VALEUR",
            help="Un réglage sans question : agent, entreprise, signature, contact, "
            "mediateur_nom, mediateur_site (répétable).",
        ),
    ] = None,
) -> None:
    """Enregistrer votre nom, votre entreprise, votre signature et votre médiateur."""
    from reponse_cli.config import FIELDS, check_value, load_config, save_config

    config = load_config()
    values = dict(config.values)
    if set_:
        for item in set_:
            key, sep, value = item.partition("=")
            if not sep:
                raise ReponseError(f"--set attend CLÉ=VALEUR, pas « {item} ».")
            values[key.strip()] = check_value(key.strip(), value)
    elif not sys.stdin.isatty():
        raise ReponseError(
            "Pas de terminal pour poser les questions.",
            hint="Utilisez reponse init --set agent=… --set mediateur_nom=… (répétable).",
        )
    else:
        values = ask_all(values)
    path = save_config(values)
    sys.stderr.write(f"Configuration enregistrée : {path}\n")
    for key in FIELDS:
        if values.get(key):
            shown = values[key].replace("\n", " / ")
            sys.stderr.write(f"  {key} : {shown}\n")
    if not values.get("mediateur_nom") or not values.get("mediateur_site"):
        sys.stderr.write(
            "Attention : sans le nom et le site de votre médiateur de la consommation, les "
            "réponses qui doivent le citer ne pourront pas être rédigées.\n"
        )


def ask_all(values: dict[str, str]) -> dict[str, str]:
    import questionary

    from reponse_cli.config import FIELDS, check_value
    from reponse_cli.output import stderr_console

    console = stderr_console()
    console.print("[bold]Réglages de reponse[/bold] [dim](Entrée garde la valeur proposée)[/dim]")
    answers = dict(values)
    try:
        for key, (label, help_text) in FIELDS.items():
            console.print(f"[dim]{help_text}[/dim]")

            def validate(raw: str, key: str = key) -> bool | str:
                try:
                    check_value(key, raw)
                except ReponseError as error:
                    return error.message
                return True

            raw = questionary.text(
                label,
                default=(values.get(key) or "").replace("\n", "\\n"),
                validate=validate,
            ).unsafe_ask()
            answers[key] = check_value(key, raw)
    except KeyboardInterrupt:
        raise ReponseError("Interrompu : configuration inchangée.") from None
    return answers
