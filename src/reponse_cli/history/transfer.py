"""Moving a solo history to the team server: `reponse dossiers import FILE.sqlite`.

Every dossier of the file is copied whole (replies, plan, notes, tags, timeline) in one
transaction, under a new number on the server, with an event saying where it came from.
The file is left as it was: delete it once the team history is checked.
"""

from __future__ import annotations

from pathlib import Path

from reponse_cli.errors import ReponseError
from reponse_cli.history.service import History
from reponse_cli.history.sqlite import SqliteStore


def import_file(history: History, path: Path) -> list[tuple[int, int]]:
    """(old number, new number) for every dossier of the SQLite file at `path`."""
    if not path.is_file():
        raise ReponseError(f"Fichier introuvable : {path}")
    if history.store.kind == "sqlite" and Path(history.store.where).resolve() == path.resolve():
        raise ReponseError("Ce fichier est déjà l'historique utilisé : rien à importer.")
    source = SqliteStore(path)
    try:
        dossiers = [source.get(i) for i in source.ids()]
    finally:
        source.close()
    event = history.event("importe", source=path.name)
    for dossier in dossiers:
        dossier.events.append(event)
    new_ids = history.store.create_many(dossiers)
    return [(d.id, new) for d, new in zip(dossiers, new_ids, strict=True)]
