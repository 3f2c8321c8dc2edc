"""`reponse draft` in a real pseudo-terminal, answered like an agent would (pexpect).

Like copier's tests: spawn the installed command, wait for each prompt, type, check.
"""

from __future__ import annotations

import json
from pathlib import Path

import pexpect
import pytest

from terminal import (
    CTRL_C,
    DOWN,
    ENTER,
    ESC,
    EXE,
    LATE_DELIVERY_REST,
    SPACE,
    UP,
    accept_and_record,
    answer,
)

pytestmark = pytest.mark.skipif(not EXE.exists(), reason="the reponse script is not installed")


def test_agent_walks_the_five_steps_goes_back_once_and_gets_the_draft(spawn) -> None:
    child = spawn("draft", "retard-livraison")
    answer(child, "Avez-vous le message du client", DOWN + ENTER)  # no message at hand
    answer(child, "Civilité du client", UP + UP + ENTER)  # Madame
    answer(child, "Numéro de commande", "48213" + ENTER)
    answer(child, "Date de livraison promise", "18/11/2026" + ENTER)
    answer(child, "occasion précise", UP + ENTER)  # Oui
    answer(child, "Pour quelle occasion", "l'anniversaire de votre neveu" + ENTER)
    answer(child, "Délai supplémentaire", ENTER)  # Non
    answer(child, "Où en est le colis", DOWN + DOWN + ENTER)  # not shipped yet
    answer(child, "Ce texte vous convient-il", ENTER)
    # Step 2: change one's mind and go back to the listening step.
    answer(child, "Qui est responsable", UP + ENTER)  # « ← Revenir à l'étape précédente »
    child.expect("Étape 1/5")
    answer(child, "Civilité du client", ENTER)  # every answer is offered back
    answer(child, "Numéro de commande", ENTER)
    answer(child, "Date de livraison promise", ENTER)
    answer(child, "occasion précise", ENTER)
    answer(child, "Pour quelle occasion", ENTER)
    answer(child, "Délai supplémentaire", ENTER)
    answer(child, "Où en est le colis", ENTER)
    answer(child, "Ce texte vous convient-il", ENTER)
    answer(child, "Qui est responsable", ENTER)  # Notre erreur
    answer(child, "Ce texte vous convient-il", ENTER)  # the apology as proposed
    answer(child, "Quelle phrase d'empathie", ENTER)
    answer(child, "Ce texte vous convient-il", ENTER)
    # The date was essential: cancellation is offered; express is the default fix.
    answer(child, "Quelles solutions proposer", DOWN + SPACE + ENTER)  # + annulation
    answer(child, "Délai de l'envoi express", ENTER)
    answer(child, "Frais de livraison payés", ENTER)
    # The agent rewrites the express sentence in their own words, on the spot.
    answer(child, "Les phrases des solutions", DOWN + ENTER)
    answer(child, "Ce texte vous convient-il", DOWN + ENTER)  # « Le modifier ici »
    answer(child, "Votre texte", "\x15Votre colis part ce soir en express, à nos frais." + ENTER)
    answer(child, "Les phrases des solutions", ENTER)  # keep them now
    answer(child, "Quelle étape la réponse promet", ENTER)
    answer(child, "Ce texte vous convient-il", ENTER)
    child.expect("Étapes")
    answer(child, "Que faire de ce brouillon", DOWN + ENTER)  # accept (below « Copier »)
    text = accept_and_record(child)
    assert "Madame,\n" in text
    assert "Votre commande 48213 devait vous parvenir le 18 novembre 2026" in text
    assert "à temps pour l'anniversaire de votre neveu" in text
    assert "pas encore parti de notre entrepôt" in text
    assert "- Votre colis part ce soir en express, à nos frais." in text
    assert "Je vous propose, au choix" in text and "j'annule la commande" in text
    assert "En plus, je vous rembourse les frais de livraison, soit 4,90" in text
    assert text.rstrip().endswith("Camille Martin\nAtelier Exemple")
    child.close()
    assert child.exitstatus == 0


def test_ctrl_c_keeps_the_answers_and_resume_offers_them_back(spawn) -> None:
    child = spawn("draft", "prix-facture")
    answer(child, "Avez-vous le message du client", DOWN + ENTER)
    answer(child, "Civilité du client", UP + ENTER)  # Monsieur
    answer(child, "Numéro de la facture", "F-2026-118" + ENTER)
    answer(child, "Prix annoncé au client", "500" + ENTER)
    child.expect("Montant facturé")
    child.send(CTRL_C)
    child.expect("draft --resume")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "Traceback" not in child.before

    child = spawn("draft", "--resume")
    answer(child, "Civilité du client", ENTER)
    child.expect("Numéro de la facture")
    child.expect("F-2026-118")  # offered back as the default
    child.send(ENTER)
    child.expect("Prix annoncé au client")
    child.expect("500")
    child.send(ENTER)
    answer(child, "Montant facturé", "600" + ENTER)
    child.expect("D'où vient l'écart")
    child.send(CTRL_C)
    child.expect(pexpect.EOF)


