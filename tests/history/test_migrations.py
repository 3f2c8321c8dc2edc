"""Migrations: applied once, in order, recorded; several processes opening a new history
at once apply them once."""

from __future__ import annotations

import stat
import subprocess
import sys
from pathlib import Path

from reponse_cli.env import Environment
from reponse_cli.history.migrations import MIGRATIONS
from reponse_cli.history.service import History


def applied(store) -> list[tuple[int, str]]:
    return [(r["number"], r["name"]) for r in store.rows("SELECT number, name FROM _migrations")]


def test_a_new_history_records_its_migrations(store) -> None:
    assert applied(store) == [(m.number, m.name) for m in MIGRATIONS]


def test_reopening_applies_nothing_twice(history_env, store) -> None:
    again = History.open(history_env)
    try:
        assert applied(again.store) == applied(store)
    finally:
        again.close()


def test_a_new_sqlite_file_is_private(history_env, db_url) -> None:
    if "://" in db_url:
        return  # a server has no file of ours
    History.open(history_env).close()
    assert stat.S_IMODE(Path(db_url).stat().st_mode) == 0o600


def test_processes_opening_a_new_history_at_once(process_env, db_url) -> None:
    code = (
        "from reponse_cli.env import Environment\n"
        "from reponse_cli.history.service import History\n"
        "History.open(Environment()).close()\n"
    )
    env = {**process_env, "REPONSE_DB": db_url}
    children = [
        subprocess.Popen([sys.executable, "-c", code], env=env, stderr=subprocess.PIPE, text=True)
        for _ in range(8)  # a new file switched to WAL by several at once
    ]
    for child in children:
        _, err = child.communicate(timeout=60)
        assert child.returncode == 0, err
    history = History.open(Environment(variables=env))
    try:
        assert applied(history.store) == [(m.number, m.name) for m in MIGRATIONS]
    finally:
        history.close()
