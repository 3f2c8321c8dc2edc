"""Follow-up messages: the playbook's message with the dossier's own answers, ready to copy."""

from __future__ import annotations

import datetime as dt

from reponse_cli.drafting.worker import Worker
from reponse_cli.history.followups import calendar, due_messages

day = dt.date.fromisoformat


def test_the_during_message_carries_the_dossiers_amount(history, drafts, configured) -> None:
    recorded = history.record(drafts("refund"))
    items = history.store.due(day("2026-11-30"))
    worker = Worker(history.env)
    messages = {m.item.step: m for m in due_messages(worker, items, day("2026-11-30"))}
    confirmation = messages["confirmation"]
    assert confirmation.item.dossier == recorded.id
    assert confirmation.text.startswith("Monsieur,\n\nLe remboursement de 89,90\u00a0€")
    assert "commande 90533" in confirmation.text
    assert confirmation.text.endswith("Bien cordialement,\n\nCamille Martin\nAtelier Exemple")
    assert confirmation.overdue_days == 7  # due Monday 23 November
    assert confirmation.check["ok"] and confirmation.check["findings"] == []
    assert confirmation.subject.startswith("Re\u00a0: ")
    assert set(confirmation.as_json()) >= {
        "dossier",
        "step",
        "stage",
        "due",
        "overdue_days",
        "text",
    }


def test_a_vanished_playbook_falls_back_on_the_stored_message(history, drafts) -> None:
    history.record(drafts())
    items = history.store.due(day("2026-11-23"))
    items[0].playbook = "disparu"  # deleted since the reply was written
    [message] = due_messages(Worker(history.env), items, day("2026-11-23"))
    assert "Comme convenu, voici ce que nous mettons en place" in message.text
    assert message.problem and "disparu" in message.problem


def test_calendar_is_valid_icalendar_without_names() -> None:
    text = calendar(
        [(12, 40, "Donner des nouvelles de l'acheminement, vite ; merci", day("2026-11-24"))],
        dt.datetime(2026, 11, 22, 9, tzinfo=dt.UTC),
        "Atelier Exemple",
    )
    lines = text.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR"
    assert "DTSTART;VALUE=DATE:20261124" in lines
    assert "UID:reponse-suivi-12-40" in lines
    assert all(len(line.encode()) <= 75 for line in lines)
    unfolded = text.replace("\r\n ", "")
    assert (
        "SUMMARY:Dossier n° 12 : Donner des nouvelles de l'acheminement\\, vite \\; merci"
        in unfolded
    )
