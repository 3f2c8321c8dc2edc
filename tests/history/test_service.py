"""The services over a store: follow-up steps, closing, reopening, tags, notes."""

from __future__ import annotations

import datetime as dt

import pytest

from reponse_cli.errors import ReponseError
from reponse_cli.history.service import normalise_tag, parse_delay

day = dt.date.fromisoformat


def test_a_step_done_is_a_contact_and_leaves_the_next_one(history, drafts) -> None:
    recorded = history.record(drafts())
    step = history.step_done(recorded.id)  # no step named: the next one
    assert step.step == "confirmation"
    dossier = history.store.get(recorded.id)
    assert [s.status for s in dossier.steps] == ["fait", "a-faire", "a-faire"]
    assert dossier.next_due == day("2026-11-24")
    assert dossier.events[-1].kind == "suivi-fait"


def test_reschedule_moves_off_sundays_and_holidays(history, drafts) -> None:
    recorded = history.record(drafts())
    # Friday 25 December 2026 → Saturday 26.
    assert history.reschedule(recorded.id, "point_etape", day("2026-12-25")) == day("2026-12-26")
    dossier = history.store.get(recorded.id)
    assert dossier.steps[1].due == day("2026-12-26")
    with pytest.raises(ReponseError, match="est passée"):
        history.reschedule(recorded.id, "point_etape", day("2026-11-01"))


def test_skip_needs_a_reason_and_keeps_it(history, drafts) -> None:
    recorded = history.record(drafts())
    with pytest.raises(ReponseError, match="pourquoi"):
        history.skip(recorded.id, "satisfaction", "  ")
    history.skip(recorded.id, "satisfaction", "client injoignable")
    step = history.store.get(recorded.id).steps[2]
    assert (step.status, step.reason) == ("ignore", "client injoignable")


def test_unknown_step_suggests(history, drafts) -> None:
    recorded = history.record(drafts())
    with pytest.raises(ReponseError, match="« point_etape »"):
        history.step_done(recorded.id, "point-etape")


def test_close_then_reopen(history, drafts) -> None:
    recorded = history.record(drafts())
    closed = history.close_dossier(recorded.id, "autre-solution", 4, "  Rapide  ")
    assert (closed.status, closed.result, closed.satisfaction, closed.comment) == (
        "resolu",
        "autre-solution",
        4,
        "Rapide",
    )
    assert history.store.due(day("2027-01-01")) == []  # a closed dossier needs no follow-up
    with pytest.raises(ReponseError, match="déjà fermé"):
        history.close_dossier(recorded.id, "resolu", None, None)
    reopened = history.reopen(recorded.id)
    assert reopened.status == "ouvert" and reopened.closed is None
    assert history.close_dossier(recorded.id, "non-resolu", 1, None).status == "clos"


def test_close_refuses_bad_values(history, drafts) -> None:
    recorded = history.record(drafts())
    with pytest.raises(ReponseError, match="Satisfaction de 1 à 5"):
        history.close_dossier(recorded.id, "resolu", 6, None)
    with pytest.raises(ReponseError, match="« resolu »"):
        history.close_dossier(recorded.id, "resolue", 3, None)


def test_one_solution_leaves_the_dossier_open(history, drafts) -> None:
    draft = drafts()
    draft.solutions = ["renvoi-express"]
    assert history.record(draft).status == "ouvert"


def test_the_agent_is_recorded_on_dossiers_and_notes(history, drafts, configured) -> None:
    from reponse_cli.history.service import History

    camille = History.open(history.env)
    try:
        recorded = camille.record(drafts())
        camille.note(recorded.id, "Rappel fait.")
        dossier = camille.store.get(recorded.id)
    finally:
        camille.close()
    assert dossier.agent == "Camille Martin"
    assert dossier.notes[0].agent == "Camille Martin"


@pytest.mark.parametrize(
    ("raw", "tag"),
    [
        ("Transporteur : Colissimo", "transporteur:colissimo"),
        ("  produit:Bottes   cuir ", "produit:bottes cuir"),
        ("fragile", "fragile"),
    ],
)
def test_tags_have_one_spelling(raw: str, tag: str) -> None:
    assert normalise_tag(raw) == tag


def test_bad_tags_and_delays() -> None:
    with pytest.raises(ReponseError):
        normalise_tag("cause:")
    assert parse_delay("3j") == 3 and parse_delay("10 jours") == 10 and parse_delay("2s") == 14
    with pytest.raises(ReponseError, match="Délai invalide"):
        parse_delay("bientôt")
