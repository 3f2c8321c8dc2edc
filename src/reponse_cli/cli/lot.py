"""`reponse lot`: options in; the batch package drafts every ticket; the summary out."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from reponse_cli.cli.options import PlaybooksOption, env_of


def lot(
    ctx: typer.Context,
    source: Annotated[
        Path,
        typer.Argument(
            metavar="FICHIER|DOSSIER",
            help="L'export\u00a0: Zendesk (JSON Lines), Freshdesk (CSV), CSV ou JSON Lines, "
            "dossier de .eml, mbox.",
            show_default=False,
        ),
    ],
    colonne: Annotated[
        list[str] | None,
        typer.Option(
            "--colonne",
            metavar="CHAMP=COLONNE",
            help="Quelle colonne donne quoi (répétable)\u00a0: message, id, objet, email, client, "
            "ou une réponse commune (commande, civilite…).",
        ),
    ] = None,
    sortie: Annotated[
        Path | None,
        typer.Option(
            "--sortie",
            "-o",
            metavar="FICHIER|DOSSIER",
            help="Un fichier .jsonl, ou un dossier de brouillons .eml (sinon la sortie standard).",
        ),
    ] = None,
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs", "-j", metavar="N", help="Processus en parallèle (un par cœur, au plus)."
        ),
    ] = 1,
    reprendre: Annotated[
        bool,
        typer.Option(
            "--reprendre", help="Reprendre un lot interrompu\u00a0: sauter les tickets faits."
        ),
    ] = False,
    playbooks: PlaybooksOption = None,
) -> None:
    """Rédiger d'un coup les brouillons de tout un export de tickets, et mettre à part
    ceux qu'une personne doit revoir."""
    from reponse_cli import runtime
    from reponse_cli.batch.pipeline import drafter_for, run_batch
    from reponse_cli.batch.readers import open_source
    from reponse_cli.batch.tickets import parse_columns
    from reponse_cli.batch.writers import (
        Previous,
        index_path,
        read_previous,
        refuse_to_overwrite,
        results_writer,
    )
    from reponse_cli.config import load_config
    from reponse_cli.errors import Interrupted, ReponseError
    from reponse_cli.text.french import NBSP
    from reponse_cli.views.batch import BatchProgress, show_summary
    from reponse_cli.views.console import agent_console

    runtime.long_running()
    env = env_of(ctx)
    if not 1 <= jobs <= 64:
        raise ReponseError(f"--jobs attend un nombre de 1 à 64, pas {jobs}.")
    columns = parse_columns(colonne or [])
    if sortie is None:
        if reprendre:
            raise ReponseError(
                "--reprendre a besoin du fichier du premier passage\u00a0: --sortie FICHIER."
            )
        if env.stdout_isatty:
            raise ReponseError(
                "Indiquez où écrire les brouillons\u00a0: --sortie lot.jsonl (ou un dossier pour "
                "des .eml).",
                hint="Sans --sortie, les résultats vont sur la sortie standard d'un tube (… | jq).",
            )
    elif not reprendre:
        refuse_to_overwrite(sortie)
    tickets = open_source(source, columns)
    config = load_config(env)  # a broken config stops here, not once per ticket
    previous = read_previous(index_path(sortie)) if sortie is not None and reprendre else Previous()
    writer = results_writer(sortie, env.stdout, config, env.now, previous.size)
    drafter = drafter_for(env, jobs, playbooks)
    tally = previous.tally
    try:
        with BatchProgress(env, tickets.total, tickets.kind, tally) as progress:
            run_batch(tickets, drafter, writer, tally, previous.done, progress.advance)
    except KeyboardInterrupt:
        where = f" dans {sortie}" if sortie is not None else ""
        again = f" Pour continuer{NBSP}: reponse lot {source} --sortie {sortie} --reprendre"
        env.stderr.write(
            f"\nInterrompu{NBSP}: {tally.written} ticket(s) écrit(s){where}."
            + (again if sortie is not None else "")
            + "\n"
        )
        raise Interrupted() from None
    finally:
        writer.close()
    show_summary(agent_console(env), tally, tickets.kind, str(sortie or "la sortie standard"))
