"""Options and arguments several commands share, and the environment of a command."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from reponse_cli.env import Environment

PlaybooksOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--playbooks",
        metavar="DOSSIER",
        help="Dossier de playbooks prioritaire (sinon $REPONSE_PLAYBOOKS).",
    ),
]


def file_argument(what: str) -> object:
    """The `[FICHIER|-]` argument: a file, « - » or nothing for standard input."""
    return typer.Argument(
        metavar="[FICHIER|-]",
        help=f"{what} ; « - » ou rien : l'entrée standard.",
        show_default=False,
    )


def env_of(ctx: typer.Context) -> Environment:
    """The environment `reponse` built for this run (cli/__init__.py)."""
    obj = ctx.find_root().obj
    return obj if isinstance(obj, Environment) else Environment.from_process()
