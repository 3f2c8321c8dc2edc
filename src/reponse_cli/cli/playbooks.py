"""`reponse playbooks list|show|validate|new|schema`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from reponse_cli.cli.base import ReponseCommand
from reponse_cli.cli.options import PlaybooksOption, env_of
from reponse_cli.errors import ExitStatus

app = typer.Typer(
    help="Lister, montrer, valider et créer des playbooks.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


class TableFormat(StrEnum):
    table = "table"
    json = "json"


FormatOption = Annotated[TableFormat, typer.Option("--format", help="Format de sortie.")]


@app.command("list", cls=ReponseCommand)
def list_(
    ctx: typer.Context, fmt: FormatOption = TableFormat.table, playbooks: PlaybooksOption = None
) -> None:
    """Lister les playbooks et leur provenance."""
    from reponse_cli.playbooks.library import SOURCE_LABELS, Library
    from reponse_cli.playbooks.show import list_rows
    from reponse_cli.views.console import print_json

    env = env_of(ctx)

    def broken(_ref: object, error: object) -> None:
        env.stderr.write(f"Playbook invalide : {error.problems[0]}\n")  # type: ignore[attr-defined]

    rows = list_rows(Library(env, playbooks), on_error=broken)
    if fmt is TableFormat.json:
        print_json(env.stdout, rows)
        return
    from rich.table import Table

    from reponse_cli.playbooks.schema import family_label
    from reponse_cli.views.console import result_console

    table = Table(box=None, header_style="bold", pad_edge=False)
    for column in ("Id", "Titre", "Famille", "Provenance"):
        table.add_column(column)
    for row in sorted(rows, key=lambda r: (r["family"], r["id"])):
        source = SOURCE_LABELS[row["source"]]
        if row["overrides"] and row["source"] != "builtin":
            source += " (remplace l'intégré)"
        family = family_label(row["family"]) if row["family"] else ""
        table.add_row(row["id"], row["title"], family, source)
    result_console(env).print(table)


@app.command(cls=ReponseCommand)
def show(
    ctx: typer.Context,
    playbook_id: Annotated[str, typer.Argument(metavar="ID", help="Id du playbook.")],
    fmt: FormatOption = TableFormat.table,
    playbooks: PlaybooksOption = None,
) -> None:
    """Montrer un playbook : questions, excuses, solutions, suivi."""
    from reponse_cli.playbooks.library import Library
    from reponse_cli.playbooks.show import playbook_json
    from reponse_cli.views.console import print_json, result_console
    from reponse_cli.views.playbooks import describe_playbook

    env = env_of(ctx)
    library = Library(env, playbooks)
    ref = library.find(playbook_id)
    spec = library.load(ref)
    if fmt is TableFormat.json:
        print_json(
            env.stdout, playbook_json(spec, id=ref.id, source=ref.source, path=str(ref.path))
        )
        return
    describe_playbook(result_console(env), ref, spec)


@app.command(cls=ReponseCommand)
def validate(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(metavar="[CHEMIN]...", help="Fichiers ou dossiers (défaut : tous)."),
    ] = None,
    fmt: FormatOption = TableFormat.table,
    playbooks: PlaybooksOption = None,
) -> None:
    """Valider des playbooks : YAML, schéma, modèles, exemples rendus et contrôlés."""
    from reponse_cli import runtime
    from reponse_cli.playbooks.library import Library
    from reponse_cli.playbooks.validate import example_worker, refs_to_validate, validate_paths
    from reponse_cli.views.console import print_json

    runtime.long_running()  # hundreds of playbooks: the collector keeps memory flat
    env = env_of(ctx)
    library = Library(env, playbooks)
    if not paths:
        library.search_dirs()  # fails early on a missing --playbooks folder
    reports = validate_paths(example_worker(env, library), refs_to_validate(library, paths))
    results = []
    count = failed = 0
    for report in reports:
        count += 1
        failed += bool(report.problems)
        if fmt is TableFormat.json:
            results.append({"path": str(report.path), "ok": not report.problems})
            results[-1]["problems"] = report.problems
        else:
            # Problems appear as they are found: a large library takes a few seconds.
            for problem in report.problems:
                env.stdout.write(problem + "\n")
    if fmt is TableFormat.json:
        print_json(env.stdout, results)
    else:
        env.stderr.write(
            f"{count - failed} playbook(s) valide(s)"
            + (f", {failed} en erreur." if failed else ".")
            + "\n"
        )
    if failed:
        raise typer.Exit(ExitStatus.FINDINGS)


@app.command(cls=ReponseCommand)
def new(
    ctx: typer.Context,
    playbook_id: Annotated[str, typer.Argument(metavar="ID", help="Id du nouveau playbook.")],
    directory: Annotated[
        Path | None,
        typer.Option("--dir", metavar="DOSSIER", help="Où l'écrire (défaut : vos playbooks)."),
    ] = None,
    family: Annotated[
        str, typer.Option(help="Famille : qualite, financier, administratif, contractuel…")
    ] = "qualite",
) -> None:
    """Créer un playbook commenté, prêt à remplir, qui passe la validation."""
    from reponse_cli.playbooks.scaffold import new_playbook

    env = env_of(ctx)
    target = new_playbook(directory or env.user_playbook_dir, playbook_id, family)
    env.stderr.write(
        f"Playbook créé : {target}\nÀ vérifier : reponse playbooks validate {target}\n"
    )
    env.stdout.write(f"{target}\n")


@app.command(cls=ReponseCommand)
def schema(ctx: typer.Context) -> None:
    """Afficher le schéma JSON des playbooks (complétion dans les éditeurs YAML)."""
    import msgspec

    from reponse_cli.playbooks.schema import Playbook
    from reponse_cli.views.console import print_json

    document = msgspec.json.schema(Playbook)
    document = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Playbook reponse",
        **document,
    }
    print_json(env_of(ctx).stdout, document)
