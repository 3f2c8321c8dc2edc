"""`reponse suivi`: the follow-ups due today and overdue; `fait`, `reporter`, `ignorer`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from reponse_cli.cli.base import ReponseCommand
from reponse_cli.cli.options import dossier_argument, env_of, opened_history, parse_day


class Format(StrEnum):
    table = "table"
    json = "json"


app = typer.Typer(
    help="Le suivi promis : ce qui est à faire aujourd'hui et en retard, messages prêts à "
    "copier ; fait, reporter, ignorer.",
    invoke_without_command=True,
    rich_markup_mode=None,
)

SCREEN_MESSAGES = 20  # a day's work at a glance; the table still lists every step
DossierArg = Annotated[int, dossier_argument("DOSSIER")]
StepArg = Annotated[
    str | None,
    typer.Argument(metavar="[ÉTAPE]", help="Id de l'étape (sinon la prochaine à faire)."),
]


@app.callback()
def suivi(
    ctx: typer.Context,
    fmt: Annotated[Format, typer.Option("--format", help="Format de sortie.")] = Format.table,
    ics: Annotated[
        Path | None,
        typer.Option(
            "--ics", metavar="FICHIER", help="Exporter les dates promises pour un agenda (.ics)."
        ),
    ] = None,
    limite: Annotated[
        int | None,
        typer.Option(
            "--limite",
            metavar="N",
            help="Messages des N plus anciens (défaut : 20 à l'écran, tous en JSON ; 0 : tous).",
        ),
    ] = None,
) -> None:
    """Le suivi promis : ce qui est à faire aujourd'hui et en retard, le plus ancien d'abord."""
    if ctx.invoked_subcommand is not None:
        return
    from reponse_cli.drafting.worker import Worker
    from reponse_cli.history.followups import calendar, due_messages
    from reponse_cli.views.console import print_json

    env = env_of(ctx)
    with opened_history(env) as history:
        if ics is not None:
            from reponse_cli.files.write import write_atomic

            worker = Worker(env)
            steps = history.store.pending_steps()
            write_atomic(ics, calendar(steps, env.now(), worker.config.get("entreprise")))
            env.stderr.write(f"{len(steps)} date(s) de suivi écrites dans {ics}\n")
            return
        items = history.store.due(env.today)
    worker = Worker(env)
    if limite is None:
        limite = 0 if fmt is Format.json else SCREEN_MESSAGES
    shown = items[:limite] if limite else items
    messages = due_messages(worker, shown, env.today)
    if fmt is Format.json:
        print_json(env.stdout, [m.as_json() for m in messages])
        return
    from reponse_cli.views.console import result_console
    from reponse_cli.views.history import show_due

    show_due(result_console(env), items, messages, env.today)
    if len(shown) < len(items):
        env.stderr.write(
            f"Messages des {len(shown)} étapes les plus anciennes sur {len(items)} ; "
            "--limite 0 pour tous.\n"
        )


@app.command("fait", cls=ReponseCommand)
def done(ctx: typer.Context, dossier: DossierArg, etape: StepArg = None) -> None:
    """Marquer une étape du suivi comme faite."""
    env = env_of(ctx)
    with opened_history(env) as history:
        step = history.step_done(dossier, etape)
    env.stderr.write(f"Dossier n° {dossier} : « {step.label} » fait.\n")


@app.command("reporter", cls=ReponseCommand)
def later(
    ctx: typer.Context,
    dossier: DossierArg,
    etape: StepArg = None,
    au: Annotated[
        str | None, typer.Option("--au", metavar="DATE", help="Nouvelle date (ex. 2026-12-04).")
    ] = None,
    dans: Annotated[
        str | None, typer.Option("--dans", metavar="DÉLAI", help="Dans combien de jours (ex. 3j).")
    ] = None,
) -> None:
    """Reporter une étape du suivi (jamais un dimanche ni un jour férié)."""
    import datetime as dt

    from reponse_cli.errors import ReponseError
    from reponse_cli.history.service import parse_delay
    from reponse_cli.text.french import format_date

    env = env_of(ctx)
    if (au is None) == (dans is None):
        raise ReponseError("Indiquez --au DATE ou --dans DÉLAI (l'un ou l'autre).")
    if au is not None:
        day = parse_day(env, au, "--au")
    else:
        day = env.today + dt.timedelta(days=parse_delay(dans or ""))
    with opened_history(env) as history:
        due = history.reschedule(dossier, etape, day)
    env.stderr.write(f"Dossier n° {dossier} : suivi reporté au {format_date(due, 'jour')}.\n")


@app.command("ignorer", cls=ReponseCommand)
def skip(
    ctx: typer.Context,
    dossier: DossierArg,
    etape: StepArg = None,
    raison: Annotated[
        str, typer.Option("--raison", metavar="TEXTE", help="Pourquoi l'étape est ignorée.")
    ] = "",
) -> None:
    """Ignorer une étape du suivi, en disant pourquoi."""
    env = env_of(ctx)
    with opened_history(env) as history:
        step = history.skip(dossier, etape, raison)
    env.stderr.write(f"Dossier n° {dossier} : « {step.label} » ignoré.\n")
