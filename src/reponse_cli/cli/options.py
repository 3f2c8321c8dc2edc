"""Options and arguments several commands share, and the environment of a command."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from reponse_cli.env import Environment

if TYPE_CHECKING:
    from reponse_cli.files.input import InputSpec, Paste
    from reponse_cli.history.service import History

PlaybooksOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--playbooks",
        metavar="DOSSIER",
        help="Dossier de playbooks prioritaire (sinon $REPONSE_PLAYBOOKS).",
    ),
]


def file_argument(what: str, paste: bool = False) -> object:
    """The `[FICHIER|-]` argument: a file, « - » for standard input, nothing for either
    standard input (a pipe) or, in a terminal, a box to paste into."""
    nothing = "rien : l'entrée standard, ou dans un terminal une zone où coller le texte"
    return typer.Argument(
        metavar="[FICHIER|-]",
        help=f"{what} ; « - » : l'entrée standard ; {nothing}."
        if paste
        else f"{what} ; « - » ou rien : l'entrée standard.",
        show_default=False,
    )


def paste_box(env: Environment) -> Paste:
    """A box on the agent's terminal to paste a text into (Échap then Entrée)."""

    def paste(spec: InputSpec) -> str:
        from reponse_cli.drafting.widgets import paste_in_terminal

        return paste_in_terminal(env, spec)

    return paste


def env_of(ctx: typer.Context) -> Environment:
    """The environment `reponse` built for this run (cli/__init__.py)."""
    obj = ctx.find_root().obj
    return obj if isinstance(obj, Environment) else Environment.from_process()


@contextmanager
def opened_history(env: Environment) -> Iterator[History]:
    """The history for one command, closed at its end."""
    from reponse_cli.history.service import History

    history = History.open(env)
    try:
        yield history
    finally:
        history.release()


def parse_day(env: Environment, raw: str, option: str) -> dt.date:
    """A date the agent typed (« 4/12 », « 2026-12-04 », « demain »…), or a usage error."""
    from reponse_cli.errors import ReponseError
    from reponse_cli.text.french import ParseError, parse_date

    try:
        return parse_date(raw, env.today)
    except ParseError as error:
        raise ReponseError(f"{option} : {error}.") from None


# --- shell completion (`reponse completion`) ----------------------------------------------
# A completer runs at each Tab of the agent's shell: it reads what exists, says it in
# French, and never fails aloud — a broken setting or an unreachable server completes
# nothing rather than printing into the agent's command line.


def complete_playbooks(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Playbook ids, each with its title."""
    from reponse_cli.errors import ReponseError
    from reponse_cli.playbooks.library import Library
    from reponse_cli.playbooks.show import list_rows

    try:
        rows = list_rows(Library(env_of(ctx)))
    except (ReponseError, OSError):
        return []
    return [(row["id"], row["title"]) for row in rows if row["id"].startswith(incomplete)]


def complete_dossiers(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """The most recent dossiers' numbers, each with its playbook, client and status."""
    from reponse_cli.history.completion import recent_dossiers

    try:
        return [pair for pair in recent_dossiers(env_of(ctx)) if pair[0].startswith(incomplete)]
    except Exception:  # any store, any failure: nothing to offer, nothing printed
        return []


def dossier_argument(metavar: str = "ID") -> object:
    """The number of a dossier, completed from the history."""
    return typer.Argument(
        metavar=metavar, help="Numéro du dossier.", autocompletion=complete_dossiers
    )
