"""Team mode end to end: the commands on a PostgreSQL server named by REPONSE_DB, each
agent recorded, and a stale change refused with a French message."""

from __future__ import annotations

import json

from helpers import DRAFT
from reponse_cli.history.service import History


def test_two_agents_share_one_server(invoke, configured, postgres_url) -> None:
    camille = {"REPONSE_DB": postgres_url}
    malik = {"REPONSE_DB": postgres_url, "REPONSE_CONFIG": str(configured / "malik.yaml")}
    (configured / "malik.yaml").write_text("agent: Malik Benali\n", encoding="utf-8")
    assert invoke(*DRAFT, **camille).exit_code == 0
    assert invoke(*DRAFT, "--set", "commande=90417", **malik).exit_code == 0
    rows = json.loads(invoke("dossiers", "list", "--format", "json", **malik).stdout)
    assert [r["commande"] for r in rows] == ["90417", "48213"]
    note = invoke("dossiers", "note", "1", "Appel de la cliente, colis retrouvé.", **malik)
    assert note.exit_code == 0, note.stderr
    shown = json.loads(invoke("dossiers", "show", "1", "--format", "json", **camille).stdout)
    assert shown["agent"] == "Camille Martin"
    assert shown["notes"][0]["agent"] == "Malik Benali"


def test_closing_a_dossier_someone_just_changed_is_refused(
    make_env, postgres_url, configured, drafts
) -> None:
    from reponse_cli.history.store import Conflict

    env = make_env(REPONSE_DB=postgres_url)
    first, second = History.open(env), History.open(env)
    try:
        recorded = first.record(drafts(env=env))
        seen = second.store.get(recorded.id).version  # Malik reads, then answers the phone
        first.note(recorded.id, "La cliente a rappelé : colis reçu.")  # Camille, meanwhile
        try:
            second.close_dossier(recorded.id, "non-resolu", 1, None, version=seen)
        except Conflict as error:
            assert "vient d'être modifié par ailleurs : rien n'a été écrit" in error.message
        else:
            raise AssertionError("the stale close went through")
        dossier = first.store.get(recorded.id)
        assert dossier.status == "attente-client" and dossier.satisfaction is None
        assert [n.text for n in dossier.notes] == ["La cliente a rappelé : colis reçu."]
    finally:
        first.close()
        second.close()


def test_an_unreachable_server_is_one_french_line(invoke, configured) -> None:
    result = invoke("dossiers", "list", REPONSE_DB="postgresql://agent:secret@127.0.0.1:1/x")
    assert result.exit_code == 2
    assert result.stderr.startswith("Erreur : Serveur d'équipe injoignable (postgresql://agent@")
    assert "secret" not in result.stderr and "Traceback" not in result.stderr
