"""The SQL both stores share: every query is written once, with `?` for its values.

A store subclass supplies the connection, the transaction, how it spells an
auto-numbered key and its full-text index, and a few expressions. Values are plain:
dates as ISO text (they sort and compare as dates), amounts in cents, booleans as 0/1,
lists and mappings as JSON text — so the same rows mean the same on SQLite and on
PostgreSQL, and a history moves from one to the other unchanged.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any

from reponse_cli.history.migrations import MIGRATIONS
from reponse_cli.history.models import (
    Chosen,
    Dossier,
    DueStep,
    Event,
    Note,
    Query,
    Reply,
    Step,
    Summary,
)
from reponse_cli.history.store import Conflict, DossierNotFound
from reponse_cli.text.fold import fold

OPEN_STATUSES = ("ouvert", "attente-client")
_WORDS = re.compile(r"[^\W_]+")
_CHUNK = 500

DOSSIER_COLUMNS = (
    "status",
    "playbook",
    "family",
    "title",
    "responsibility",
    "civilite",
    "nom",
    "email",
    "client_key",
    "commande",
    "amount",
    "created",
    "updated",
    "last_contact",
    "received",
    "closed",
    "result",
    "satisfaction",
    "comment",
    "agent",
    "escalation",
    "anonymised",
    "version",
)
# Fields a change may set (`update`); the rest are the store's own.
UPDATABLE = frozenset(
    (
        "status",
        "closed",
        "result",
        "satisfaction",
        "comment",
        "last_contact",
        "playbook",
        "family",
        "title",
        "responsibility",
    )
)


def client_key(name: str | None) -> str | None:
    """A customer's name as it is compared: folded, one space between words."""
    return " ".join(_WORDS.findall(fold(name))) if name else None


def search_terms(text: str) -> list[str]:
    """The words of a search, folded: accents, case and punctuation aside."""
    return _WORDS.findall(fold(text))


def search_body(texts: Sequence[str | None]) -> str:
    return " ".join(" ".join(search_terms(t)) for t in texts if t)


