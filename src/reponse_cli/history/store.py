"""The store interface: what the services need from a place that keeps dossiers.

Two stores implement it — SQLite on the agent's machine (`sqlite.py`, the default) and
PostgreSQL for a team (`postgres.py`) — over the same SQL (`sql.py`) and the same
migrations. Every change of a dossier may carry the version it was read at: if someone
else changed the dossier since, the change is refused (`Conflict`), never silently
written over theirs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any, Protocol

from reponse_cli.errors import ReponseError
from reponse_cli.history.models import Dossier, DueStep, Event, Note, Query, Reply, Step, Summary


class DossierNotFound(ReponseError):
    def __init__(self, dossier_id: int) -> None:
        super().__init__(
            f"Dossier n° {dossier_id} introuvable.",
            hint="« reponse dossiers list » montre les dossiers.",
        )


class Conflict(ReponseError):
    """Another agent changed the dossier between our reading and our writing."""

    def __init__(self, dossier_id: int) -> None:
        super().__init__(
            f"Le dossier n° {dossier_id} vient d'être modifié par ailleurs : rien n'a été écrit.",
            hint=f"Relisez-le (« reponse dossiers show {dossier_id} ») puis recommencez.",
        )


class StoreError(ReponseError):
    """The history cannot be opened or read (a damaged file, an unreachable server)."""


class Store(Protocol):
    kind: str  # « sqlite » or « postgresql »
    where: str  # the file or the server, for messages

    def create(self, dossier: Dossier) -> int:
        """A new dossier with everything it holds (replies, steps, tags…); its id."""
        ...

    def create_many(self, dossiers: Iterable[Dossier]) -> list[int]:
        """Many dossiers in one transaction (an import)."""
        ...

    def get(self, dossier_id: int) -> Dossier: ...

    def ids(self) -> Iterator[int]: ...

    def summaries(self, query: Query) -> tuple[list[Summary], int]:
        """The dossiers that match, newest first, up to `query.limit`; and how many match."""
        ...

    def search(self, text: str, limit: int | None) -> list[Summary]: ...

    def due(self, day: dt.date) -> list[DueStep]:
        """Steps to do on or before `day` in dossiers still open, oldest first."""
        ...

    def add_reply(
        self, dossier_id: int, reply: Reply, steps: list[Step], status: str, event: Event
    ) -> None:
        """A new reply; its plan replaces the steps still to do."""
        ...

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
        """Change a dossier (its fields, one step, its tags, a note) in one transaction,
        if it is still at `version`; the new version."""
        ...

    def pending_steps(self) -> list[tuple[int, int, str, dt.date]]: ...

    def find_client(self, who: str) -> list[int]:
        """Dossiers whose e-mail is `who`, or whose customer's name is `who` (accents and
        case aside)."""
        ...

    def stale(self, before: dt.date) -> list[int]:
        """Dossiers not yet anonymised whose last contact is before `before`."""
        ...

    def erase(self, ids: list[int]) -> None: ...

    def anonymise(self, ids: list[int], when: str) -> None: ...

    def statistics(self, since: dt.date | None, until: dt.date | None, today: dt.date) -> Any: ...

    def close(self) -> None: ...
