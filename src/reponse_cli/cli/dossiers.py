"""`reponse dossiers list|show|search|close|reopen|tag|note|export|erase|purge`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from reponse_cli.cli.base import ReponseCommand
from reponse_cli.cli.options import dossier_argument, env_of, opened_history, parse_day
from reponse_cli.errors import ExitStatus

if TYPE_CHECKING:
    from reponse_cli.env import Environment

app = typer.Typer(
    help="Les dossiers : lister, montrer, chercher, fermer, rouvrir, étiqueter, noter ; "
    "export, effacement et purge (RGPD).",
    no_args_is_help=True,
    rich_markup_mode=None,
)


class Format(StrEnum):
    table = "table"
    json = "json"


class Status(StrEnum):
    ouvert = "ouvert"
    attente_client = "attente-client"
    resolu = "resolu"
    clos = "clos"


class Result(StrEnum):
    resolu = "resolu"
    autre_solution = "autre-solution"
    non_resolu = "non-resolu"


FormatOption = Annotated[Format, typer.Option("--format", help="Format de sortie.")]
DossierArg = Annotated[int, dossier_argument("ID")]
ClientOption = Annotated[
    str, typer.Option("--client", metavar="EMAIL|NOM", help="L'e-mail ou le nom du client.")
]
YesOption = Annotated[
    bool, typer.Option("--yes", help="Agir vraiment (sinon : ce qui serait fait).")
]


def _list_output(env: Environment, rows: list, total: int, fmt: Format, limit: int | None) -> None:
    from reponse_cli.views.console import print_json

    if fmt is Format.json:
        print_json(env.stdout, [r.as_json() for r in rows])
    else:
        from reponse_cli.views.console import result_console
        from reponse_cli.views.history import show_summaries

        show_summaries(result_console(env), rows)
    if limit and total > len(rows):
        env.stderr.write(f"{len(rows)} dossiers sur {total} ; --limite 0 pour tout voir.\n")


@app.command("list", cls=ReponseCommand)
def list_(
    ctx: typer.Context,
    statut: Annotated[Status | None, typer.Option("--statut", help="Seulement ce statut.")] = None,
    famille: Annotated[
        str | None, typer.Option("--famille", metavar="FAMILLE", help="Seulement cette famille.")
    ] = None,
    playbook: Annotated[
        str | None, typer.Option("--playbook", metavar="ID", help="Seulement ce playbook.")
    ] = None,
    client: Annotated[
        str | None,
        typer.Option("--client", metavar="TEXTE", help="Nom ou e-mail du client (une partie)."),
    ] = None,
    etiquette: Annotated[
        str | None, typer.Option("--etiquette", metavar="TAG", help="Seulement cette étiquette.")
    ] = None,
    depuis: Annotated[
        str | None, typer.Option("--depuis", metavar="DATE", help="Ouverts depuis cette date.")
    ] = None,
    jusqu_a: Annotated[
        str | None, typer.Option("--jusqu-a", metavar="DATE", help="Ouverts jusqu'à cette date.")
    ] = None,
    limite: Annotated[
        int,
        typer.Option(
            "--limite", metavar="N", help="Au plus N dossiers, les plus récents (0 : tous)."
        ),
    ] = 50,
    fmt: FormatOption = Format.table,
) -> None:
    """Lister les dossiers, les plus récents d'abord, avec des filtres."""
    from reponse_cli.history.models import Query
    from reponse_cli.history.service import normalise_tag

    env = env_of(ctx)
    query = Query(
        status=statut.value if statut else None,
        family=famille,
        playbook=playbook,
        client=client,
        tag=normalise_tag(etiquette) if etiquette else None,
        since=parse_day(env, depuis, "--depuis") if depuis else None,
        until=parse_day(env, jusqu_a, "--jusqu-a") if jusqu_a else None,
        limit=limite or None,
    )
    with opened_history(env) as history:
        rows, total = history.store.summaries(query)
    _list_output(env, rows, total, fmt, query.limit)


@app.command(cls=ReponseCommand)
def show(ctx: typer.Context, dossier: DossierArg, fmt: FormatOption = Format.table) -> None:
    """Montrer un dossier : réponses, suivi, notes, tout l'historique."""
    env = env_of(ctx)
    with opened_history(env) as history:
        found = history.store.get(dossier)
    if fmt is Format.json:
        from reponse_cli.views.console import print_json

        print_json(env.stdout, found.as_json())
        return
    from reponse_cli.views.console import result_console
    from reponse_cli.views.history import show_dossier

    show_dossier(result_console(env), found)


