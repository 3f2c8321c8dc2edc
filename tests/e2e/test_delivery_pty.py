"""From the customer's e-mail to the reply, in a real terminal: the `.eml` in, the five
steps, « Copier » (the terminal's clipboard, OSC 52), the editor, the `.eml` out."""

from __future__ import annotations

import base64
import email
import email.policy
import json
import re
import shlex
from pathlib import Path

import pexpect
import pytest

from helpers import DRAFT
from terminal import (
    DOWN,
    ENTER,
    EXE,
    LATE_DELIVERY_FOR_AN_OCCASION,
    accept_and_record,
    answer,
    transcript,
)

pytestmark = pytest.mark.skipif(not EXE.exists(), reason="the reponse script is not installed")

MAILS = Path(__file__).resolve().parents[1] / "corpus" / "mail"
GMAIL = MAILS / "gmail-retard.eml"
REMOTE = {"SSH_TTY": "/dev/pts/7"}  # as over SSH: copies go to the terminal, never to this machine
STEPS = (
    "Civilité du client",
    "Numéro de commande",
    "Date de livraison promise",
    *LATE_DELIVERY_FOR_AN_OCCASION,  # the e-mail says it was for a birthday
)


def osc52(text: str) -> list[str]:
    found = re.findall(r"\x1b\]52;c;([A-Za-z0-9+/=]*)\x07", text)
    return [base64.b64decode(payload).decode("utf-8") for payload in found]


def through_the_steps(child: pexpect.spawn) -> None:
    """Every proposal accepted (the facts of the e-mail are the defaults)."""
    answer(child, "Quel type de litige", ENTER)  # the suggestion read in the e-mail
    for prompt in STEPS:
        answer(child, prompt, ENTER)


def write_state(process_env: dict, **state: object) -> None:
    """An interrupted draft whose five steps are answered: --resume goes to the review."""
    folder = Path(process_env["REPONSE_DATA_DIR"]) / "state"
    folder.mkdir(parents=True, exist_ok=True)
    answers = {
        "civilite": "madame",
        "commande": "48213",
        "date_promise": "2026-11-18",
        "frais_port": "4.90",
    }
    data = {"playbook": "retard-livraison", "answers": answers, "step": 5, **state}
    (folder / "brouillon-en-cours.json").write_text(json.dumps(data), encoding="utf-8")


def test_eml_in_then_enter_three_times_copies_body_then_subject_then_done(spawn) -> None:
    child = spawn("draft", "--message", str(GMAIL), **REMOTE)
    child.expect("Re: Commande 48213")  # who wrote and about what, from the headers
    child.expect("Mis à part, non lus\u00a0: messages cités")
    through_the_steps(child)
    child.expect("Objet")  # the subject in its own panel…
    child.expect("Texte")  # …and the body in another
    answer(child, "Que faire de ce brouillon", ENTER)  # « Copier le texte »
    child.expect("Texte envoyé au presse-papiers de votre terminal")
    answer(child, "Que faire de ce brouillon", ENTER)  # now « Copier l'objet »
    child.expect("Objet envoyé au presse-papiers")
    answer(child, "Que faire de ce brouillon", ENTER)  # now « Accepter »
    accept_and_record(child)
    child.close()
    assert child.exitstatus == 0
    body, subject = osc52(transcript(child))  # exactly two copies, in this order
    assert body.startswith("Madame, Monsieur,\n\nVotre commande 48213 devait vous parvenir")
    assert "Votre commande 48213 devait vous parvenir le 12 novembre 2026" in body
    assert "à temps pour l'anniversaire de votre fils" in body  # read in the e-mail
    assert body.rstrip().endswith("Camille Martin\nAtelier Exemple")
    assert "Objet" not in body
    assert subject == "Le point sur la livraison de votre commande 48213"


