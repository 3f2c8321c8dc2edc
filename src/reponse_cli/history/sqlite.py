"""The history in one SQLite file: the default, on the agent's own machine.

WAL so that readers never wait for a writer, `BEGIN IMMEDIATE` so that two agents
writing at once queue instead of failing, a long busy timeout, `secure_delete` so an
erased customer's text does not linger in free pages. The file is created `0600`.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from reponse_cli.files.write import create_private
from reponse_cli.history.sql import SqlStore
from reponse_cli.history.store import StoreError
from reponse_cli.text.french import NBSP

FILE_NAME = "dossiers.sqlite3"
BUSY_TIMEOUT_MS = 30_000


class SqliteStore(SqlStore):
    kind = "sqlite"
    join_first = "CROSS JOIN"  # SQLite's way to say: scan the dossiers, then look up
    spelling = {  # noqa: RUF012
        "id": "INTEGER PRIMARY KEY",
        "search": "CREATE VIRTUAL TABLE search USING fts5"
        "(body, tokenize = 'unicode61 remove_diacritics 2')",
    }

    def __init__(self, path: Path) -> None:
        self.path = path
        self.where = str(path)
        if not path.exists():
            create_private(path)
        try:
            self.conn = sqlite3.connect(
                path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
            )
            self.conn.row_factory = sqlite3.Row
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self._enter_wal()
            self.conn.execute("PRAGMA synchronous = NORMAL")
            self.conn.execute("PRAGMA secure_delete = ON")
            # Up to 64 MB of pages for the bilan's scans; allocated only when read.
            self.conn.execute("PRAGMA cache_size = -65536")
            self.migrate()
        except sqlite3.DatabaseError as error:
            raise StoreError(
                f"Historique illisible ({path}){NBSP}: {_french(error)}.",
                hint="Le fichier est peut-être abîmé : gardez-en une copie avant toute chose.",
            ) from None

    def _enter_wal(self) -> None:
        # Switching a new file to WAL needs every other connection out of the way, and
        # SQLite answers "locked" at once instead of waiting: when several processes open
        # a new history together, the ones that lose retry until the busy timeout.
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        pause = 0.005
        if self.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
            return
        while True:
            try:
                self.conn.execute("PRAGMA journal_mode = WAL")
                return  # or the file system refused WAL: SQLite keeps its own journal
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise
                time.sleep(pause)
                pause = min(pause * 2, 0.2)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        try:
            return self.conn.execute(sql, params)
        except sqlite3.OperationalError as error:
            if "locked" in str(error) or "busy" in str(error):
                raise StoreError(
                    f"Historique occupé trop longtemps par un autre programme ({self.path}).",
                    hint="Réessayez dans un instant.",
                ) from None
            raise

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        self.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def applied_migrations(self) -> int:
        try:
            row = self.conn.execute("SELECT COUNT(*) FROM _migrations").fetchone()
        except sqlite3.OperationalError:
            return 0  # a new file
        return int(row[0])

    def search_put(self, dossier_id: int, body: str) -> None:
        self.execute("DELETE FROM search WHERE rowid = ?", [dossier_id])
        self.execute("INSERT INTO search (rowid, body) VALUES (?, ?)", [dossier_id, body])

    def search_delete(self, ids: list[int]) -> None:
        marks = ", ".join("?" for _ in ids)
        self.execute(f"DELETE FROM search WHERE rowid IN ({marks})", ids)

    def search_condition(self, terms: list[str]) -> tuple[str, list[Any]]:
        query = " ".join(f'"{term}"*' for term in terms)
        return "d.id IN (SELECT rowid FROM search WHERE search MATCH ?)", [query]

    def days_between(self, start: str, end: str) -> str:
        return f"(julianday(substr({end}, 1, 10)) - julianday(substr({start}, 1, 10)))"

    def after_erase(self) -> None:
        # The full-text index keeps old segments until merged; then the WAL is folded
        # into the file, whose freed pages secure_delete has zeroed.
        self.execute("INSERT INTO search (search) VALUES ('optimize')")
        self.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self) -> None:
        self.conn.close()


def _french(error: sqlite3.DatabaseError) -> str:
    text = str(error)
    if "not a database" in text:
        return "ce n'est pas une base SQLite"
    if "malformed" in text:
        return "la base est abîmée"
    if "readonly" in text:
        return "le fichier est en lecture seule"
    return text