@app.command(cls=ReponseCommand)
def search(
    ctx: typer.Context,
    text: Annotated[
        str, typer.Argument(metavar="TEXTE", help="Les mots cherchés (accents indifférents).")
    ],
    limite: Annotated[
        int, typer.Option("--limite", metavar="N", help="Au plus N dossiers (0 : tous).")
    ] = 50,
    fmt: FormatOption = Format.table,
) -> None:
    """Chercher dans les dossiers : client, commande, réponses, notes, étiquettes."""
    env = env_of(ctx)
    with opened_history(env) as history:
        rows = history.store.search(text, limite or None)
    _list_output(env, rows, len(rows), fmt, None)


@app.command("close", cls=ReponseCommand)
def close(
    ctx: typer.Context,
    dossier: DossierArg,
    resultat: Annotated[
        Result | None, typer.Option("--resultat", help="Comment le litige s'est terminé.")
    ] = None,
    satisfaction: Annotated[
        int | None,
        typer.Option("--satisfaction", min=1, max=5, help="Satisfaction du client, de 1 à 5."),
    ] = None,
    commentaire: Annotated[
        str | None, typer.Option("--commentaire", metavar="TEXTE", help="Le commentaire du client.")
    ] = None,
) -> None:
    """Fermer un dossier : comment il s'est terminé, la satisfaction du client."""
    from reponse_cli.errors import ReponseError
    from reponse_cli.history.models import RESULT_LABELS, STATUS_LABELS

    env = env_of(ctx)
    with opened_history(env) as history:
        before = history.store.get(dossier)
        if resultat is None:
            if not env.stdin_isatty:
                raise ReponseError(
                    "Indiquez comment le litige s'est terminé : --resultat "
                    "resolu|autre-solution|non-resolu.",
                    hint="Et si vous l'avez : --satisfaction 1-5 --commentaire « … ».",
                )
            from reponse_cli.history.questions import ask_closing

            result, score, comment = ask_closing(_asker(env))
        else:
            result, score, comment = resultat.value, satisfaction, commentaire
        closed = history.close_dossier(dossier, result, score, comment, version=before.version)
    env.stderr.write(
        f"Dossier n° {dossier} {STATUS_LABELS[closed.status]} ({RESULT_LABELS[result]}).\n"
    )


def _asker(env: Environment):  # type: ignore[no-untyped-def]
    from reponse_cli import runtime
    from reponse_cli.drafting.prompts import QuestionaryAsker
    from reponse_cli.views.console import agent_console

    runtime.long_running()
    return QuestionaryAsker(agent_console(env))


@app.command(cls=ReponseCommand)
def reopen(ctx: typer.Context, dossier: DossierArg) -> None:
    """Rouvrir un dossier fermé (le client revient)."""
    env = env_of(ctx)
    with opened_history(env) as history:
        history.reopen(dossier)
    env.stderr.write(f"Dossier n° {dossier} rouvert.\n")


@app.command(cls=ReponseCommand)
def tag(
    ctx: typer.Context,
    dossier: DossierArg,
    tags: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[ÉTIQUETTE...]", help="Ex. transporteur:colissimo produit:bottes cause:taille."
        ),
    ] = None,
    retirer: Annotated[
        list[str] | None,
        typer.Option("--retirer", metavar="ÉTIQUETTE", help="Retirer une étiquette (répétable)."),
    ] = None,
) -> None:
    """Étiqueter un dossier : transporteur, produit, cause (pour le bilan)."""
    from reponse_cli.errors import ReponseError

    env = env_of(ctx)
    if not tags and not retirer:
        raise ReponseError(
            "Indiquez les étiquettes : reponse dossiers tag ID transporteur:colissimo …"
        )
    with opened_history(env) as history:
        found = history.tag(dossier, list(tags or []), list(retirer or []))
    env.stderr.write(f"Dossier n° {dossier} : {', '.join(found.tags) or 'aucune étiquette'}.\n")


@app.command(cls=ReponseCommand)
def note(
    ctx: typer.Context,
    dossier: DossierArg,
    text: Annotated[str, typer.Argument(metavar="TEXTE", help="La note, factuelle.")],
    force: Annotated[
        bool, typer.Option("--force", help="Garder la note malgré les remarques.")
    ] = False,
) -> None:
    """Ajouter une note au dossier (objective : le contrôle signale un mot blessant)."""
    from reponse_cli.drafting.worker import Worker
    from reponse_cli.history.notes import note_problems

    env = env_of(ctx)
    problems = note_problems(Worker(env), text)
    if problems and not force:
        env.stderr.write(
            "Note non enregistrée : une note doit rester objective (CNIL), le client peut "
            "la lire en demandant ses données.\n"
        )
        for problem in problems:
            env.stderr.write(f"  {problem}\n")
        env.stderr.write(f"Votre note : {text}\nReformulez-la, ou ajoutez --force.\n")
        raise typer.Exit(ExitStatus.FINDINGS)
    with opened_history(env) as history:
        history.note(dossier, text)
    env.stderr.write(f"Note ajoutée au dossier n° {dossier}.\n")


