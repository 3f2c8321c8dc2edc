"""RGPD: export, erase and purge leave nothing identifying behind — the test reads the
SQLite file (and its WAL) byte by byte, and every file of the data folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reponse_cli.config import load_config
from reponse_cli.drafting.compose import DraftState
from reponse_cli.drafting.resume import ResumeStore
from reponse_cli.history import privacy
from reponse_cli.history.service import History

# What identifies the customers of these tests, as the files would hold it.
IDENTIFYING = ("Quérel", "querel", "Lebrasseur", "lebrasseur", "90417", "90533", "test-client")


def leftovers(folder: Path, words: tuple[str, ...] = IDENTIFYING) -> list[str]:
    found = []
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            found += [f"{path.name}: {w}" for w in words if w.encode() in data]
    return found


@pytest.fixture
def local(make_env, isolated):
    env = make_env()
    history = History.open(env)
    yield history
    history.close()


def test_export_holds_everything_about_the_customer(history, drafts) -> None:
    draft = drafts()
    draft.email = "jeanne.querel@test-client.fr"
    mine = history.record(draft, message="Où est mon colis ?", keep_message=True)
    history.note(mine.id, "Appel du 23 : colis localisé.")
    history.record(drafts("refund"))
    ResumeStore(history.env).save(
        DraftState(playbook="retard-livraison", answers={"nom": "Jeanne Quérel"})
    )
    data = privacy.export(history, "jeanne.querel@test-client.fr")
    assert [d["id"] for d in data["dossiers"]] == [mine.id]
    dossier = data["dossiers"][0]
    assert dossier["replies"][0]["message"] == "Où est mon colis ?"
    assert dossier["notes"][0]["text"] == "Appel du 23 : colis localisé."
    assert {s["id"] for s in dossier["follow_up"]} == {
        "confirmation",
        "point_etape",
        "satisfaction",
    }
    assert data["interrupted_drafts"] == []  # the resume file names her, not her address
    by_name = privacy.export(history, "jeanne quérel")
    assert [d["answers"]["nom"] for d in by_name["interrupted_drafts"]] == ["Jeanne Quérel"]
    json.dumps(data)  # structured, machine-readable


def test_erase_leaves_no_trace_in_the_data_folder(local, drafts, isolated) -> None:
    draft = drafts(env=local.env)
    draft.email = "jeanne.querel@test-client.fr"
    mine = local.record(draft, message="Colis 90417 jamais reçu", keep_message=True)
    local.note(mine.id, "Mme Quérel rappelée.")
    local.tag(mine.id, ["transporteur:colissimo"], [])
    ResumeStore(local.env).save(
        DraftState(playbook="retard-livraison", answers={"nom": "Jeanne Quérel"})
    )
    assert leftovers(isolated / "data")  # the test can see them before
    ids, drafts_gone = privacy.erase(local, "Jeanne Quérel")
    assert ids == [mine.id] and drafts_gone == 1
    assert leftovers(isolated / "data") == []


def test_purge_anonymises_old_dossiers_and_keeps_the_statistics(make_env, drafts, isolated) -> None:
    old_env = make_env(REPONSE_TODAY="2022-06-01")
    old = History.open(old_env)
    recent_env = make_env()
    try:
        stale = old.record(drafts("refund", env=old_env), message="Lebrasseur", keep_message=True)
        old.close_dossier(stale.id, "resolu", 5, "Merci, Éric Lebrasseur")
    finally:
        old.close()
    history = History.open(recent_env)
    try:
        kept = history.record(drafts("late", env=recent_env, nom="Anne Martin", commande="77001"))
        years = privacy.retention_years(load_config(recent_env))
        assert years == 3
        ids = privacy.stale(history, years)
        assert ids == [stale.id]
        privacy.purge(history, ids)
        assert privacy.stale(history, years) == []
        anonymous = history.store.get(stale.id)
        assert anonymous.anonymised and anonymous.satisfaction == 5 and anonymous.amount == 8990
        assert history.store.get(kept.id).nom == "Anne Martin"
    finally:
        history.close()
    assert leftovers(isolated / "data") == []
    assert leftovers(isolated / "data", ("Anne Martin", "77001"))  # the recent one stays


def test_retention_limit() -> None:
    import datetime as dt

    assert privacy.retention_limit(dt.date(2026, 11, 22), 3) == dt.date(2023, 11, 22)
    assert privacy.retention_limit(dt.date(2028, 2, 29), 1) == dt.date(2027, 2, 28)
