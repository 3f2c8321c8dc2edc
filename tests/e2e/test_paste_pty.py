"""`reponse listen` and `reponse check` in a real terminal, without a file: a box to paste
into, or « - » with what to press to finish — never a usage error nor a silent wait."""

from __future__ import annotations

import pexpect
import pytest

from terminal import ENTER, EXE

pytestmark = pytest.mark.skipif(not EXE.exists(), reason="the reponse script is not installed")

ESC = "\x1b"
MESSAGE = (
    "Bonjour, ma commande 48213 devait arriver le 12/11, c'était pour l'anniversaire de ma "
    "fille. Le suivi ne bouge plus depuis lundi dernier.\rMme Dupont"
)
REPLY = "Bonjour,\rC'est de votre faute, vous avez mal rempli l'adresse.\rCdt"


def test_listen_alone_opens_a_paste_box_naming_the_clipboard_command(spawn) -> None:
    child = spawn("listen", WAYLAND_DISPLAY="wayland-0")
    child.expect("wl-paste \\| reponse listen -")
    child.expect("Collez le message du client")
    child.expect("Échap puis Entrée pour valider")
    child.send(MESSAGE)
    child.send(ESC + ENTER)
    child.expect("Playbooks proposés")
    child.expect("Occasion\u00a0: +l'anniversaire de votre fille")
    child.expect("le suivi ne bouge plus")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_check_alone_opens_a_paste_box_and_reads_the_reply(spawn) -> None:
    child = spawn("check")
    child.expect("Collez la réponse à relire")
    child.send(REPLY)
    child.send(ESC + ENTER)
    child.expect("c'est de votre faute|de votre faute")
    child.expect("Étapes")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1  # an error found: blame


def test_nothing_pasted_says_so_in_french(spawn) -> None:
    child = spawn("listen")
    child.expect("Collez le message du client")
    child.send(ESC + ENTER)
    child.expect("Rien à lire\u00a0: rien n'a été collé")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2


def test_dash_in_a_terminal_says_to_finish_with_ctrl_d(spawn) -> None:
    child = spawn("listen", "-")
    child.expect("Collez le message du client, puis Ctrl-D")
    child.sendline("Ma commande 48213 n'est toujours pas arrivée, le suivi ne bouge plus.")
    child.sendeof()
    child.expect("Playbooks proposés")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