MESSAGE = (
    "Bonjour, commande n° 48213 passée le 3 novembre. La livraison était prévue le 12/11 "
    "et toujours rien. Si ça continue je porterai plainte."
)


def walk_to_the_end(child: pexpect.spawn) -> str:
    """Accept every proposal (the facts read in the message are the defaults)."""
    answer(child, "Civilité du client", ENTER)
    child.expect("Numéro de commande")
    child.expect("48213")  # pre-filled from the message
    child.send(ENTER)
    child.expect("Date de livraison promise")
    child.expect("12/11/2026")
    child.send(ENTER)
    for prompt in LATE_DELIVERY_REST:
        answer(child, prompt, ENTER)
    answer(child, "Que faire de ce brouillon", DOWN + ENTER)  # accept
    return accept_and_record(child)


def test_pasting_the_message_suggests_the_playbook_and_fills_the_facts(spawn) -> None:
    child = spawn("draft")
    answer(child, "Avez-vous le message du client", ENTER)  # paste it
    answer(child, "Collez le message", MESSAGE + "\x1b" + ENTER)  # Esc, Enter: done
    child.expect("Signaux d'escalade")
    child.expect("Menace juridique")
    child.expect("Quel type de litige")
    child.expect("Suggérés par le message")
    child.send(ENTER)  # the suggestion is preselected
    text = walk_to_the_end(child)
    assert "Votre commande 48213 devait vous parvenir le 12 novembre 2026" in text


def test_message_read_from_stdin_then_prompts_on_the_terminal(spawn) -> None:
    child = spawn("draft", "--message", "-")
    child.sendline(MESSAGE)
    child.sendeof()
    child.expect("Menace juridique")
    answer(child, "Quel type de litige", ENTER)
    text = walk_to_the_end(child)
    assert "votre commande 48213" in text


def test_init_asks_each_setting_and_refuses_the_closed_odr_link(spawn, process_env) -> None:
    child = spawn("init")
    answer(child, "Votre prénom et nom", "\x15Léa Dubois" + ENTER)
    answer(child, "Nom de votre entreprise", "\x15Atelier Léa" + ENTER)
    # The signature is typed as it will be read, on several lines.
    answer(child, "Signature complète", "Léa Dubois" + ENTER + "Atelier Léa, Lyon" + ESC + ENTER)
    answer(child, "Adresse e-mail", ENTER)
    answer(child, "Nom de votre médiateur", ENTER)
    answer(child, "Site internet du médiateur", "\x15https://ec.europa.eu/consumers/odr" + ENTER)
    child.expect("a fermé")  # the validation message, and the prompt stays
    child.expect("votre médiateur de la consommation")  # the end: whole, not cut at the edge
    child.send("\x15https://www.mediation-exemple.fr" + ENTER)
    # The order numbers are asked by example; the pattern is derived and shown.
    answer(child, "numéros de commande", "CMD-2026-0817, CMD-2026-1203" + ENTER)
    child.expect(r"motif de vos numéros de commande\u00a0: CMD-\\d\{4\}-\\d\{4\}")
    child.expect("Configuration enregistrée")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    saved = Path(process_env["REPONSE_CONFIG"]).read_text(encoding="utf-8")
    assert "agent: Léa Dubois" in saved and "mediation-exemple.fr" in saved
    assert "signature: |-\n  Léa Dubois\n  Atelier Léa, Lyon\n" in saved  # as it reads
    assert "motif_commande: CMD-\\d{4}-\\d{4}" in saved


@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGHUP"])
def test_a_signal_keeps_the_answers_of_the_step_in_progress(spawn, signal_name) -> None:
    import signal

    child = spawn("draft", "prix-facture")
    answer(child, "Avez-vous le message du client", DOWN + ENTER)
    answer(child, "Civilité du client", UP + ENTER)  # Monsieur
    answer(child, "Numéro de la facture", "F-2026-118" + ENTER)
    child.expect("Prix annoncé au client")  # still in step 1
    child.expect(r"\?|»|\(")  # the prompt has finished drawing
    child.kill(getattr(signal, signal_name))
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130, child.before
    assert "Traceback" not in child.before

    child = spawn("draft", "--resume")
    answer(child, "Civilité du client", ENTER)
    child.expect("Numéro de la facture")
    child.expect("F-2026-118")


