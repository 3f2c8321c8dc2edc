"""Dossiers offered by the shell's completion: the recent ones, without creating a store.

Completing never creates the SQLite file nor migrates a server: with no history yet,
there is nothing to offer.
"""

from __future__ import annotations

from reponse_cli.config import load_config
from reponse_cli.env import Environment
from reponse_cli.history.connect import database_url, default_path, open_store
from reponse_cli.history.models import STATUS_LABELS, Query

OFFERED = 50


def recent_dossiers(env: Environment) -> list[tuple[str, str]]:
    """(number, « retard-livraison · Dupont · ouvert »), the most recent first."""
    config = load_config(env)
    if database_url(env, config) is None and not default_path(env).exists():
        return []
    store = open_store(env, config)
    try:
        rows, _ = store.summaries(Query(limit=OFFERED))
    finally:
        store.close()
    return [
        (
            str(row.id),
            " · ".join(
                part
                for part in (row.playbook, row.client, STATUS_LABELS.get(row.status, row.status))
                if part
            ),
        )
        for row in rows
    ]
