"""The Python API a merchant's script uses: draft, listen, check."""

from __future__ import annotations

import subprocess
import sys

import pytest

import reponse_cli
from reponse_cli.errors import MissingValues, ReponseError

SETTINGS = {"agent": "Camille Martin", "entreprise": "Atelier Exemple"}


def test_draft_from_a_playbook_and_answers(env) -> None:
    draft = reponse_cli.draft(
        "retard-livraison",
        {"civilite": "madame", "commande": "48213", "date_promise": "18/11/2026"},
        solutions=["renvoi-express"],
        settings=SETTINGS,
        env=env,
    )
    assert draft.subject == "Le point sur la livraison de votre commande 48213".replace(
        " :", "\u00a0:"
    )
    assert draft.text.startswith("Madame,\n")
    assert "le 18 novembre 2026" in draft.text
    assert draft.text.rstrip().endswith("Camille Martin\nAtelier Exemple")
    assert draft.check["ok"] is True
    assert draft.as_json()["solutions"] == ["renvoi-express"]


def test_draft_errors_are_the_commands_french_messages(env) -> None:
    with pytest.raises(MissingValues) as missing:
        reponse_cli.draft("retard-livraison", {"occasion": True}, env=env)
    assert missing.value.missing == ["evenement"]
    with pytest.raises(ReponseError, match="Vouliez-vous dire"):
        reponse_cli.draft("retard-livrason", env=env)


def test_listen_reads_a_message(env) -> None:
    reading = reponse_cli.listen(
        "Bonjour, commande n° 48213 prévue le 12/11 et toujours rien reçu. Je vais porter plainte.",
        env=env,
    )
    assert reading.candidates[0].family == "contractuel"
    assert reading.facts.orders == ["48213"]
    assert {signal.category for signal in reading.escalation} == {"legal"}


def test_check_gives_the_verdict(env) -> None:
    verdict = reponse_cli.check("Madame,\n\nC'est de votre faute.\n\nCdt", env=env)
    assert verdict.ok is False
    assert "faute-client" in {f.rule for f in verdict.findings}
    assert verdict.as_json()["steps"]["greeting"] is True


def test_importing_the_package_loads_nothing_heavy() -> None:
    code = (
        "import sys, reponse_cli\n"
        "print(sorted(m for m in ('jinja2', 'yaml', 'rich', 'msgspec') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "[]"
