"""Numbered schema migrations, applied in order, each in its own transaction, on open.

Like simonw/llm's `migrations.py`: a table `_migrations` lists the ones applied; opening
a store applies the missing ones, so an older history file upgrades itself. A migration
is never edited once released: a change of schema is a new migration at the end. The
SQL is shared by both stores; `{id}` and `{search}` stand for what each spells its own
way (an auto-numbered key, the full-text index).
"""

from __future__ import annotations

from collections.abc import Callable

import msgspec


class Migration(msgspec.Struct, frozen=True):
    number: int
    name: str
    statements: Callable[[dict[str, str]], list[str]]


def _m001_dossiers(d: dict[str, str]) -> list[str]:
    return [
        f"""CREATE TABLE dossiers (
            id {d["id"]},
            status TEXT NOT NULL,
            playbook TEXT NOT NULL,
            family TEXT NOT NULL,
            title TEXT NOT NULL,
            responsibility TEXT NOT NULL,
            civilite TEXT,
            nom TEXT,
            email TEXT,
            client_key TEXT,
            commande TEXT,
            amount INTEGER,
            created TEXT NOT NULL,
            updated TEXT NOT NULL,
            last_contact TEXT NOT NULL,
            received TEXT NOT NULL,
            closed TEXT,
            result TEXT,
            satisfaction INTEGER,
            comment TEXT,
            agent TEXT,
            escalation TEXT NOT NULL DEFAULT '[]',
            anonymised TEXT,
            version INTEGER NOT NULL DEFAULT 1
        )""",
        "CREATE INDEX dossiers_status ON dossiers (status)",
        # Everything the bilan counts, by date of opening: its scans read this index
        # alone, never the rows scattered between the replies' texts.
        "CREATE INDEX dossiers_bilan ON dossiers (created, family, playbook, agent, "
        "responsibility, result, status, satisfaction, closed, received, escalation, "
        "email, client_key)",
        "CREATE INDEX dossiers_last_contact ON dossiers (last_contact)",
        "CREATE INDEX dossiers_email ON dossiers (email)",
        "CREATE INDEX dossiers_client ON dossiers (client_key)",
        f"""CREATE TABLE replies (
            id {d["id"]},
            dossier_id INTEGER NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
            number INTEGER NOT NULL,
            created TEXT NOT NULL,
            agent TEXT,
            playbook TEXT NOT NULL,
            responsibility TEXT NOT NULL,
            subject TEXT,
            text TEXT,
            answers TEXT NOT NULL DEFAULT '{{}}',
            message TEXT,
            in_reply_to TEXT,
            refs TEXT NOT NULL DEFAULT '[]'
        )""",
        "CREATE INDEX replies_dossier ON replies (dossier_id)",
        f"""CREATE TABLE solutions (
            id {d["id"]},
            dossier_id INTEGER NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
            reply INTEGER NOT NULL,
            solution TEXT NOT NULL,
            label TEXT NOT NULL,
            geste INTEGER NOT NULL DEFAULT 0,
            refund INTEGER NOT NULL DEFAULT 0,
            amount INTEGER
        )""",
        "CREATE INDEX solutions_dossier ON solutions (dossier_id, geste, refund, amount)",
        f"""CREATE TABLE steps (
            id {d["id"]},
            dossier_id INTEGER NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
            reply INTEGER NOT NULL,
            step TEXT NOT NULL,
            stage TEXT NOT NULL,
            after_days INTEGER NOT NULL,
            due TEXT NOT NULL,
            label TEXT NOT NULL,
            promise TEXT,
            message TEXT,
            status TEXT NOT NULL DEFAULT 'a-faire',
            done TEXT,
            reason TEXT,
            agent TEXT
        )""",
        "CREATE INDEX steps_dossier ON steps (dossier_id, status, due)",
        # Only the steps still to do: what `suivi` reads, a small part of the table.
        "CREATE INDEX steps_due ON steps (due) WHERE status = 'a-faire'",
        f"""CREATE TABLE notes (
            id {d["id"]},
            dossier_id INTEGER NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
            created TEXT NOT NULL,
            agent TEXT,
            text TEXT
        )""",
        "CREATE INDEX notes_dossier ON notes (dossier_id)",
        """CREATE TABLE tags (
            dossier_id INTEGER NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
            tag TEXT NOT NULL,
            PRIMARY KEY (dossier_id, tag)
        )""",
        "CREATE INDEX tags_tag ON tags (tag)",
        f"""CREATE TABLE events (
            id {d["id"]},
            dossier_id INTEGER NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
            at TEXT NOT NULL,
            agent TEXT,
            kind TEXT NOT NULL,
            detail TEXT NOT NULL DEFAULT '{{}}'
        )""",
        "CREATE INDEX events_dossier ON events (dossier_id)",
        *d["search"].split(";\n"),
    ]


MIGRATIONS: tuple[Migration, ...] = (Migration(1, "dossiers", _m001_dossiers),)
