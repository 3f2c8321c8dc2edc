"""Which store keeps the history: the SQLite file by default, a team server if named.

`REPONSE_DB` (or `base:` in the settings) names a PostgreSQL server
(`postgresql://agent@serveur/boutique`) or another SQLite file.
"""

from __future__ import annotations

from pathlib import Path

from reponse_cli.config import Config
from reponse_cli.env import Environment
from reponse_cli.history.postgres import PostgresStore
from reponse_cli.history.sqlite import FILE_NAME, SqliteStore
from reponse_cli.history.store import Store

SERVER_SCHEMES = ("postgresql://", "postgres://")


def database_url(env: Environment, config: Config) -> str | None:
    return env.get("REPONSE_DB") or config.get("base")


def default_path(env: Environment) -> Path:
    return env.data_dir / FILE_NAME


def open_store(env: Environment, config: Config) -> Store:
    url = database_url(env, config)
    if url and url.startswith(SERVER_SCHEMES):
        return PostgresStore(url)
    if url:
        return SqliteStore(Path(url.removeprefix("sqlite:///")).expanduser())
    return SqliteStore(default_path(env))
