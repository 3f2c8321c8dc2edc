"""The learned escalation detector beside the rules: what it adds, what it leaves calm."""

from __future__ import annotations

import datetime as dt
import json
import zlib
from collections import Counter
from pathlib import Path

import pytest

from helpers import weights_read_by
from reponse_cli.env import Environment
from reponse_cli.listening.alarm import ESCALATION_MODEL, escalation_model, hashed
from reponse_cli.listening.engine import Listener
from reponse_cli.listening.signals import find_escalation
from reponse_cli.playbooks.library import Library
from reponse_cli.text.grams import letter_groups

TODAY = dt.date(2026, 11, 25)


@pytest.fixture(scope="module")
def listener() -> Listener:
    loaded = Library(Environment(variables={"REPONSE_NO_CACHE": "1"})).load_all()
    return Listener({pid: spec for pid, (_, spec) in loaded.items()})


def test_the_shipped_detectors_are_read_once() -> None:
    model = escalation_model()
    assert model is not None and ESCALATION_MODEL.is_file()
    assert set(model.kinds) == {"legal", "authority", "bank", "public", "insult"}
    assert escalation_model() is model


def test_buckets_are_the_letter_groups_hashed() -> None:
    """The shortcut (each distinct word hashed once) counts what the export trained on."""
    text = "Je vais faire OPPOSITION, opposition je vous dis ! Et l'avis suivra."
    expected = Counter(zlib.crc32(g.encode()) % 4096 for g in letter_groups(text))
    assert hashed(text, 4096) == expected


# Written for this test: the customer threatens a bank chargeback in words the rules'
# list does not have.
CHARGEBACK = (
    "Bonjour, j'attends toujours le remboursement des 84 € depuis trois semaines. "
    "Mon conseiller à la banque m'a expliqué comment récupérer l'argent directement "
    "sur ma carte, et c'est ce que je ferai vendredi si rien n'arrive d'ici là. "
    "Merci de faire le nécessaire."
)


def test_an_escalation_the_rules_miss_is_found_and_placed(listener: Listener) -> None:
    assert "bank" not in {e.category for e in find_escalation(CHARGEBACK)}
    reading = listener.read(CHARGEBACK, TODAY)
    found = {e.category: e for e in reading.escalation}
    assert "bank" in found
    bank = found["bank"]
    assert bank.source == "model" and bank.probability is not None
    assert "sur ma carte" in bank.excerpt  # the sentence that says it, not the whole message
    shown = bank.as_json()
    assert shown["source"] == "model" and 0 < shown["probability"] <= 1
    assert "selon le modèle appris" in bank.heading()


def test_the_table_and_json_say_who_found_it(invoke) -> None:
    table = invoke("listen", "-", input=CHARGEBACK)
    assert table.exit_code == 0, table.stderr
    assert "Contestation bancaire selon le modèle appris" in table.stdout
    data = json.loads(invoke("listen", "-", "--format", "json", input=CHARGEBACK).stdout)
    sources = {e["category"]: e["source"] for e in data["escalation"]}
    assert sources["bank"] == "model"


def test_what_the_rules_find_is_marked_as_theirs(listener: Listener) -> None:
    reading = listener.read("Si je n'ai pas de réponse, je saisirai le tribunal.", TODAY)
    legal = [e for e in reading.escalation if e.category == "legal"]
    assert legal and legal[0].source == "rules" and legal[0].probability is None


@pytest.mark.parametrize(
    "text",
    [
        # Written for this test: a lawyer, and no threat.
        "Bonjour, je suis avocate et je commande souvent chez vous pour le cabinet. "
        "Le dernier colis est arrivé avec une agrafeuse cassée : pouvez-vous l'échanger ?",
        "Je travaille dans un cabinet d'avocats et j'ai commandé douze chaises de bureau : "
        "deux sont arrivées avec un pied tordu. Pouvez-vous renvoyer les pièces ?",
    ],
)
def test_a_calm_message_naming_a_lawyer_stays_calm(listener: Listener, text: str) -> None:
    assert listener.read(text, TODAY).escalation == []


def test_only_reading_a_message_loads_the_detectors(
    tmp_path: Path, configured: Path, process_env: dict[str, str]
) -> None:
    reply = tmp_path / "reponse.txt"
    reply.write_text("Bonjour Madame,\n\nVotre colis part demain.\n\nBien cordialement,\n")
    message = tmp_path / "message.txt"
    message.write_text(CHARGEBACK, encoding="utf-8")
    draft = ["draft", "retard-livraison", "--no-input", "--set", "commande=48213"]
    draft += ["--set", "date_promise=18/11/2026", "--no-record"]
    runs = [["--help"], ["check", str(reply)], draft, ["listen", str(message)]]
    read, stdout, stderr = weights_read_by(runs, ESCALATION_MODEL, process_env)
    assert "Votre commande 48213" in stdout, stderr  # the draft was written
    # --help, check and the scripted draft never read it; reading a message does.
    assert read == [False] * 3 + [True], stderr