@app.command(cls=ReponseCommand)
def export(
    ctx: typer.Context,
    client: ClientOption,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FICHIER", help="Écrire l'export dans un fichier."),
    ] = None,
) -> None:
    """Tout ce que vous détenez sur un client, en JSON (droit d'accès, sous un mois)."""
    import json

    from reponse_cli.files.write import write_output
    from reponse_cli.history.privacy import export as export_client

    env = env_of(ctx)
    with opened_history(env) as history:
        data = export_client(history, client)
    write_output(json.dumps(data, ensure_ascii=False, indent=2), output, env.stdout)
    count = len(data["dossiers"]) + len(data["interrupted_drafts"])
    if output is not None or count == 0:
        where = f" dans {output}" if output else ""
        env.stderr.write(f"{len(data['dossiers'])} dossier(s) exporté(s){where}.\n")


@app.command(cls=ReponseCommand)
def erase(ctx: typer.Context, client: ClientOption, yes: YesOption = False) -> None:
    """Effacer tout ce qui concerne un client : dossiers et brouillons interrompus."""
    from reponse_cli.history.privacy import customer_dossiers, resume_entries
    from reponse_cli.history.privacy import erase as erase_client

    env = env_of(ctx)
    with opened_history(env) as history:
        found = customer_dossiers(history, client)
        drafts = resume_entries(history, client)
        if not found and not drafts:
            env.stderr.write(f"Aucune donnée sur « {client} ».\n")
            return
        numbers = ", ".join(f"n° {d.id}" for d in found) or "aucun"
        if not yes:
            env.stderr.write(
                f"Seraient effacés : dossiers {numbers} ; {len(drafts)} brouillon(s) "
                "interrompu(s).\nAjoutez --yes pour effacer (irréversible).\n"
            )
            return
        ids, forgotten = erase_client(history, client)
    env.stderr.write(
        f"Effacé : {len(ids)} dossier(s) ({numbers}), {forgotten} brouillon(s) interrompu(s).\n"
    )


@app.command(cls=ReponseCommand)
def purge(ctx: typer.Context, yes: YesOption = False) -> None:
    """Anonymiser les dossiers plus vieux que la durée de conservation (RGPD)."""
    from reponse_cli.config import load_config
    from reponse_cli.history.privacy import purge as purge_ids
    from reponse_cli.history.privacy import retention_limit, retention_years, stale
    from reponse_cli.text.french import format_date

    env = env_of(ctx)
    years = retention_years(load_config(env))
    limit = retention_limit(env.today, years)
    with opened_history(env) as history:
        ids = stale(history, years)
        if not ids:
            env.stderr.write(
                f"Rien à anonymiser : aucun dernier contact avant le {format_date(limit)} "
                f"(conservation : {years} ans).\n"
            )
            return
        if not yes:
            env.stderr.write(
                f"{len(ids)} dossier(s) sans contact depuis le {format_date(limit)} seraient "
                f"anonymisés (conservation : {years} ans) : noms, contacts, textes et messages "
                "effacés ; famille, playbook, dates, montants, étiquettes et satisfaction "
                "gardés.\nAjoutez --yes pour anonymiser (irréversible).\n"
            )
            return
        purge_ids(history, ids)
    env.stderr.write(f"{len(ids)} dossier(s) anonymisé(s).\n")


@app.command("import", cls=ReponseCommand)
def import_(
    ctx: typer.Context,
    file: Annotated[
        Path, typer.Argument(metavar="FICHIER.sqlite3", help="Un historique SQLite à reprendre.")
    ],
) -> None:
    """Reprendre un historique SQLite (solo) dans la base utilisée, par ex. le serveur d'équipe."""
    from reponse_cli.history.transfer import import_file

    env = env_of(ctx)
    with opened_history(env) as history:
        moved = import_file(history, file)
        where = history.store.where
    env.stderr.write(f"{len(moved)} dossier(s) importé(s) dans {where}.\n")
    for old, new in moved[:20]:
        env.stderr.write(f"  n° {old} → n° {new}\n")
