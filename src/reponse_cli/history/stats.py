"""The bilan: what the history says, period against the previous one, and the advice.

The database counts (`Store.statistics`, in SQL: nothing loads every row); this module
turns the counts into shares, trends and the JSON scripts and spreadsheets read, and
hands the same figures to the advice rules.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from reponse_cli.history.models import TAG_KINDS
from reponse_cli.history.store import Store

GROUPINGS = {
    "famille": "by_family",
    "playbook": "by_playbook",
    "tag": "by_tag",
    "mois": "by_month",
    "agent": "by_agent",
}


def default_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """The last twelve months, today included."""
    try:
        start = today.replace(year=today.year - 1)
    except ValueError:
        start = today.replace(year=today.year - 1, day=28)
    return start + dt.timedelta(days=1), today


def previous_period(since: dt.date, until: dt.date) -> tuple[dt.date, dt.date]:
    """The period of the same length just before."""
    length = (until - since).days + 1
    return since - dt.timedelta(days=length), since - dt.timedelta(days=1)


def share(part: int | float, whole: int | float) -> float:
    return round(part / whole, 4) if whole else 0.0


def _euros(cents: int) -> float:
    return round(cents / 100, 2)


def _sorted(counts: dict[str, int]) -> dict[str, int]:
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def bilan(store: Store, since: dt.date, until: dt.date, today: dt.date) -> dict[str, Any]:
    """The figures of the period and of the one before it (JSON-ready)."""
    now = store.statistics(since, until, today)
    before_since, before_until = previous_period(since, until)
    before = store.statistics(before_since, before_until, today, full=False)
    total = now["total"]
    answers = now["satisfaction_answers"]
    satisfaction_by_playbook = {
        pid: {
            "average": _round(d["satisfaction_average"]),
            "share_4_5": share(d["satisfaction_high"], d["satisfaction_answers"]),
            "answers": d["satisfaction_answers"],
            "previous_average": _round(
                before["playbooks"].get(pid, {}).get("satisfaction_average")
            ),
        }
        for pid, d in sorted(now["playbooks"].items())
        if d["satisfaction_answers"]
    }
    return {
        "period": {
            "since": since.isoformat(),
            "until": until.isoformat(),
            "previous_since": before_since.isoformat(),
            "previous_until": before_until.isoformat(),
        },
        "total": total,
        "previous_total": before["total"],
        "trend": share(total - before["total"], before["total"]) if before["total"] else None,
        "by_family": _sorted(now["by_family"]),
        "by_playbook": _sorted(now["by_playbook"]),
        "by_tag": _sorted(now["by_tag"]),
        "by_month": dict(sorted(now["by_month"].items())),
        "by_agent": _sorted(now["by_agent"]),
        "by_responsibility": _sorted(now["by_responsibility"]),
        "by_result": _sorted(now["by_result"]),
        "previous_by_family": _sorted(before["by_family"]),
        "responsibility_share": {
            k: share(v, total) for k, v in _sorted(now["by_responsibility"]).items()
        },
        "resolution_days_median": _round(now["resolution_days_median"]),
        "first_reply_days_median": _round(now["first_reply_days_median"]),
        "repeat_customers": now["repeat_customers"],
        "repeat_share": share(now["repeat_dossiers"], total),
        "escalated": now["escalated"],
        "gestures_total": _euros(now["gestures_cents"]),
        "refunds_total": _euros(now["refunds_cents"]),
        "satisfaction": {
            "average": _round(now["satisfaction_average"]),
            "share_4_5": share(now["satisfaction_high"], answers),
            "answers": answers,
            "previous_average": _round(before["satisfaction_average"]),
            "by_playbook": satisfaction_by_playbook,
        },
        "closed": now["closed"],
        "open": now["open"],
        "overdue": now["overdue"],
        "tag_playbook": now["tag_playbook"],
        "playbook_family": now["playbook_family"],
        "client_by_playbook": {
            pid: d["client_responsibility"] for pid, d in now["playbooks"].items()
        },
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def advice_context(figures: dict[str, Any]) -> dict[str, Any]:
    """What an advice rule's condition and text may read (the README lists it)."""
    total = figures["total"]
    family_of = figures["playbook_family"]
    satisfaction = figures["satisfaction"]
    playbooks = {}
    for pid, count in figures["by_playbook"].items():
        detail = satisfaction["by_playbook"].get(pid, {})
        playbooks[pid] = {
            "name": pid,
            "count": count,
            "share": share(count, total),
            "satisfaction_average": detail.get("average"),
            "previous_satisfaction_average": detail.get("previous_average"),
            "share_4_5": detail.get("share_4_5"),
            "answers": detail.get("answers", 0),
        }
    for pid, row in playbooks.items():
        client = figures["client_by_playbook"].get(pid, 0)
        row["client"] = client
        row["client_share"] = share(client, row["count"])
    tags: dict[str, list[dict[str, Any]]] = {kind: [] for kind in TAG_KINDS}
    tags["autre"] = []
    for tag, count in figures["by_tag"].items():
        kind, sep, value = tag.partition(":")
        by_playbook = figures["tag_playbook"].get(tag, {})
        by_family: dict[str, int] = {}
        for pid, n in by_playbook.items():
            by_family[family_of.get(pid, "")] = by_family.get(family_of.get(pid, ""), 0) + n
        item = {
            "name": value if sep else tag,
            "tag": tag,
            "count": count,
            "share": share(count, total),
            "playbooks": by_playbook,
            "families": by_family,
        }
        tags[kind if sep and kind in tags else "autre"].append(item)
    return {
        "total": total,
        "previous_total": figures["previous_total"],
        "trend": figures["trend"],
        "family": _table(figures["by_family"], total),
        "previous_family": _table(figures["previous_by_family"], figures["previous_total"]),
        "playbook": playbooks,
        "tags": tags,
        "responsibility": _table(figures["by_responsibility"], total),
        "satisfaction": satisfaction,
        "resolution_days_median": figures["resolution_days_median"],
        "repeat_customers": figures["repeat_customers"],
        "repeat_share": figures["repeat_share"],
        "escalated": figures["escalated"],
        "escalated_share": share(figures["escalated"], total),
        "gestures_total": figures["gestures_total"],
        "refunds_total": figures["refunds_total"],
        "open": figures["open"],
        "overdue": figures["overdue"],
    }


def _table(counts: dict[str, int], total: int) -> dict[str, dict[str, Any]]:
    return {k: {"name": k, "count": v, "share": share(v, total)} for k, v in counts.items()}


def public(figures: dict[str, Any]) -> dict[str, Any]:
    """The JSON of `bilan --format json`: the figures without the rules' working tables."""
    return {
        k: v
        for k, v in figures.items()
        if k not in ("tag_playbook", "playbook_family", "client_by_playbook")
    }
