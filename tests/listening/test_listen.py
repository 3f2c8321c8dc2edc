"""`reponse listen` and `reponse draft --message` as agents and scripts use them."""

import json
import re
from pathlib import Path

MESSAGE = """Bonjour,
J'ai commandé le 3 novembre (commande n° 48213) un jeu de société pour l'anniversaire
de mon fils, payé 49,90 €. La livraison était prévue le 12/11 et je n'ai toujours rien reçu.
Si rien ne bouge, je porterai plainte et je laisserai un avis sur Google.
"""


def test_listen_json_shape(invoke, tmp_path: Path) -> None:
    path = tmp_path / "message.txt"
    path.write_text(MESSAGE, encoding="utf-8")
    result = invoke("listen", str(path), "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"candidates", "facts", "escalation", "reformulation"} <= set(data)
    best = data["candidates"][0]
    assert {"playbook", "family", "score", "matched"} <= set(best)
    assert best["playbook"] == "retard-livraison" and best["family"] == "contractuel"
    assert best["matched"]
    assert data["facts"]["orders"] == ["48213"]
    assert data["facts"]["amounts"] == [{"value": "49.90", "currency": "EUR", "text": "49,90 €"}]
    assert [d["value"] for d in data["facts"]["dates"]] == ["2026-11-03", "2026-11-12"]
    categories = {e["category"] for e in data["escalation"]}
    assert categories == {"legal", "public"}
    assert all({"signal", "category", "excerpt"} <= set(e) for e in data["escalation"])
    assert data["reformulation"].startswith("Si je comprends bien")
    assert "48213" in data["reformulation"]
    assert "promise pour le 12 novembre 2026" in data["reformulation"]  # French, not ISO


def test_listen_table_from_stdin_and_explain(invoke) -> None:
    result = invoke("listen", "-", "--explain", input=MESSAGE)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Signaux d'escalade" in out and "Menace juridique" in out
    assert "retard-livraison" in out and "48213" in out and "49,90" in out
    assert "←" in out  # the explanation shows where each keyword matched
    assert "\x1b[" not in out


def test_listen_says_when_it_is_unsure(invoke) -> None:
    result = invoke("listen", "-", "--format", "json", input="Bonjour, j'ai une question.\n")
    data = json.loads(result.stdout)
    assert data["unsure"]
    assert data["reformulation"] is None


def test_listen_errors(invoke, tmp_path: Path) -> None:
    missing = invoke("listen", str(tmp_path / "absent.txt"))
    assert missing.exit_code == 2 and "introuvable" in missing.stderr
    empty = invoke("listen", "-", input="  \n")
    assert empty.exit_code == 2 and "vide" in empty.stderr


def test_order_pattern_from_the_config(invoke, isolated: Path) -> None:
    assert invoke("init", "--set", r"motif_commande=BX\d{2}/\d{3}").exit_code == 0
    result = invoke("listen", "-", "--format", "json", input="Ma commande BX77/123 est en retard.")
    assert json.loads(result.stdout)["facts"]["orders"] == ["BX77/123"]
    bad = invoke("init", "--set", "motif_commande=BX(")
    assert bad.exit_code == 2 and "Motif de commande invalide" in bad.stderr


def test_draft_from_a_message_picks_the_playbook_and_prefills(invoke, configured, tmp_path):
    path = tmp_path / "message.txt"
    path.write_text(MESSAGE, encoding="utf-8")
    result = invoke("draft", "--message", str(path), "--no-input", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["playbook"] == "retard-livraison"
    assert data["answers"]["commande"] == "48213"
    assert data["answers"]["date_promise"] == "2026-11-12"
    assert data["listen"]["escalation"]
    assert "Attention" in result.stderr and "menace juridique" in result.stderr


def test_agent_values_win_over_the_message(invoke, configured, tmp_path) -> None:
    result = invoke(
        "draft",
        "retard-livraison",
        "--message",
        "-",
        "--no-input",
        "--set",
        "commande=99999",
        input=MESSAGE,
    )
    assert result.exit_code == 0, result.stderr
    assert "commande 99999" in result.stdout and "48213" not in result.stdout


def test_unsure_message_without_playbook_exits_2(invoke) -> None:
    result = invoke("draft", "--message", "-", "--no-input", input="Bonjour, une question.\n")
    assert result.exit_code == 2
    assert "pas sûr du playbook" in result.stderr


GMAIL = Path(__file__).resolve().parents[1] / "corpus" / "mail" / "gmail-retard.eml"


def test_listen_reads_an_eml_the_customers_words_only(invoke) -> None:
    result = invoke("listen", str(GMAIL), "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["candidates"][0]["playbook"] == "retard-livraison"
    assert data["facts"]["orders"] == ["48213"]
    mail = data["mail"]
    assert mail["eml"] is True
    assert mail["sender"] == {"name": "Marie Dupont", "email": "marie.dupont@exemple.fr"}
    assert mail["message_id"] == "<CAK8pX2bb222+fr@mail.gmail.com>"
    assert "expédié" in mail["set_aside"]["quoted"]
    table = invoke("listen", str(GMAIL))
    assert "E-mail de Marie Dupont <marie.dupont@exemple.fr>" in table.stdout
    assert "Mis à part, non lus\u00a0: messages cités (8 lignes)" in table.stdout


def test_listen_sets_aside_a_pasted_quote(invoke) -> None:
    pasted = MESSAGE + "\n-----Message d'origine-----\nDe : SAV\nEnvoyé : lundi\n\nRemboursé.\n"
    data = json.loads(invoke("listen", "-", "--format", "json", input=pasted).stdout)
    assert data["mail"]["set_aside"]["quoted"].endswith("Remboursé.")
    assert data["candidates"][0]["playbook"] == "retard-livraison"


BIRTHDAY = (
    "Bonjour, ma commande 48213 devait arriver le 12/11, c'était pour l'anniversaire de ma "
    "fille. Le suivi ne bouge plus depuis lundi dernier.\nMme Dupont"
)


def test_draft_uses_the_occasion_and_the_parcel_read_in_the_message(invoke, configured) -> None:
    result = invoke(
        "draft", "retard-livraison", "--message", "-", "--no-input", "--format", "json",
        input=BIRTHDAY,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["answers"]["occasion"] is True
    assert data["answers"]["evenement"] == "l'anniversaire de votre fille"
    assert data["answers"]["statut"] == "bloque"
    assert "à temps pour l'anniversaire de votre fille" in data["text"]
    assert data["text"].startswith("Madame,")


def test_a_fact_the_playbook_does_not_ask_is_left_out(invoke, configured) -> None:
    # prix-facture asks neither an occasion nor the parcel's status.
    result = invoke(
        "draft", "prix-facture", "--message", "-", "--no-input", "--format", "json",
        "--set", "commande=F-1", "--set", "prix_annonce=10", "--set", "montant=12",
        input=BIRTHDAY,
    )  # fmt: skip
    answers = json.loads(result.stdout)["answers"] if result.exit_code == 0 else {}
    assert "occasion" not in answers and "statut" not in answers


def test_listen_shows_the_occasion_the_parcel_and_french_scores(invoke) -> None:
    result = invoke("listen", "-", input=BIRTHDAY)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert re.search("Occasion\u00a0: +l'anniversaire de votre fille", out)
    assert re.search("Colis\u00a0: +le suivi ne bouge plus", out)
    assert re.search(r"\b\d+,\d\b", out) and re.search(r"\b\d+\u202f%", out)  # « 11,0 », « 47 % »
    assert "Score" not in out and not re.search(r"\d\.\d", out)


def test_an_amount_in_francs_is_shown_in_francs_and_not_prefilled_as_euros(invoke) -> None:
    message = (
        "Bonjour, ma commande 7741 (paire de skis, 389.00 CHF) a été retournée le 9 novembre "
        "et je ne suis toujours pas remboursée.\n"
    )
    shown = invoke("listen", "-", input=message)
    assert "389\u00a0CHF" in shown.stdout and "€" not in shown.stdout
    assert re.search(r"Produit\W+paire de skis *\n", shown.stdout)
    # The reply speaks in euros: the agent is asked the amount rather than given 389 €.
    draft = invoke("draft", "remboursement-attente", "--message", "-", "--no-input", input=message)
    assert draft.exit_code == 2 and "Valeurs manquantes\u00a0: montant" in draft.stderr
