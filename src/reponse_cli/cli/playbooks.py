"""`reponse playbooks list|show|validate|new|schema`."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from reponse_cli.cli.base import ReponseCommand
from reponse_cli.cli.draft import PlaybooksOption
from reponse_cli.errors import ExitStatus, ReponseError

if TYPE_CHECKING:
    from reponse_cli.library import PlaybookRef

app = typer.Typer(
    help="Lister, montrer, valider et créer des playbooks.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


class TableFormat(StrEnum):
    table = "table"
    json = "json"


FormatOption = Annotated[TableFormat, typer.Option("--format", help="Format de sortie.")]


def _stdout_console() -> Any:
    from rich.console import Console

    return Console(highlight=False)


@app.command("list", cls=ReponseCommand)
def list_(fmt: FormatOption = TableFormat.table, playbooks: PlaybooksOption = None) -> None:
    """Lister les playbooks et leur provenance."""
    from reponse_cli.errors import PlaybookError
    from reponse_cli.library import SOURCE_LABELS, discover
    from reponse_cli.output import print_json

    rows = []
    for ref in discover(playbooks).values():
        try:
            spec = ref.load()
            title, family = spec.title, spec.family
        except PlaybookError as error:
            sys.stderr.write(f"Playbook invalide : {error.problems[0]}\n")
            title, family = "(invalide : reponse playbooks validate)", ""
        rows.append(
            {
                "id": ref.id,
                "title": title,
                "family": family,
                "source": ref.source,
                "path": str(ref.path),
                "overrides": [str(p) for p in ref.hides],
            }
        )
    if fmt is TableFormat.json:
        print_json(rows)
        return
    from rich.table import Table

    table = Table(box=None, header_style="bold", pad_edge=False)
    for column in ("Id", "Titre", "Famille", "Provenance"):
        table.add_column(column)
    for row in sorted(rows, key=lambda r: (r["family"], r["id"])):
        source = SOURCE_LABELS[row["source"]]
        if row["overrides"]:
            source += " (remplace l'intégré)" if row["source"] != "builtin" else ""
        table.add_row(row["id"], row["title"], row["family"], source)
    _stdout_console().print(table)


@app.command(cls=ReponseCommand)
def show(
    playbook_id: Annotated[str, typer.Argument(metavar="ID", help="Id du playbook.")],
    fmt: FormatOption = TableFormat.table,
    playbooks: PlaybooksOption = None,
) -> None:
    """Montrer un playbook : questions, excuses, solutions, suivi."""
    from reponse_cli.library import find
    from reponse_cli.output import describe_playbook, print_json
    from reponse_cli.playbook import playbook_json

    ref = find(playbook_id, playbooks)
    spec = ref.load()
    if fmt is TableFormat.json:
        print_json(playbook_json(spec, id=ref.id, source=ref.source, path=str(ref.path)))
        return
    describe_playbook(ref, spec)


@app.command(cls=ReponseCommand)
def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(metavar="[CHEMIN]...", help="Fichiers ou dossiers (défaut : tous)."),
    ] = None,
    fmt: FormatOption = TableFormat.table,
    playbooks: PlaybooksOption = None,
) -> None:
    """Valider des playbooks : YAML, schéma, modèles, exemples rendus et contrôlés."""
    from reponse_cli.library import PlaybookRef, discover, search_dirs
    from reponse_cli.output import print_json
    from reponse_cli.validate import validate_paths

    refs: list[PlaybookRef] = []
    if paths:
        for path in paths:
            if path.is_dir():
                refs += [
                    PlaybookRef(p.stem, p, "file")
                    for p in sorted(path.iterdir())
                    if p.suffix in (".yaml", ".yml")
                ]
            elif path.is_file():
                refs.append(PlaybookRef(path.stem, path, "file"))
            else:
                raise ReponseError(f"Introuvable : {path}")
    else:
        search_dirs(playbooks)  # fails early on a missing --playbooks folder
        for ref in discover(playbooks).values():
            refs.append(ref)
            refs += [PlaybookRef(ref.id, hidden, "file") for hidden in ref.hides]
    reports = validate_paths(refs)
    failed = [r for r in reports if r.problems]
    if fmt is TableFormat.json:
        print_json(
            [{"path": str(r.path), "ok": not r.problems, "problems": r.problems} for r in reports]
        )
    else:
        for report in reports:
            for problem in report.problems:
                sys.stdout.write(problem + "\n")
        ok = len(reports) - len(failed)
        sys.stderr.write(
            f"{ok} playbook(s) valide(s)"
            + (f", {len(failed)} en erreur." if failed else ".")
            + "\n"
        )
    if failed:
        raise typer.Exit(ExitStatus.FINDINGS)


@app.command(cls=ReponseCommand)
def new(
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
    import re

    from reponse_cli.library import resource_dir, user_playbook_dir

    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", playbook_id):
        raise ReponseError(
            f"Id invalide : « {playbook_id} » (minuscules, chiffres et tirets, ex. colis-bloque)."
        )
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", family):
        raise ReponseError(f"Famille invalide : « {family} ».")
    folder = directory or user_playbook_dir()
    target = folder / f"{playbook_id}.yaml"
    if target.exists():
        raise ReponseError(f"{target} existe déjà : rien n'a été écrit.")
    scaffold = (resource_dir("templates") / "playbook.yaml.tmpl").read_text(encoding="utf-8")
    title = playbook_id.replace("-", " ").capitalize()
    text = scaffold.replace("__ID__", playbook_id).replace("__TITLE__", title)
    text = text.replace("__FAMILY__", family)
    folder.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    sys.stderr.write(
        f"Playbook créé : {target}\nÀ vérifier : reponse playbooks validate {target}\n"
    )
    sys.stdout.write(f"{target}\n")


@app.command(cls=ReponseCommand)
def schema() -> None:
    """Afficher le schéma JSON des playbooks (complétion dans les éditeurs YAML)."""
    import json

    import msgspec

    from reponse_cli.playbook import Playbook

    document = msgspec.json.schema(Playbook)
    document = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Playbook reponse",
        **document,
    }
    sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