def test_two_interrupted_drafts_are_both_offered_newest_first(spawn) -> None:
    for playbook, prompt in (("prix-facture", "Civilité"), ("retard-livraison", "Civilité")):
        child = spawn("draft", playbook)
        answer(child, "Avez-vous le message du client", DOWN + ENTER)
        answer(child, prompt, CTRL_C)
        child.expect(pexpect.EOF)
    child = spawn("draft")
    child.expect("2 brouillon\\(s\\) interrompu\\(s\\)")  # a new draft says they are kept
    child.close(force=True)
    child = spawn("draft", "--resume")
    child.expect("Quel brouillon interrompu reprendre")
    child.expect("retard-livraison")  # the newest first
    child.expect("prix-facture")
    child.send(DOWN + ENTER)
    answer(child, "Civilité du client", ENTER)
    child.expect("Numéro de la facture")  # the older one: prix-facture


def test_an_unusable_state_folder_is_a_warning_and_the_draft_goes_on(spawn, process_env) -> None:
    state = Path(process_env["REPONSE_DATA_DIR"]) / "state"
    state.parent.mkdir(parents=True, exist_ok=True)
    state.write_text("un fichier, pas un dossier", encoding="utf-8")
    child = spawn("draft", "retard-livraison")
    answer(child, "Avez-vous le message du client", DOWN + ENTER)
    answer(child, "Civilité du client", ENTER)
    answer(child, "Numéro de commande", "48213" + ENTER)
    answer(child, "Date de livraison promise", "18/11/2026" + ENTER)
    for prompt in (
        "occasion précise",
        "Délai supplémentaire",
        "Où en est le colis",
        "Nouvelle date",
        "manqué au livreur",
        "Ce texte vous convient-il",
    ):
        answer(child, prompt, ENTER)
    child.expect("ne peuvent pas être gardées")
    child.expect("Qui est responsable")  # the draft goes on


def spawn_plain(args: list[str], env: dict[str, str]) -> pexpect.spawn:
    """A command whose output is read whole (no prompt to answer)."""
    return pexpect.spawn(str(EXE), args, env=env, encoding="utf-8", timeout=15)


def test_a_week_of_one_dispute_message_dossier_follow_up_close(spawn, process_env) -> None:
    """Paste the message, accept and tag the draft; days later do the follow-up; close it
    with the customer's satisfaction — all in a real terminal."""
    child = spawn("draft")
    answer(child, "Avez-vous le message du client", ENTER)
    answer(child, "Collez le message", MESSAGE + "\x1b" + ENTER)
    answer(child, "Quel type de litige", ENTER)
    answer(child, "Civilité du client", ENTER)
    for prompt in ("Numéro de commande", "Date de livraison promise", *LATE_DELIVERY_REST):
        answer(child, prompt, ENTER)
    answer(child, "Que faire de ce brouillon", DOWN + ENTER)  # accept
    child.expect("Texte à copier")
    child.expect(r"Enregistré : dossier n° 1, prochain suivi le 23 novembre")
    answer(child, "Étiqueter ce dossier", DOWN + ENTER)  # Oui
    answer(child, "Transporteur", "Colissimo" + ENTER)
    answer(child, "Produit", ENTER)
    answer(child, "Cause", "retard entrepôt" + ENTER)
    child.expect("Étiquettes : cause:retard entrepôt, transporteur:colissimo")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    later = {**process_env, "REPONSE_TODAY": "2026-11-24"}
    child = spawn_plain(["suivi"], later)
    child.expect("Confirmer la solution")
    child.expect("Comme convenu, voici ce que nous mettons en place pour votre")
    child.expect("48213")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    child = spawn("dossiers", "close", "1")
    answer(child, "Comment le litige s'est-il terminé", ENTER)  # résolu comme proposé
    answer(child, "Satisfaction du client", DOWN + ENTER)  # 4
    answer(child, "Son commentaire", "Livré à temps, merci" + ENTER)
    child.expect(r"Dossier n° 1 résolu \(résolu comme proposé\)")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    child = spawn_plain(["dossiers", "show", "1", "--format", "json"], process_env)
    child.expect(pexpect.EOF)
    data = json.loads(child.before)
    assert data["satisfaction"] == {
        "score": 4,
        "comment": "Livré à temps, merci",
        "result": "resolu",
    }
    assert [e["category"] for e in data["escalation"]] == ["legal"]  # « je porterai plainte »
    assert data["tags"] == ["cause:retard entrepôt", "transporteur:colissimo"]
