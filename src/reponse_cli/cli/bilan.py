"""`reponse bilan`: what the history teaches — counts, trends, satisfaction, advice."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from reponse_cli.cli.options import env_of, opened_history, parse_day


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class Grouping(StrEnum):
    famille = "famille"
    playbook = "playbook"
    tag = "tag"
    mois = "mois"
    agent = "agent"


def bilan(
    ctx: typer.Context,
    depuis: Annotated[
        str | None,
        typer.Option(
            "--depuis", metavar="DATE", help="Début de la période (défaut : il y a un an)."
        ),
    ] = None,
    jusqu_a: Annotated[
        str | None,
        typer.Option("--jusqu-a", metavar="DATE", help="Fin de la période (défaut : aujourd'hui)."),
    ] = None,
    par: Annotated[
        Grouping, typer.Option("--par", help="La répartition montrée en barres.")
    ] = Grouping.famille,
    fmt: Annotated[Format, typer.Option("--format", help="Format de sortie.")] = Format.table,
    conseils: Annotated[
        list[Path] | None,
        typer.Option(
            "--conseils",
            metavar="DOSSIER",
            help="Dossier de conseils prioritaire ($REPONSE_ADVICE).",
        ),
    ] = None,
) -> None:
    """Bilan des litiges : les plus fréquents, l'évolution, la satisfaction, et quoi changer."""
    from reponse_cli.errors import ReponseError
    from reponse_cli.history.advice import advise, load_rules
    from reponse_cli.history.stats import advice_context, default_period, public
    from reponse_cli.history.stats import bilan as compute

    env = env_of(ctx)
    since, until = default_period(env.today)
    if depuis:
        since = parse_day(env, depuis, "--depuis")
    if jusqu_a:
        until = parse_day(env, jusqu_a, "--jusqu-a")
    if since > until:
        raise ReponseError("--depuis doit précéder --jusqu-a.")
    rules = load_rules(env, conseils)
    with opened_history(env) as history:
        figures = compute(history.store, since, until, env.today)
    figures["advice"] = advise(rules, advice_context(figures))
    data = public(figures)
    if fmt is Format.json:
        from reponse_cli.views.console import print_json

        print_json(env.stdout, data)
        return
    if fmt is Format.csv:
        from reponse_cli.history.report import as_csv

        env.stdout.write(as_csv(data))
        return
    from reponse_cli.views.bilan import show_bilan
    from reponse_cli.views.console import result_console

    show_bilan(result_console(env), data, par.value)
