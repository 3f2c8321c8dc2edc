"""`reponse playbooks new` in a real terminal: the new file opens in the agent's editor,
and what they wrote is validated when the editor closes."""

from __future__ import annotations

from pathlib import Path

import pexpect
import pytest

from terminal import EXE

pytestmark = pytest.mark.skipif(not EXE.exists(), reason="the reponse script is not installed")


def test_new_opens_the_editor_then_validates_what_was_written(spawn, editor, process_env):
    written = "Décrivez la situation en une phrase=>Le colis ne bouge plus"
    child = spawn(
        "playbooks", "new", "colis-bloque", "--family", "contractuel",
        **editor.variables(EDITOR_REPLACE=written),
    )  # fmt: skip
    child.expect("Playbook créé")
    child.expect("Playbook valide\u00a0: reponse draft colis-bloque pour l'essayer")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert editor.runs()[0].startswith("tty=True,True")  # on the agent's terminal
    path = Path(process_env["REPONSE_DATA_DIR"]) / "playbooks" / "colis-bloque.yaml"
    assert "description: Le colis ne bouge plus" in path.read_text(encoding="utf-8")


def test_a_slip_made_in_the_editor_is_said_with_its_line(spawn, editor, process_env):
    child = spawn(
        "playbooks", "new", "colis-bloque",
        **editor.variables(EDITOR_REPLACE="title: Colis bloque=>title: Colis : bloqué"),
    )  # fmt: skip
    child.expect("colis-bloque.yaml:\\d+")
    child.expect("À corriger, puis\u00a0: reponse playbooks validate")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0  # the file is there, to fix


def test_no_edit_only_writes_the_file(spawn, editor):
    child = spawn("playbooks", "new", "colis-bloque", "--no-edit", **editor.variables())
    child.expect("À remplir, puis\u00a0: reponse playbooks validate")
    child.expect(pexpect.EOF)
    assert editor.runs() == []
