"""`reponse playbooks list|show|validate|new|schema`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from reponse_cli.cli.base import ReponseCommand
from reponse_cli.cli.options import PlaybooksOption, complete_playbooks, env_of
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
    from reponse_cli.playbooks.library import Library
    from reponse_cli.playbooks.show import list_rows
    from reponse_cli.views.console import print_json

    env = env_of(ctx)

    def broken(_ref: object, error: object) -> None:
        env.stderr.write(f"Playbook invalide : {error.problems[0]}\n")  # type: ignore[attr-defined]

    library = Library(env, playbooks)
    rows = list_rows(library, on_error=broken)
    if fmt is TableFormat.json:
        print_json(env.stdout, rows)
        return
    from reponse_cli.views.console import result_console
    from reponse_cli.views.playbooks import list_playbooks

    custom = [folder for folder, source in library.search_dirs() if source == "custom"]
    list_playbooks(result_console(env), rows, custom, env.user_playbook_dir)


@app.command(cls=ReponseCommand)
def show(
    ctx: typer.Context,
    playbook_id: Annotated[
        str,
        typer.Argument(metavar="ID", help="Id du playbook.", autocompletion=complete_playbooks),
    ],
    fmt: FormatOption = TableFormat.table,
    source: Annotated[
        bool,
        typer.Option(
            "--source",
            help="Montrer les textes tels qu'ils sont écrits (modèles Jinja), sans les "
            "rendre avec les réponses d'exemple.",
        ),
    ] = False,
    playbooks: PlaybooksOption = None,
) -> None:
    """Montrer un playbook : questions, excuses, solutions, suivi, textes rendus.

    Les textes sont rendus avec les réponses des exemples du playbook (celles que
    « validate » utilise) ; --source les montre tels qu'ils sont écrits.
    """
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
    shown = None
    if not source:
        from reponse_cli.playbooks.preview import preview
        from reponse_cli.playbooks.validate import example_worker

        shown = preview(example_worker(env, library), ref, spec)
    describe_playbook(result_console(env), ref, spec, shown)


@app.command(cls=ReponseCommand)
def validate(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(metavar="[CHEMIN]...", help="Fichiers ou dossiers (défaut : tous)."),
    ] = None,
    fmt: FormatOption = TableFormat.table,
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs", "-j", metavar="N", help="Processus en parallèle (un par cœur, au plus)."
        ),
    ] = 1,
    playbooks: PlaybooksOption = None,
) -> None:
    """Valider des playbooks : YAML, schéma, modèles, exemples rendus et contrôlés."""
    from reponse_cli import runtime
    from reponse_cli.drafting.pool import WorkerSpec
    from reponse_cli.errors import ReponseError
    from reponse_cli.playbooks.library import Library
    from reponse_cli.playbooks.validate import (
        example_worker,
        refs_to_validate,
        validate_in_processes,
        validate_paths,
    )
    from reponse_cli.views.console import print_json

    runtime.long_running()  # hundreds of playbooks: the collector keeps memory flat
    env = env_of(ctx)
    if not 1 <= jobs <= 64:
        raise ReponseError(f"--jobs attend un nombre de 1 à 64, pas {jobs}.")
    library = Library(env, playbooks)
    if not paths:
        library.search_dirs()  # fails early on a missing --playbooks folder
    refs = refs_to_validate(library, paths)
    if jobs > 1 and len(refs) > 1:
        reports = validate_in_processes(WorkerSpec.of(env, playbooks), refs, jobs)
    else:
        reports = validate_paths(example_worker(env, library), refs)
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
        typer.Option("--dir", metavar="DOSSIER", help="Où l'écrire (défaut : vos playbooks)."),
    ] = None,
    family: Annotated[
        str, typer.Option(help="Famille : qualite, financier, administratif, contractuel…")
    ] = "qualite",
    no_edit: Annotated[
        bool,
        typer.Option(
            "--no-edit",
            help="Ne pas ouvrir le fichier dans votre éditeur (il s'ouvre dans un terminal).",
        ),
    ] = False,
) -> None:
    """Créer un playbook commenté, prêt à remplir, qui passe la validation.

    Dans un terminal, le fichier s'ouvre dans votre éditeur ($VISUAL, $EDITOR) ; à sa
    fermeture, reponse le valide et dit ce qui reste à corriger.
    """
    from reponse_cli.playbooks.scaffold import new_playbook

    env = env_of(ctx)
    target = new_playbook(directory or env.user_playbook_dir, playbook_id, family)
    env.stderr.write(f"Playbook créé : {target}\n")
    if no_edit or not (env.stdin_isatty and env.stderr_isatty):
        env.stderr.write(f"À remplir, puis : reponse playbooks validate {target}\n")
        env.stdout.write(f"{target}\n")
        return
    from reponse_cli.delivery.editor import edit_file
    from reponse_cli.errors import ReponseError
    from reponse_cli.playbooks.library import Library, PlaybookRef
    from reponse_cli.playbooks.validate import example_worker, validate_ref

    try:
        edit_file(env, target)
    except ReponseError as error:  # no editor: the file is there, to open by hand
        env.stderr.write(f"{error.message}\n{error.hint or ''}\n".rstrip() + "\n")
    report = validate_ref(
        example_worker(env, Library(env)), PlaybookRef(target.stem, target, "file")
    )
    for problem in report.problems:
        env.stderr.write(problem + "\n")
    if report.problems:
        env.stderr.write(f"À corriger, puis : reponse playbooks validate {target}\n")
    else:
        env.stderr.write(f"Playbook valide : reponse draft {target.stem} pour l'essayer.\n")
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
