"""The customer's rights and the retention limit (RGPD; CNIL, délibération 2021-131).

Export: everything held on one person, structured, for a right-of-access request.
Erase: everything about them — dossiers and interrupted drafts. Purge: dossiers whose
last contact is older than the retention period are anonymised irreversibly; what the
statistics need (family, playbook, dates, amounts, tags, satisfaction) stays.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from reponse_cli.config import Config
from reponse_cli.drafting.resume import ResumeStore
from reponse_cli.errors import ReponseError
from reponse_cli.history.models import Dossier
from reponse_cli.history.service import History, same_customer

DEFAULT_RETENTION_YEARS = 3


def retention_years(config: Config) -> int:
    raw = config.get("conservation")
    return int(raw) if raw else DEFAULT_RETENTION_YEARS


def retention_limit(today: dt.date, years: int) -> dt.date:
    """The day before which a last contact is too old: `years` years ago."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def customer_dossiers(history: History, who: str) -> list[Dossier]:
    if not who.strip():
        raise ReponseError("Indiquez le client : --client EMAIL ou --client « Prénom Nom ».")
    return [history.store.get(i) for i in history.store.find_client(who)]


def resume_entries(history: History, who: str) -> list[Any]:
    store = ResumeStore(history.env)
    return [e.state for e in store.entries() if same_customer(who, list(e.state.answers.values()))]


def export(history: History, who: str) -> dict[str, Any]:
    """Everything about one customer, as JSON: the answer to a right-of-access request."""
    dossiers = customer_dossiers(history, who)
    drafts = resume_entries(history, who)
    return {
        "client": who,
        "exported": history.now(),
        "store": history.store.kind,
        "dossiers": [d.as_json() for d in dossiers],
        "interrupted_drafts": [json.loads(s.to_json()) for s in drafts],
    }


def erase(history: History, who: str) -> tuple[list[int], int]:
    """Delete every dossier and interrupted draft about the customer; what went."""
    ids = history.store.find_client(who)
    if ids:
        history.store.erase(ids)
    forgotten = ResumeStore(history.env).forget(
        lambda entry: same_customer(who, list(entry.state.answers.values()))
    )
    return ids, len(forgotten)


def stale(history: History, years: int) -> list[int]:
    return history.store.stale(retention_limit(history.env.today, years))


def purge(history: History, ids: list[int]) -> None:
    if ids:
        history.store.anonymise(ids, history.now())
