"""Dates as an agent types them, in a prompt or with `--set`: the way `listen` reads a
message, and never a date to come for an event already past."""

from __future__ import annotations

import datetime as dt

import pytest

from reponse_cli.drafting.answers import coerce, read_answer_date
from reponse_cli.playbooks.schema import Question
from reponse_cli.text.french import ParseError

TODAY = dt.date(2026, 11, 20)  # a Friday


@pytest.mark.parametrize(
    ("typed", "iso"),
    [
        ("18/11/2026", "2026-11-18"),
        ("hier", "2026-11-19"),
        ("il y a 3 semaines", "2026-10-30"),
        ("il y a deux jours", "2026-11-18"),
        ("lundi dernier", "2026-11-16"),
        ("le 14 ou le 15 octobre", "2026-10-14"),
        ("vendredi 13 novembre", "2026-11-13"),
    ],
)
def test_relative_dates_are_read_as_listen_reads_them(typed: str, iso: str) -> None:
    assert read_answer_date(typed, TODAY) == dt.date.fromisoformat(iso)


def test_a_past_event_takes_the_last_such_day_before_today() -> None:
    assert read_answer_date("12/12", TODAY, past=True) == dt.date(2025, 12, 12)
    assert read_answer_date("le 12 décembre", TODAY, past=True) == dt.date(2025, 12, 12)
    assert read_answer_date("lundi", TODAY, past=True) == dt.date(2026, 11, 16)
    assert read_answer_date("12/12", TODAY) == dt.date(2026, 12, 12)  # a promise may be ahead


@pytest.mark.parametrize("typed", ["demain", "12/12/2026", "dans 3 jours"])
def test_a_date_to_come_is_refused_for_an_event_already_past(typed: str) -> None:
    with pytest.raises(ParseError) as caught:
        coerce(
            Question(id="date_reception", prompt="Reçu le", type="date", past=True), typed, TODAY
        )
    message = str(caught.value)
    assert "date" in message and typed in message


def test_an_unreadable_date_shows_the_ways_to_write_one() -> None:
    with pytest.raises(ParseError, match="il y a 3 jours, lundi dernier"):
        read_answer_date("bientôt", TODAY)
