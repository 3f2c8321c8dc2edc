"""Interrupted drafts: one slot each, newest first, never lost, never a crash."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from reponse_cli.drafting.compose import DraftState
from reponse_cli.drafting.resume import ResumeStore, candidates, read_state
from reponse_cli.errors import ReponseError


def save(env, playbook: str, saved_at: str, **answers) -> Path:
    store = ResumeStore(env)
    state = DraftState(playbook=playbook, answers=dict(answers))
    store.save(state)
    assert store.slot is not None
    text = store.slot.read_text(encoding="utf-8")
    store.slot.write_text(text.replace(state.saved_at or "", saved_at), encoding="utf-8")
    return store.slot


def test_two_interrupted_drafts_keep_two_slots_newest_first(env) -> None:
    first = save(env, "retard-livraison", "2026-11-20T10:00:00", commande="111")
    second = save(env, "prix-facture", "2026-11-21T09:00:00", commande="222")
    assert first != second
    entries = ResumeStore(env).entries()
    assert [e.path for e in entries] == [second, first]
    assert [e.state.answers["commande"] for e in entries] == ["222", "111"]
    assert [e.state.playbook for e in candidates(ResumeStore(env), "retard-livraison")] == [
        "retard-livraison"
    ]


def test_slots_are_private(env) -> None:
    slot = save(env, "retard-livraison", "2026-11-20T10:00:00", nom="Dupont")
    assert stat.S_IMODE(slot.stat().st_mode) == 0o600
    assert stat.S_IMODE(slot.parent.stat().st_mode) == 0o700


def test_a_store_can_forget_a_customers_drafts(env) -> None:
    # For the RGPD erasure (issue 13): entries() and forget(predicate) are the interface.
    keep = save(env, "retard-livraison", "2026-11-20T10:00:00", nom="Martin")
    drop = save(env, "prix-facture", "2026-11-21T10:00:00", nom="Dupont")
    store = ResumeStore(env)
    assert store.forget(lambda entry: entry.state.answers.get("nom") == "Dupont") == [drop]
    assert [e.path for e in store.entries()] == [keep]


@pytest.mark.parametrize(
    "text", ["null", "[]", '{"playbook": 3}', '{"playbook": "x", "step": -4}', "\xff", "{"]
)
def test_a_damaged_slot_is_a_french_message(env, text: str) -> None:
    slot = save(env, "retard-livraison", "2026-11-20T10:00:00")
    slot.write_text(text, encoding="latin-1")
    with pytest.raises(ReponseError, match="Brouillon interrompu illisible"):
        read_state(slot)
    store = ResumeStore(env)
    assert store.entries() == [] and store.unreadable == [slot]
    with pytest.raises(ReponseError, match="illisible"):
        candidates(store)


def test_an_unusable_state_folder_is_a_warning_and_the_draft_goes_on(make_env, tmp_path) -> None:
    blocker = tmp_path / "pas-un-dossier"
    blocker.write_text("", encoding="utf-8")
    env = make_env(REPONSE_DATA_DIR=str(blocker))
    said: list[str] = []
    store = ResumeStore(env, warn=said.append)
    store.save(DraftState(playbook="retard-livraison"))
    store.save(DraftState(playbook="retard-livraison"))
    assert len(said) == 1 and "le brouillon continue" in said[0]


def test_resume_without_a_terminal_takes_the_newest_and_says_so(invoke, env, configured) -> None:
    save(env, "retard-livraison", "2026-11-20T10:00:00", commande="111", date_promise="2026-11-18")
    newest = save(
        env, "retard-livraison", "2026-11-21T10:00:00", commande="222", date_promise="2026-11-18"
    )
    result = invoke("draft", "--resume", "--no-input")
    assert result.exit_code == 0, result.stderr
    assert "2 brouillons interrompus" in result.stderr and "222" in result.stderr
    assert "commande 222" in result.stdout
    assert not newest.exists()  # delivered: its slot is gone, the other stays
    assert len(ResumeStore(env).entries()) == 1


def test_resume_works_for_a_playbook_given_by_path(
    invoke, env, write_playbook, monkeypatch
) -> None:
    path = write_playbook()
    store = ResumeStore(env)
    store.save(
        DraftState(playbook="essai", playbook_path=str(path.resolve()), answers={"commande": "A-7"})
    )
    result = invoke("draft", "--resume", "--no-input")
    assert result.exit_code == 0, result.stderr
    assert "Commande A-7" in result.stdout
    monkeypatch.chdir(path.parent)
    store.save(DraftState(playbook="essai", playbook_path=str(path.resolve())))
    again = invoke("draft", "essai.yaml", "--resume", "--no-input", "--set", "commande=B")
    assert again.exit_code == 0, again.stderr
