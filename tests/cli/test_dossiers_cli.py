"""`reponse dossiers …` and `reponse suivi …` through CliRunner, on the SQLite default."""

from __future__ import annotations

import json

import pytest

from helpers import DRAFT


@pytest.fixture
def recorded(invoke, configured):
    """Two scripted drafts recorded, as an agent's day would leave them."""
    first = invoke(*DRAFT, "--set", "nom=Jeanne Quérel", "--format", "json")
    assert first.exit_code == 0, first.stderr
    second = invoke(
        "draft",
        "remboursement-attente",
        "--no-input",
        "--set",
        "civilite=monsieur",
        "--set",
        "nom=Éric Lebrasseur",
        "--set",
        "commande=90533",
        "--set",
        "produit=veste",
        "--set",
        "motif=retractation",
        "--set",
        "date_retour=2026-11-06",
        "--set",
        "montant=89,90",
        "--set",
        "statut=a-emettre",
        "--set",
        "date_remboursement=2026-11-23",
    )
    assert second.exit_code == 0, second.stderr
    return json.loads(first.stdout)["dossier"]


def test_a_scripted_draft_is_recorded_and_says_so(invoke, configured) -> None:
    result = invoke(*DRAFT, "--format", "json")
    assert json.loads(result.stdout)["dossier"] == 1
    assert "Enregistré : dossier n° 1, prochain suivi le 23 novembre." in result.stderr
    again = invoke(*DRAFT, "--no-record", "--format", "json")
    assert "dossier" not in json.loads(again.stdout) and "Enregistré" not in again.stderr
    listed = json.loads(invoke("dossiers", "list", "--format", "json").stdout)
    assert [d["id"] for d in listed] == [1]


def test_list_json_shape_and_filters(invoke, recorded) -> None:
    rows = json.loads(invoke("dossiers", "list", "--format", "json").stdout)
    assert [r["playbook"] for r in rows] == ["remboursement-attente", "retard-livraison"]
    assert set(rows[0]) == {
        "id",
        "status",
        "playbook",
        "family",
        "client",
        "commande",
        "created",
        "next_due",
    }
    assert rows[1]["next_due"] == "2026-11-23"
    only = invoke("dossiers", "list", "--famille", "financier", "--format", "json")
    assert [r["client"] for r in json.loads(only.stdout)] == ["Éric Lebrasseur"]
    limited = invoke("dossiers", "list", "--limite", "1")
    assert "1 dossiers sur 2" in limited.stderr
    table = invoke("dossiers", "list", "--client", "querel")
    assert "Quérel" in table.stdout and "Lebrasseur" not in table.stdout
    assert invoke("dossiers", "list", "--statut", "fini").exit_code == 2


def test_show_json_has_replies_follow_up_and_satisfaction(invoke, recorded) -> None:
    invoke("dossiers", "close", str(recorded), "--resultat", "resolu", "--satisfaction", "4")
    data = json.loads(invoke("dossiers", "show", str(recorded), "--format", "json").stdout)
    assert data["replies"][0]["subject"].endswith("votre commande 48213")
    assert [f["id"] for f in data["follow_up"]] == ["confirmation", "point_etape", "satisfaction"]
    assert set(data["follow_up"][0]) >= {"id", "stage", "due", "done", "text"}
    assert data["satisfaction"] == {"score": 4, "comment": None, "result": "resolu"}
    shown = invoke("dossiers", "show", str(recorded))
    assert "Dossier n° 1 · Retard de livraison" in shown.stdout
    assert "Fermé : résolu comme proposé" in shown.stdout


def test_show_unknown_dossier(invoke, configured) -> None:
    result = invoke("dossiers", "show", "42")
    assert result.exit_code == 2
    assert result.stderr.startswith("Erreur : Dossier n° 42 introuvable.")


def test_search_ignores_accents(invoke, recorded) -> None:
    rows = json.loads(invoke("dossiers", "search", "LEBRASSEUR veste", "--format", "json").stdout)
    assert [r["client"] for r in rows] == ["Éric Lebrasseur"]
    assert "Aucun dossier." in invoke("dossiers", "search", "introuvable").stdout


def test_suivi_json_then_done_reschedule_skip(invoke, recorded) -> None:
    due = json.loads(invoke("suivi", "--format", "json", REPONSE_TODAY="2026-11-24").stdout)
    assert [(d["dossier"], d["step"], d["overdue_days"]) for d in due] == [
        (1, "confirmation", 1),
        (2, "confirmation", 1),
        (1, "point_etape", 0),
    ]
    assert set(due[0]) >= {"dossier", "step", "stage", "due", "overdue_days", "text"}
    assert due[0]["text"].startswith("Madame, Monsieur,\n\nComme convenu")
    assert invoke("suivi", "fait", "1", REPONSE_TODAY="2026-11-24").exit_code == 0
    moved = invoke("suivi", "reporter", "2", "--dans", "3j", REPONSE_TODAY="2026-11-24")
    assert "reporté au vendredi 27 novembre" in moved.stderr
    skipped = invoke("suivi", "ignorer", "1", "point_etape", "--raison", "livré entre-temps")
    assert skipped.exit_code == 0
    assert json.loads(invoke("suivi", "--format", "json", REPONSE_TODAY="2026-11-24").stdout) == []
    assert "Aucun suivi" in invoke("suivi", REPONSE_TODAY="2026-11-24").stdout


def test_suivi_table_and_messages(invoke, recorded) -> None:
    result = invoke("suivi", REPONSE_TODAY="2026-11-25")
    assert result.exit_code == 0
    assert "2 jours" in result.stdout
    assert "Le remboursement de 89,90" in result.stdout
    assert "reponse suivi fait 2 confirmation" in result.stdout