def test_eml_piped_in_edited_in_the_editor_on_the_terminal_then_eml_out(
    spawn, editor, tmp_path: Path
) -> None:
    target = tmp_path / "reponse.eml"
    command = (
        f"cat {shlex.quote(str(GMAIL))} | {shlex.quote(str(EXE))} draft --message - "
        f"--edit -o {shlex.quote(str(target))}"
    )
    child = spawn(
        shell=command,
        **REMOTE,
        **editor.variables(
            EDITOR_REPLACE="et vous l'attendez toujours.=>et vous l'attendez encore."
        ),
    )
    through_the_steps(child)
    child.expect("relu par le contrôle de ton\u00a0: rien à signaler")
    child.expect(r"modifié par vous")
    answer(child, "Que faire de ce brouillon", ENTER)  # writing a file: « Accepter » first
    child.expect(f"Brouillon écrit dans {target}")
    answer(child, "Étiqueter ce dossier", ENTER)  # the draft is recorded: no tags
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    # stdin was the e-mail, yet the editor had the terminal, and a private file.
    assert editor.runs() == ["tty=True,True mode=0o600 name=brouillon.txt"]
    message = email.message_from_bytes(target.read_bytes(), policy=email.policy.default)
    assert message["In-Reply-To"] == "<CAK8pX2bb222+fr@mail.gmail.com>"
    assert message["To"].addresses[0].addr_spec == "marie.dupont@exemple.fr"
    body = message.get_body(("plain",)).get_content()
    assert "vous l'attendez encore." in body and "attendez toujours" not in body


def test_modifier_le_texte_checks_again_and_the_edit_is_delivered(
    spawn, editor, process_env
) -> None:
    write_state(process_env)
    child = spawn(
        "draft",
        "--resume",
        **REMOTE,
        **editor.variables(EDITOR_REPLACE="Madame,=>Madame,\n\nCalmez-vous, c'est de votre faute."),
    )
    answer(child, "Que faire de ce brouillon", DOWN + DOWN + ENTER)  # « Modifier le texte »
    child.expect("relu par le contrôle de ton\u00a0: des remarques ci-dessous")
    child.expect("Erreur")
    child.expect("faute")
    # Changing a step now would lose the edit: the agent is asked first, and keeps it.
    answer(child, "Que faire de ce brouillon", DOWN + DOWN + DOWN + ENTER)
    answer(child, "vos retouches seront perdues", ENTER)  # « Garder mes retouches »
    answer(child, "Que faire de ce brouillon", DOWN + ENTER)  # « Accepter »
    text = accept_and_record(child)
    child.close()
    assert child.exitstatus == 0
    assert "Calmez-vous, c'est de votre faute." in text


def test_ctrl_c_in_the_editor_belongs_to_the_editor(spawn, editor, process_env) -> None:
    write_state(process_env)
    child = spawn(
        "draft",
        "--resume",
        "--edit",
        **REMOTE,
        **editor.variables(EDITOR_CTRL_C="1", EDITOR_REPLACE="Madame,=>Chère Madame,"),
    )
    child.expect("relu par le contrôle de ton")
    answer(child, "Que faire de ce brouillon", ENTER)  # « Copier le texte »
    child.expect("Texte envoyé au presse-papiers")
    (copied,) = osc52(transcript(child))
    assert copied.startswith("Chère Madame,")  # the editor lived through Ctrl-C, and so did we
    child.sendcontrol("c")
    child.expect(pexpect.EOF)


def test_scripted_copy_over_ssh_sends_osc52_to_the_terminal(spawn) -> None:
    child = spawn(*DRAFT, "--copy", **REMOTE)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    (copied,) = osc52(transcript(child))
    assert copied.startswith("Madame, Monsieur,") and "Objet" not in copied


def test_check_edit_reruns_the_check_on_what_the_agent_wrote(spawn, editor, tmp_path: Path) -> None:
    reply = tmp_path / "reponse.txt"
    reply.write_text("Madame,\n\nVotre colis part demain.\n\nBien cordialement,\n", "utf-8")
    child = spawn(
        "check",
        "--edit",
        str(reply),
        **editor.variables(EDITOR_REPLACE="Votre colis=>C'est impossible. Votre colis"),
    )
    child.expect(pexpect.EOF)
    child.close()
    assert "Texte modifié enregistré" in child.before
    assert "impossible" in child.before
    assert "C'est impossible." in reply.read_text(encoding="utf-8")
    assert editor.runs()[0].startswith("tty=True,True")
