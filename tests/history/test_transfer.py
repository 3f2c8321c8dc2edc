"""`dossiers import`: a solo SQLite history moves whole into the store in use (a team's
PostgreSQL server, or another file)."""

from __future__ import annotations

import pytest

from reponse_cli.errors import ReponseError
from reponse_cli.history.service import History
from reponse_cli.history.transfer import import_file


def test_a_solo_history_moves_whole(make_env, isolated, drafts, history) -> None:
    solo_env = make_env(REPONSE_DB=str(isolated / "solo.sqlite3"))
    solo = History.open(solo_env)
    try:
        first = solo.record(drafts(env=solo_env), message="Où ?", keep_message=True)
        solo.tag(first.id, ["transporteur:dpd"], [])
        solo.note(first.id, "Rappel fait.")
        solo.close_dossier(first.id, "resolu", 5, "Parfait")
        solo.record(drafts("refund", env=solo_env))
    finally:
        solo.close()
    history.record(drafts())  # the team already has a dossier
    moved = import_file(history, isolated / "solo.sqlite3")
    assert [old for old, _ in moved] == [1, 2]
    assert [new for _, new in moved] == [2, 3]
    copied = history.store.get(2)
    assert (copied.satisfaction, copied.comment, copied.tags) == (
        5,
        "Parfait",
        ["transporteur:dpd"],
    )
    assert copied.replies[0].message == "Où ?" and copied.notes[0].text == "Rappel fait."
    assert copied.events[-1].kind == "importe"
    assert [s.step for s in history.store.get(3).steps] == ["confirmation", "arrivee", "cloture"]
    assert [r.id for r in history.store.search("lebrasseur", None)] == [3]


def test_import_refuses_itself_and_missing_files(history, isolated) -> None:
    with pytest.raises(ReponseError, match="introuvable"):
        import_file(history, isolated / "absent.sqlite3")
    if history.store.kind == "sqlite":
        from pathlib import Path

        with pytest.raises(ReponseError, match="déjà l'historique"):
            import_file(history, Path(history.store.where))