def test_suivi_usage_errors(invoke, recorded) -> None:
    both = invoke("suivi", "reporter", "1", "--au", "2026-12-04", "--dans", "3j")
    assert both.exit_code == 2 and "l'un ou l'autre" in both.stderr
    bad = invoke("suivi", "reporter", "1", "--au", "le 45")
    assert bad.exit_code == 2 and "--au : date invalide" in bad.stderr
    assert invoke("suivi", "ignorer", "1").exit_code == 2


def test_suivi_ics(invoke, recorded, tmp_path) -> None:
    target = tmp_path / "suivis.ics"
    result = invoke("suivi", "--ics", str(target))
    assert result.exit_code == 0 and "6 date(s)" in result.stderr
    text = target.read_text(encoding="utf-8")
    assert text.count("BEGIN:VEVENT") == 6
    assert "Quérel" not in text and "Lebrasseur" not in text


def test_close_needs_a_result_without_a_terminal(invoke, recorded) -> None:
    result = invoke("dossiers", "close", str(recorded))
    assert result.exit_code == 2
    assert "--resultat" in result.stderr
    done = invoke(
        "dossiers",
        "close",
        str(recorded),
        "--resultat",
        "non-resolu",
        "--satisfaction",
        "2",
        "--commentaire",
        "Toujours déçue",
    )
    assert done.exit_code == 0 and "clos (non résolu)" in done.stderr
    assert invoke("dossiers", "close", str(recorded), "--resultat", "resolu").exit_code == 2
    assert invoke("dossiers", "reopen", str(recorded)).exit_code == 0
    assert (
        invoke("dossiers", "close", "1", "--resultat", "resolu", "--satisfaction", "9").exit_code
        == 2
    )


def test_tag_and_untag(invoke, recorded) -> None:
    result = invoke("dossiers", "tag", "1", "Transporteur:Colissimo", "cause:emballage")
    assert "transporteur:colissimo" in result.stderr
    result = invoke("dossiers", "tag", "1", "--retirer", "cause:emballage")
    assert result.stderr.strip() == "Dossier n° 1 : transporteur:colissimo."
    assert invoke("dossiers", "tag", "1").exit_code == 2


def test_an_insulting_note_is_refused_and_given_back(invoke, recorded) -> None:
    note = "Cliente hystérique, une vraie abrutie."
    refused = invoke("dossiers", "note", "1", note)
    assert refused.exit_code == 1
    assert "objective" in refused.stderr and note in refused.stderr
    shown = json.loads(invoke("dossiers", "show", "1", "--format", "json").stdout)
    assert shown["notes"] == []
    fine = invoke("dossiers", "note", "1", "Cliente rappelée à 14 h, colis localisé au dépôt.")
    assert fine.exit_code == 0, fine.stderr
    forced = invoke("dossiers", "note", "1", note, "--force")
    assert forced.exit_code == 0
    shown = json.loads(invoke("dossiers", "show", "1", "--format", "json").stdout)
    assert len(shown["notes"]) == 2


def test_export_erase_purge(invoke, recorded, tmp_path) -> None:
    out = tmp_path / "export.json"
    result = invoke("dossiers", "export", "--client", "Jeanne Quérel", "-o", str(out))
    assert result.exit_code == 0 and "1 dossier(s) exporté(s)" in result.stderr
    assert [d["id"] for d in json.loads(out.read_text(encoding="utf-8"))["dossiers"]] == [1]
    dry = invoke("dossiers", "erase", "--client", "Jeanne Quérel")
    assert "Seraient effacés : dossiers n° 1" in dry.stderr
    assert invoke("dossiers", "show", "1").exit_code == 0
    gone = invoke("dossiers", "erase", "--client", "Jeanne Quérel", "--yes")
    assert "Effacé : 1 dossier(s)" in gone.stderr
    assert invoke("dossiers", "show", "1").exit_code == 2
    nothing = invoke("dossiers", "purge")
    assert "Rien à anonymiser" in nothing.stderr
    later = invoke("dossiers", "purge", REPONSE_TODAY="2030-01-15")
    assert "1 dossier(s) sans contact depuis le 15 janvier 2027" in later.stderr
    assert invoke("dossiers", "purge", "--yes", REPONSE_TODAY="2030-01-15").exit_code == 0
    data = json.loads(invoke("dossiers", "show", "2", "--format", "json").stdout)
    assert data["nom"] is None and data["anonymised"]


def test_draft_dossier_prefills_the_previous_answers(invoke, recorded) -> None:
    result = invoke(
        "draft",
        "--dossier",
        str(recorded),
        "--no-input",
        "--set",
        "date_promise=19/11/2026",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["dossier"] == recorded and data["answers"]["commande"] == "48213"
    assert "nouvelle réponse au dossier n° 1" in result.stderr
    shown = json.loads(invoke("dossiers", "show", "1", "--format", "json").stdout)
    assert len(shown["replies"]) == 2


def test_the_name_signed_in_the_message_is_the_dossiers_client(invoke, configured, tmp_path):
    # The reply greets « Madame, » alone; the dossier still knows who wrote, so that a
    # right-of-access request finds it by name.
    message = tmp_path / "message.txt"
    message.write_text(
        "Bonjour,\nma commande 48213 prévue le 18/11 n'est toujours pas arrivée.\nMme Durand\n",
        encoding="utf-8",
    )
    drafted = invoke(*DRAFT, "--message", str(message))
    assert drafted.exit_code == 0, drafted.stderr
    listed = json.loads(invoke("dossiers", "list", "--format", "json").stdout)
    assert [d["client"] for d in listed] == ["Durand"]
    exported = invoke("dossiers", "export", "--client", "durand")
    assert exported.exit_code == 0 and "48213" in exported.stdout