def _date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def _plain(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


class SqlStore:
    """Everything but the connection; see `sqlite.py` and `postgres.py`."""

    kind = "sql"
    where = ""
    spelling: dict[str, str] = {}  # noqa: RUF012 - `{id}` and `{search}` of the migrations
    join_first = "JOIN"  # a join that reads the dossiers first (SQLite: CROSS JOIN)

    # --- what a store supplies ----------------------------------------------------

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        raise NotImplementedError

    def transaction(self) -> AbstractContextManager[None]:
        raise NotImplementedError

    def lock_schema(self) -> None:
        """Inside the migrations' transaction: one process migrates at a time."""

    def applied_migrations(self) -> int:
        raise NotImplementedError

    def search_put(self, dossier_id: int, body: str) -> None:
        raise NotImplementedError

    def search_delete(self, ids: list[int]) -> None:
        raise NotImplementedError

    def search_condition(self, terms: list[str]) -> tuple[str, list[Any]]:
        """A condition on `d.id` true for the dossiers holding every term (as prefixes)."""
        raise NotImplementedError

    def days_between(self, start: str, end: str) -> str:
        """An SQL expression: whole days from the date of `start` to that of `end`."""
        raise NotImplementedError

    def after_erase(self) -> None:
        """Make sure what was deleted is gone from the files too."""

    def close(self) -> None:
        raise NotImplementedError

    # --- helpers ---------------------------------------------------------------------

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        return list(self.execute(sql, [_plain(p) for p in params]).fetchall())

    def one(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.execute(sql, [_plain(p) for p in params]).fetchone()

    def run(self, sql: str, params: Sequence[Any] = ()) -> int:
        return int(self.execute(sql, [_plain(p) for p in params]).rowcount)

    def migrate(self) -> None:
        """Apply the migrations this history lacks, in one transaction."""
        if self.applied_migrations() >= len(MIGRATIONS):
            return
        with self.transaction():
            self.lock_schema()
            self.execute(
                "CREATE TABLE IF NOT EXISTS _migrations "
                "(number INTEGER PRIMARY KEY, name TEXT NOT NULL, applied TEXT NOT NULL)"
            )
            done = {row["number"] for row in self.rows("SELECT number FROM _migrations")}
            for migration in MIGRATIONS:
                if migration.number in done:
                    continue
                for statement in migration.statements(self.spelling):
                    self.execute(statement)
                self.run(
                    "INSERT INTO _migrations (number, name, applied) VALUES (?, ?, ?)",
                    [migration.number, migration.name, dt.datetime.now().astimezone().isoformat()],
                )

    # --- writing ----------------------------------------------------------------------

    def create(self, dossier: Dossier) -> int:
        with self.transaction():
            return self._create(dossier)

    def create_many(self, dossiers: Iterable[Dossier]) -> list[int]:
        """Many dossiers in one transaction: an import, a benchmark's year of disputes."""
        with self.transaction():
            return [self._create(dossier) for dossier in dossiers]

    def _create(self, dossier: Dossier) -> int:
        values = {
            "status": dossier.status,
            "playbook": dossier.playbook,
            "family": dossier.family,
            "title": dossier.title,
            "responsibility": dossier.responsibility,
            "civilite": dossier.civilite,
            "nom": dossier.nom,
            "email": dossier.email,
            "client_key": client_key(dossier.nom),
            "commande": dossier.commande,
            "amount": dossier.amount,
            "created": dossier.created,
            "updated": dossier.updated,
            "last_contact": dossier.last_contact,
            "received": dossier.received,
            "closed": dossier.closed,
            "result": dossier.result,
            "satisfaction": dossier.satisfaction,
            "comment": dossier.comment,
            "agent": dossier.agent,
            "escalation": dossier.escalation,
            "anonymised": dossier.anonymised,
            "version": 1,
        }
        names = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        row = self.one(
            f"INSERT INTO dossiers ({names}) VALUES ({marks}) RETURNING id",
            list(values.values()),
        )
        dossier_id = int(row["id"])
        for reply in dossier.replies:
            self._insert_reply(dossier_id, reply)
        for step in dossier.steps:
            self._insert_step(dossier_id, step)
        for note in dossier.notes:
            self._insert_note(dossier_id, note)
        for tag in dossier.tags:
            self.run("INSERT INTO tags (dossier_id, tag) VALUES (?, ?)", [dossier_id, tag])
        for event in dossier.events:
            self._insert_event(dossier_id, event)
        if dossier.anonymised is None:
            self.search_put(dossier_id, _body_of(dossier))
        return dossier_id

    def _insert_reply(self, dossier_id: int, reply: Reply) -> None:
        self.run(
            "INSERT INTO replies (dossier_id, number, created, agent, playbook, responsibility, "
            "subject, text, answers, message, in_reply_to, refs) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                dossier_id,
                reply.number,
                reply.created,
                reply.agent,
                reply.playbook,
                reply.responsibility,
                reply.subject,
                reply.text,
                reply.answers,
                reply.message,
                reply.in_reply_to,
                reply.references,
            ],
        )
        for chosen in reply.solutions:
            self.run(
                "INSERT INTO solutions (dossier_id, reply, solution, label, geste, refund, amount) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    dossier_id,
                    reply.number,
                    chosen.id,
                    chosen.label,
                    chosen.geste,
                    chosen.refund,
                    chosen.amount,
                ],
            )

    def _insert_step(self, dossier_id: int, step: Step) -> None:
        self.run(
            "INSERT INTO steps (dossier_id, reply, step, stage, after_days, due, label, promise, "
            "message, status, done, reason, agent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                dossier_id,
                step.reply,
                step.step,
                step.stage,
                step.after_days,
                step.due,
                step.label,
                step.promise,
                step.message,
                step.status,
                step.done,
                step.reason,
                step.agent,
            ],
        )

    def _insert_note(self, dossier_id: int, note: Note) -> None:
        self.run(
            "INSERT INTO notes (dossier_id, created, agent, text) VALUES (?, ?, ?, ?)",
            [dossier_id, note.created, note.agent, note.text],
        )

    def _insert_event(self, dossier_id: int, event: Event) -> None:
        self.run(
            "INSERT INTO events (dossier_id, at, agent, kind, detail) VALUES (?, ?, ?, ?, ?)",
            [dossier_id, event.at, event.agent, event.kind, event.detail],
        )

    def _bump(self, dossier_id: int, version: int | None, fields: dict[str, Any], when: str) -> int:
        """Set `fields` and a new version if the dossier is still at `version`."""
        unknown = set(fields) - UPDATABLE
        if unknown:
            raise ValueError(f"not updatable: {sorted(unknown)}")
        assignments = "".join(f"{name} = ?, " for name in fields)
        params: list[Any] = [*fields.values(), when, dossier_id]
        condition = "id = ?"
        if version is not None:
            condition += " AND version = ?"
            params.append(version)
        row = self.one(
            f"UPDATE dossiers SET {assignments}updated = ?, version = version + 1 "
            f"WHERE {condition} RETURNING version",
            params,
        )
        if row is None:
            if self.one("SELECT id FROM dossiers WHERE id = ?", [dossier_id]) is None:
                raise DossierNotFound(dossier_id)
            raise Conflict(dossier_id)
        return int(row["version"])

    def add_reply(
        self, dossier_id: int, reply: Reply, steps: list[Step], status: str, event: Event
    ) -> None:
        with self.transaction():
            self._bump(
                dossier_id,
                None,
                {
                    "status": status,
                    "last_contact": _date(reply.created),
                    "playbook": reply.playbook,
                    "responsibility": reply.responsibility,
                },
                reply.created,
            )
            row = self.one(
                "SELECT COALESCE(MAX(number), 0) + 1 AS n FROM replies WHERE dossier_id = ?",
                [dossier_id],
            )
            reply.number = int(row["n"])
            self.run(
                "UPDATE steps SET status = 'remplace', done = ? "
                "WHERE dossier_id = ? AND status = 'a-faire'",
                [reply.created, dossier_id],
            )
            self._insert_reply(dossier_id, reply)
            for step in steps:
                step.reply = reply.number
                self._insert_step(dossier_id, step)
            event.detail["reply"] = reply.number
            self._insert_event(dossier_id, event)
            self._reindex(dossier_id)

    def update(
        self,
        dossier_id: int,
        version: int | None,
        event: Event,
        fields: dict[str, Any] | None = None,
        step: tuple[int, dict[str, Any]] | None = None,
        tags: tuple[list[str], list[str]] | None = None,
        note: Note | None = None,
    ) -> int:
        with self.transaction():
            new_version = self._bump(dossier_id, version, dict(fields or {}), event.at)
            if step is not None:
                key, changes = step
                assignments = ", ".join(f"{name} = ?" for name in changes)
                self.run(
                    f"UPDATE steps SET {assignments} WHERE id = ? AND dossier_id = ?",
                    [*changes.values(), key, dossier_id],
                )
            if tags is not None:
                added, removed = tags
                for tag in added:
                    self.run(
                        "INSERT INTO tags (dossier_id, tag) VALUES (?, ?) ON CONFLICT DO NOTHING",
                        [dossier_id, tag],
                    )
                for tag in removed:
                    self.run("DELETE FROM tags WHERE dossier_id = ? AND tag = ?", [dossier_id, tag])
            if note is not None:
                self._insert_note(dossier_id, note)
            self._insert_event(dossier_id, event)
            if tags is not None or note is not None or (fields and "comment" in fields):
                self._reindex(dossier_id)
        return new_version

    def _reindex(self, dossier_id: int) -> None:
        row = self.one(
            "SELECT nom, email, commande, comment, anonymised FROM dossiers WHERE id = ?",
            [dossier_id],
        )
        if row is None or row["anonymised"]:
            return
        texts: list[str | None] = [row["nom"], row["email"], row["commande"], row["comment"]]
        for reply in self.rows(
            "SELECT subject, text FROM replies WHERE dossier_id = ?", [dossier_id]
        ):
            texts += [reply["subject"], reply["text"]]
        texts += [
            n["text"]
            for n in self.rows("SELECT text FROM notes WHERE dossier_id = ?", [dossier_id])
        ]
        texts += [
            t["tag"] for t in self.rows("SELECT tag FROM tags WHERE dossier_id = ?", [dossier_id])
        ]
        self.search_put(dossier_id, search_body(texts))

    # --- reading ------------------------------------------------------------------------

    def ids(self) -> Iterator[int]:
        for row in self.rows("SELECT id FROM dossiers ORDER BY id"):
            yield int(row["id"])

    def get(self, dossier_id: int) -> Dossier:
        row = self.one(
            f"SELECT id, {', '.join(DOSSIER_COLUMNS)} FROM dossiers WHERE id = ?", [dossier_id]
        )
        if row is None:
            raise DossierNotFound(dossier_id)
        chosen: dict[int, list[Chosen]] = {}
        for s in self.rows(
            "SELECT reply, solution, label, geste, refund, amount FROM solutions "
            "WHERE dossier_id = ? ORDER BY id",
            [dossier_id],
        ):
            chosen.setdefault(int(s["reply"]), []).append(
                Chosen(s["solution"], s["label"], bool(s["geste"]), bool(s["refund"]), s["amount"])
            )
        replies = [
            Reply(
                number=int(r["number"]),
                created=r["created"],
                playbook=r["playbook"],
                responsibility=r["responsibility"],
                solutions=chosen.get(int(r["number"]), []),
                subject=r["subject"],
                text=r["text"],
                answers=json.loads(r["answers"]),
                message=r["message"],
                in_reply_to=r["in_reply_to"],
                references=json.loads(r["refs"]),
                agent=r["agent"],
            )
            for r in self.rows(
                "SELECT * FROM replies WHERE dossier_id = ? ORDER BY number", [dossier_id]
            )
        ]
        steps = [
            Step(
                step=s["step"],
                stage=s["stage"],
                after_days=int(s["after_days"]),
                due=_date(s["due"]),
                label=s["label"],
                promise=s["promise"],
                message=s["message"],
                status=s["status"],
                done=s["done"],
                reason=s["reason"],
                reply=int(s["reply"]),
                key=int(s["id"]),
                agent=s["agent"],
            )
            for s in self.rows("SELECT * FROM steps WHERE dossier_id = ? ORDER BY id", [dossier_id])
        ]
        notes = [
            Note(n["created"], n["text"], n["agent"])
            for n in self.rows(
                "SELECT created, text, agent FROM notes WHERE dossier_id = ? ORDER BY id",
                [dossier_id],
            )
        ]
        tags = [
            t["tag"]
            for t in self.rows(
                "SELECT tag FROM tags WHERE dossier_id = ? ORDER BY tag", [dossier_id]
            )
        ]
        events = [
            Event(e["at"], e["kind"], json.loads(e["detail"]), e["agent"])
            for e in self.rows(
                "SELECT at, kind, detail, agent FROM events WHERE dossier_id = ? ORDER BY id",
                [dossier_id],
            )
        ]
        return Dossier(
            id=int(row["id"]),
            status=row["status"],
            playbook=row["playbook"],
            family=row["family"],
            title=row["title"],
            responsibility=row["responsibility"],
            created=row["created"],
            updated=row["updated"],
            last_contact=_date(row["last_contact"]),
            received=_date(row["received"]),
            civilite=row["civilite"],
            nom=row["nom"],
            email=row["email"],
            commande=row["commande"],
            amount=row["amount"],
            closed=row["closed"],
            result=row["result"],
            satisfaction=row["satisfaction"],
            comment=row["comment"],
            agent=row["agent"],
            escalation=json.loads(row["escalation"]),
            anonymised=row["anonymised"],
            version=int(row["version"]),
            replies=replies,
            steps=steps,
            notes=notes,
            tags=tags,
            events=events,
        )

    _SUMMARY = (
        "SELECT d.id, d.status, d.playbook, d.family, d.nom, d.email, d.commande, d.created, "
        "(SELECT MIN(s.due) FROM steps s WHERE s.dossier_id = d.id AND s.status = 'a-faire') "
        "AS next_due FROM dossiers d"
    )

    def _summaries(self, rows: list[Any]) -> list[Summary]:
        return [
            Summary(
                id=int(r["id"]),
                status=r["status"],
                playbook=r["playbook"],
                family=r["family"],
                client=r["nom"] or r["email"],
                commande=r["commande"],
                created=r["created"],
                next_due=_date(r["next_due"]) if r["next_due"] else None,
            )
            for r in rows
        ]

    def summaries(self, query: Query) -> tuple[list[Summary], int]:
        conditions: list[str] = []
        params: list[Any] = []
        for column, value in (
            ("status", query.status),
            ("family", query.family),
            ("playbook", query.playbook),
        ):
            if value:
                conditions.append(f"d.{column} = ?")
                params.append(value)
        if query.client:
            conditions.append("(d.client_key LIKE ? OR LOWER(d.email) LIKE ?)")
            params += [f"%{client_key(query.client)}%", f"%{query.client.strip().lower()}%"]
        if query.since:
            conditions.append("d.created >= ?")
            params.append(query.since)
        if query.until:
            conditions.append("d.created < ?")
            params.append(query.until + dt.timedelta(days=1))
        if query.tag:
            conditions.append(
                "EXISTS (SELECT 1 FROM tags t WHERE t.dossier_id = d.id AND t.tag = ?)"
            )
            params.append(query.tag)
        where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
        total = int(self.one(f"SELECT COUNT(*) AS n FROM dossiers d{where}", params)["n"])
        limit = f" LIMIT {int(query.limit)}" if query.limit else ""
        rows = self.rows(f"{self._SUMMARY}{where} ORDER BY d.id DESC{limit}", params)
        return self._summaries(rows), total

    def search(self, text: str, limit: int | None) -> list[Summary]:
        terms = search_terms(text)
        if not terms:
            return []
        condition, params = self.search_condition(terms)
        tail = f" LIMIT {int(limit)}" if limit else ""
        return self._summaries(
            self.rows(f"{self._SUMMARY} WHERE {condition} ORDER BY d.id DESC{tail}", params)
        )

    def due(self, day: dt.date) -> list[DueStep]:
        rows = self.rows(
            "SELECT s.id AS key, s.dossier_id, s.step, s.stage, s.after_days, s.due, s.label, "
            "s.message, d.version, d.civilite, d.nom, d.email, r.playbook, r.responsibility, "
            "r.answers, r.subject FROM steps s "
            "JOIN dossiers d ON d.id = s.dossier_id "
            "JOIN replies r ON r.dossier_id = s.dossier_id AND r.number = s.reply "
            "WHERE s.status = 'a-faire' AND s.due <= ? AND d.status IN (?, ?) "
            "ORDER BY s.due, s.dossier_id, s.id",
            [day, *OPEN_STATUSES],
        )
        return [
            DueStep(
                dossier=int(r["dossier_id"]),
                version=int(r["version"]),
                key=int(r["key"]),
                step=r["step"],
                stage=r["stage"],
                after_days=int(r["after_days"]),
                due=_date(r["due"]),
                label=r["label"],
                message=r["message"],
                playbook=r["playbook"],
                responsibility=r["responsibility"],
                answers=json.loads(r["answers"]),
                civilite=r["civilite"],
                client=r["nom"] or r["email"],
                subject=r["subject"],
            )
            for r in rows
        ]

    def pending_steps(self) -> list[tuple[int, int, str, dt.date]]:
        """Every step to do in an open dossier: (dossier, step key, label, due), for a calendar."""
        rows = self.rows(
            "SELECT s.dossier_id, s.id, s.label, s.due FROM steps s "
            "JOIN dossiers d ON d.id = s.dossier_id "
            "WHERE s.status = 'a-faire' AND d.status IN (?, ?) ORDER BY s.due, s.dossier_id",
            list(OPEN_STATUSES),
        )
        return [(int(r["dossier_id"]), int(r["id"]), r["label"], _date(r["due"])) for r in rows]

    # --- the customer's rights ------------------------------------------------------------

    def find_client(self, who: str) -> list[int]:
        wanted = who.strip()
        rows = self.rows(
            "SELECT id FROM dossiers WHERE LOWER(email) = ? OR client_key = ? ORDER BY id",
            [wanted.lower(), client_key(wanted)],
        )
        return [int(r["id"]) for r in rows]

    def stale(self, before: dt.date) -> list[int]:
        rows = self.rows(
            "SELECT id FROM dossiers WHERE anonymised IS NULL AND last_contact < ? ORDER BY id",
            [before],
        )
        return [int(r["id"]) for r in rows]

    def erase(self, ids: list[int]) -> None:
        with self.transaction():
            for chunk in _chunks(ids):
                marks = ", ".join("?" for _ in chunk)
                for table in ("events", "tags", "notes", "steps", "solutions", "replies"):
                    self.run(f"DELETE FROM {table} WHERE dossier_id IN ({marks})", chunk)
                self.run(f"DELETE FROM dossiers WHERE id IN ({marks})", chunk)
                self.search_delete(chunk)
        self.after_erase()

    def anonymise(self, ids: list[int], when: str) -> None:
        """Names, contacts, free text and messages go; what the statistics need stays."""
        with self.transaction():
            for chunk in _chunks(ids):
                marks = ", ".join("?" for _ in chunk)
                self.run(
                    "UPDATE dossiers SET civilite = NULL, nom = NULL, email = NULL, "
                    "client_key = NULL, commande = NULL, comment = NULL, anonymised = ?, "
                    f"version = version + 1 WHERE id IN ({marks})",
                    [when, *chunk],
                )
                self.run(
                    "UPDATE replies SET subject = NULL, text = NULL, answers = '{}', "
                    "message = NULL, "
                    f"in_reply_to = NULL, refs = '[]' WHERE dossier_id IN ({marks})",
                    chunk,
                )
                self.run(
                    "UPDATE steps SET promise = NULL, message = NULL, reason = NULL "
                    f"WHERE dossier_id IN ({marks})",
                    chunk,
                )
                self.run(f"DELETE FROM notes WHERE dossier_id IN ({marks})", chunk)
                self.run(f"UPDATE events SET detail = '{{}}' WHERE dossier_id IN ({marks})", chunk)
                self.search_delete(chunk)
        self.after_erase()

    # --- statistics, computed in SQL ------------------------------------------------------

    def _median(self, expression: str, where: str, params: list[Any]) -> float | None:
        """The median of a whole number of days, from its histogram (a few dozen rows)."""
        histogram = [
            (float(r["v"]), int(r["n"]))
            for r in self.rows(
                f"SELECT {expression} AS v, COUNT(*) AS n FROM dossiers d WHERE {where} "
                "GROUP BY v ORDER BY v",
                params,
            )
        ]
        total = sum(n for _, n in histogram)
        if total == 0:
            return None
        wanted = [(total - 1) // 2, total // 2]  # the middle one, or the middle two
        found: list[float] = []
        seen = 0
        for value, n in histogram:
            while wanted and wanted[0] < seen + n:
                found.append(value)
                wanted.pop(0)
            seen += n
        return sum(found) / len(found)

    def statistics(
        self, since: dt.date | None, until: dt.date | None, today: dt.date, full: bool = True
    ) -> dict[str, Any]:
        """The figures of the bilan for dossiers opened in [since, until]; without `full`,
        only those a comparison needs (counts, satisfaction) — one pass."""
        conditions, params = ["1 = 1"], []
        if since is not None:
            conditions.append("d.created >= ?")
            params.append(since)
        if until is not None:
            conditions.append("d.created < ?")
            params.append(until + dt.timedelta(days=1))
        where = " AND ".join(conditions)
        # One pass over the period's dossiers, grouped finely; the mappings are summed
        # from these few hundred rows rather than by one scan each.
        cube = self.rows(
            "SELECT d.family AS family, d.playbook AS playbook, d.agent AS agent, "
            "d.responsibility AS responsibility, d.result AS result, "
            "substr(d.created, 1, 7) AS month, COUNT(*) AS n, "
            "SUM(CASE WHEN d.status IN ('ouvert', 'attente-client') THEN 1 ELSE 0 END) AS open, "
            "COUNT(d.satisfaction) AS answers, COALESCE(SUM(d.satisfaction), 0) AS score, "
            "SUM(CASE WHEN d.satisfaction >= 4 THEN 1 ELSE 0 END) AS high, "
            "COUNT(d.closed) AS closed, "
            "SUM(CASE WHEN d.escalation <> '[]' THEN 1 ELSE 0 END) AS escalated "
            f"FROM dossiers d WHERE {where} "
            "GROUP BY d.family, d.playbook, d.agent, d.responsibility, d.result, "
            "substr(d.created, 1, 7)",
            params,
        )
        sums = dict.fromkeys(("n", "open", "answers", "score", "high", "closed", "escalated"), 0)
        groups: dict[str, dict[str, int]] = {
            k: {} for k in ("family", "playbook", "agent", "responsibility", "result", "month")
        }
        playbook_family: dict[str, str] = {}
        detail: dict[str, dict[str, int]] = {}
        for r in cube:
            n = int(r["n"])
            for key in sums:
                sums[key] += int(r[key] or 0)
            for key, counts in groups.items():
                if r[key] is not None:
                    counts[r[key]] = counts.get(r[key], 0) + n
            playbook_family[r["playbook"]] = r["family"]
            row = detail.setdefault(
                r["playbook"], {"count": 0, "answers": 0, "score": 0, "high": 0, "client": 0}
            )
            row["count"] += n
            row["answers"] += int(r["answers"])
            row["score"] += int(r["score"])
            row["high"] += int(r["high"] or 0)
            if r["responsibility"] == "client":
                row["client"] += n
        tag_playbook: dict[str, dict[str, int]] = {}
        by_tag: dict[str, int] = {}
        if full:
            for r in self.rows(
                "SELECT t.tag AS tag, d.playbook AS playbook, COUNT(*) AS n "
                f"FROM dossiers d {self.join_first} tags t ON t.dossier_id = d.id "
                f"WHERE {where} GROUP BY t.tag, d.playbook",
                params,
            ):
                tag_playbook.setdefault(r["tag"], {})[r["playbook"]] = int(r["n"])
                by_tag[r["tag"]] = by_tag.get(r["tag"], 0) + int(r["n"])
        by_playbook_detail = {
            pid: {
                "count": row["count"],
                "satisfaction_average": row["score"] / row["answers"] if row["answers"] else None,
                "satisfaction_answers": row["answers"],
                "satisfaction_high": row["high"],
                "client_responsibility": row["client"],
            }
            for pid, row in detail.items()
        }
        by_family, by_playbook = groups["family"], groups["playbook"]
        by_month, by_agent = groups["month"], groups["agent"]
        by_responsibility, by_result = groups["responsibility"], groups["result"]
        head = {
            "total": sums["n"],
            "open": sums["open"],
            "average": sums["score"] / sums["answers"] if sums["answers"] else None,
            "answers": sums["answers"],
            "high": sums["high"],
            "closed": sums["closed"],
        }
        escalation = {"n": sums["escalated"]}
        if not full:
            return {
                "total": head["total"],
                "by_family": by_family,
                "by_playbook": by_playbook,
                "playbooks": by_playbook_detail,
                "satisfaction_average": head["average"],
                "satisfaction_answers": head["answers"],
                "satisfaction_high": head["high"],
            }
        money = self.one(
            "SELECT SUM(CASE WHEN s.geste = 1 THEN s.amount ELSE 0 END) AS gestures, "
            "SUM(CASE WHEN s.refund = 1 THEN s.amount ELSE 0 END) AS refunds "
            f"FROM dossiers d {self.join_first} solutions s ON s.dossier_id = d.id WHERE {where}",
            params,
        )
        repeat = self.one(
            "SELECT COUNT(*) AS customers, COALESCE(SUM(n), 0) AS dossiers FROM ("
            "SELECT COALESCE(LOWER(d.email), d.client_key) AS k, COUNT(*) AS n FROM dossiers d "
            f"WHERE {where} AND COALESCE(d.email, d.client_key) IS NOT NULL "
            "GROUP BY COALESCE(LOWER(d.email), d.client_key) HAVING COUNT(*) > 1) repeated",
            params,
        )
        overdue = self.one(
            "SELECT COUNT(*) AS n FROM steps s JOIN dossiers d ON d.id = s.dossier_id "
            "WHERE s.status = 'a-faire' AND s.due < ? AND d.status IN (?, ?)",
            [today, *OPEN_STATUSES],
        )
        all_open = self.one(
            "SELECT COUNT(*) AS n FROM dossiers d WHERE d.status IN (?, ?)", list(OPEN_STATUSES)
        )
        closed_where = f"{where} AND d.closed IS NOT NULL"
        return {
            "total": int(head["total"]),
            "open_in_period": int(head["open"] or 0),
            "open": int(all_open["n"]),
            "overdue": int(overdue["n"]),
            "closed": int(head["closed"]),
            "satisfaction_average": float(head["average"]) if head["average"] is not None else None,
            "satisfaction_answers": int(head["answers"]),
            "satisfaction_high": int(head["high"] or 0),
            "by_family": by_family,
            "by_playbook": by_playbook,
            "by_month": by_month,
            "by_agent": by_agent,
            "by_responsibility": by_responsibility,
            "by_result": by_result,
            "by_tag": by_tag,
            "tag_playbook": tag_playbook,
            "playbook_family": playbook_family,
            "playbooks": by_playbook_detail,
            "gestures_cents": int(money["gestures"] or 0),
            "refunds_cents": int(money["refunds"] or 0),
            "repeat_customers": int(repeat["customers"]),
            "repeat_dossiers": int(repeat["dossiers"]),
            "escalated": int(escalation["n"]),
            "resolution_days_median": self._median(
                self.days_between("d.created", "d.closed"), closed_where, params
            ),
            "first_reply_days_median": self._median(
                self.days_between("d.received", "d.created"), where, params
            ),
        }


def _body_of(dossier: Dossier) -> str:
    texts: list[str | None] = [dossier.nom, dossier.email, dossier.commande, dossier.comment]
    for reply in dossier.replies:
        texts += [reply.subject, reply.text]
    texts += [note.text for note in dossier.notes]
    texts += dossier.tags
    return search_body(texts)
