"""The store interface, on SQLite and on a real PostgreSQL: the same behaviour on both."""

from __future__ import annotations

import datetime as dt

import pytest

from reponse_cli.history.models import Event, Note, Query
from reponse_cli.history.store import Conflict, DossierNotFound

day = dt.date.fromisoformat


def test_a_recorded_draft_comes_back_whole(history, store, drafts) -> None:
    recorded = history.record(drafts(), message="Toujours rien reçu !", keep_message=True)
    dossier = store.get(recorded.id)
    assert dossier.status == "attente-client"  # two solutions: the customer chooses
    assert (dossier.playbook, dossier.family) == ("retard-livraison", "contractuel")
    assert (dossier.nom, dossier.commande, dossier.civilite) == ("Jeanne Quérel", "90417", "madame")
    reply = dossier.replies[0]
    assert reply.text.startswith("Madame,") and "90417" in reply.subject
    assert reply.message == "Toujours rien reçu !"
    assert reply.answers["date_promise"] == "2026-11-18"
    assert [(c.id, c.geste, c.amount) for c in reply.solutions] == [
        ("renvoi-express", False, None),
        ("remboursement-port", True, 490),
    ]
    # The whole plan, each step with its date (the test's today is Sunday 22 November).
    assert [(s.step, s.stage, s.due) for s in dossier.steps] == [
        ("confirmation", "before", day("2026-11-23")),
        ("point_etape", "during", day("2026-11-24")),
        ("satisfaction", "after", day("2026-12-02")),
    ]
    assert dossier.next_due == day("2026-11-23")
    assert [e.kind for e in dossier.events] == ["cree"]


def test_the_message_is_kept_only_when_asked(history, store, drafts) -> None:
    recorded = history.record(drafts(), message="Mon colis ?")
    assert store.get(recorded.id).replies[0].message is None


def test_unknown_dossier(store) -> None:
    with pytest.raises(DossierNotFound, match="Dossier n° 99 introuvable"):
        store.get(99)


def test_list_filters_and_newest_first(history, store, drafts) -> None:
    first = history.record(drafts())
    second = history.record(drafts("refund"))
    rows, total = store.summaries(Query())
    assert [r.id for r in rows] == [second.id, first.id] and total == 2
    rows, total = store.summaries(Query(family="financier"))
    assert [r.playbook for r in rows] == ["remboursement-attente"] and total == 1
    rows, _ = store.summaries(Query(client="lebrasseur"))  # accents and case aside
    assert [r.client for r in rows] == ["Éric Lebrasseur"]
    rows, _ = store.summaries(Query(status="resolu"))
    assert rows == []
    rows, total = store.summaries(Query(limit=1))
    assert len(rows) == 1 and total == 2
    assert rows[0].as_json().keys() == {
        "id",
        "status",
        "playbook",
        "family",
        "client",
        "commande",
        "created",
        "next_due",
    }


def test_search_ignores_accents_case_and_matches_prefixes(history, store, drafts) -> None:
    refund = history.record(drafts("refund"))
    history.record(drafts())
    assert [r.id for r in store.search("eric LEBRASSEUR", None)] == [refund.id]
    assert [r.id for r in store.search("Lébrasseur rembours", None)] == [refund.id]
    assert store.search("querel lebrasseur", None) == []
    assert store.search("« ! »", None) == []


def test_due_steps_oldest_first_and_only_in_open_dossiers(history, store, drafts) -> None:
    late = history.record(drafts())
    refund = history.record(drafts("refund"))
    due = store.due(day("2026-11-24"))
    assert [(d.dossier, d.step) for d in due] == [
        (late.id, "confirmation"),
        (refund.id, "confirmation"),
        (late.id, "point_etape"),
    ]
    history.close_dossier(late.id, "resolu", 5, None)
    assert [d.dossier for d in store.due(day("2026-11-24"))] == [refund.id]


def test_a_new_reply_replaces_the_steps_still_to_do(history, store, drafts) -> None:
    recorded = history.record(drafts())
    history.step_done(recorded.id, "confirmation")
    dossier = history.add_reply(recorded.id, drafts(date_promise="19/11/2026"))
    assert [r.number for r in dossier.replies] == [1, 2]
    statuses = [(s.reply, s.step, s.status) for s in dossier.steps]
    assert statuses[:3] == [
        (1, "confirmation", "fait"),
        (1, "point_etape", "remplace"),
        (1, "satisfaction", "remplace"),
    ]
    assert [s.status for s in dossier.steps[3:]] == ["a-faire"] * 3
    assert dossier.replies[1].answers["date_promise"] == "2026-11-19"


def test_a_change_on_a_stale_version_is_refused(history, store, drafts) -> None:
    recorded = history.record(drafts())
    read = store.get(recorded.id)
    event = Event("2026-11-22T10:00:00+01:00", "note")
    store.update(recorded.id, read.version, event, note=Note(event.at, "Appel reçu."))
    with pytest.raises(Conflict, match="modifié par ailleurs"):
        store.update(recorded.id, read.version, event, fields={"status": "clos"})
    assert store.get(recorded.id).status == "attente-client"  # nothing overwritten
    assert [n.text for n in store.get(recorded.id).notes] == ["Appel reçu."]


def test_tags_are_a_set(history, store, drafts) -> None:
    recorded = history.record(drafts())
    history.tag(recorded.id, ["Transporteur : Colissimo", "cause:emballage"], [])
    history.tag(recorded.id, ["transporteur:colissimo"], ["cause:emballage"])
    assert store.get(recorded.id).tags == ["transporteur:colissimo"]
    rows, _ = store.summaries(Query(tag="transporteur:colissimo"))
    assert [r.id for r in rows] == [recorded.id]
    assert [r.id for r in store.search("colissimo", None)] == [recorded.id]


def test_find_client_by_email_or_exact_name(history, store, drafts) -> None:
    draft = drafts()
    draft.email = "Jeanne.Querel@test-client.fr"
    mine = history.record(draft)
    history.record(drafts(nom="Jeanne Quérelle"))
    assert store.find_client("jeanne.querel@TEST-CLIENT.fr") == [mine.id]
    assert store.find_client("jeanne  quérel") == [mine.id]
    assert store.find_client("Quérel") == []


def test_stale_is_by_last_contact(history, store, drafts, make_env, db_url) -> None:
    from reponse_cli.history.service import History

    old_env = make_env(REPONSE_DB=db_url, REPONSE_TODAY="2022-06-01")
    old = History.open(old_env)
    try:
        kept = old.record(drafts(env=old_env))
        gone = old.record(drafts(env=old_env))
    finally:
        old.close()
    history.note(kept.id, "Le client a rappelé.")  # a note is not a contact
    history.step_done(kept.id)  # a follow-up done is
    assert store.stale(day("2023-11-22")) == [gone.id]


def test_erase_leaves_nothing_of_the_dossier(history, store, drafts) -> None:
    recorded = history.record(drafts())
    history.note(recorded.id, "Rappel fait.")
    store.erase([recorded.id])
    with pytest.raises(DossierNotFound):
        store.get(recorded.id)
    assert store.search("querel", None) == []
    assert store.summaries(Query())[1] == 0


def test_anonymise_keeps_only_what_statistics_need(history, store, drafts) -> None:
    recorded = history.record(drafts("refund"))
    history.tag(recorded.id, ["produit:veste"], [])
    history.note(recorded.id, "M. Lebrasseur a rappelé.")
    history.close_dossier(recorded.id, "resolu", 4, "Merci Éric Lebrasseur")
    store.anonymise([recorded.id], "2029-12-01T09:00:00+01:00")
    d = store.get(recorded.id)
    assert (d.nom, d.email, d.commande, d.civilite, d.comment) == (None,) * 5
    assert d.notes == []
    assert all(r.text is None and r.subject is None and r.answers == {} for r in d.replies)
    assert all(s.promise is None and s.message is None for s in d.steps)
    assert all(e.detail == {} for e in d.events)
    assert (d.playbook, d.family, d.satisfaction, d.result, d.tags) == (
        "remboursement-attente",
        "financier",
        4,
        "resolu",
        ["produit:veste"],
    )
    assert d.amount == 8990 and d.created and d.closed
    assert [c.amount for c in d.replies[0].solutions if c.refund] == [8990]
    assert store.search("lebrasseur", None) == []
    assert store.stale(day("2099-01-01")) == []  # anonymised once, never again
