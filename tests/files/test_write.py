"""The one writer: through links and special files, modes kept, a full disk said as such."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from helpers import DRAFT
from reponse_cli.errors import IOFailure
from reponse_cli.files.write import write_atomic

BAD = "Madame,\n\nMerci de votre message: nous regardons.\n\nBien cordialement,\nSam\n"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_full_disk_is_reported_as_such_and_the_device_stays(invoke, configured) -> None:
    result = invoke(*DRAFT, "--output", "/dev/full")
    assert result.exit_code == 74
    assert "disque plein" in result.stderr
    assert stat.S_ISCHR(Path("/dev/full").stat().st_mode)


def test_a_character_device_is_written_to_not_replaced(invoke, configured) -> None:
    result = invoke(*DRAFT, "--output", "/dev/null")
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISCHR(Path("/dev/null").stat().st_mode)


def test_a_fifo_receives_the_draft_and_stays_a_fifo(invoke, configured, tmp_path) -> None:
    fifo = tmp_path / "tube"
    os.mkfifo(fifo)
    received: list[str] = []

    def read() -> None:
        with fifo.open(encoding="utf-8") as handle:
            received.append(handle.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    result = invoke(*DRAFT, "--output", str(fifo))
    reader.join(10)
    assert result.exit_code == 0, result.stderr
    assert received and received[0].startswith("Objet")
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_symlink_is_written_through_to_its_target(invoke, configured, tmp_path) -> None:
    target = tmp_path / "vrai.txt"
    target.write_text("ancien", encoding="utf-8")
    target.chmod(0o640)
    link = tmp_path / "lien.txt"
    link.symlink_to(target)
    result = invoke(*DRAFT, "--output", str(link))
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8").startswith("Objet")
    assert mode(target) == 0o640


def test_a_dangling_symlink_creates_its_target(tmp_path) -> None:
    link = tmp_path / "lien.txt"
    link.symlink_to(tmp_path / "nouveau.txt")
    write_atomic(link, "texte", private=True)
    assert link.is_symlink() and (tmp_path / "nouveau.txt").read_text() == "texte"
    assert mode(tmp_path / "nouveau.txt") == 0o600


def test_fix_in_place_keeps_a_private_reply_private(invoke, tmp_path) -> None:
    reply = tmp_path / "reponse.txt"
    reply.write_text(BAD, encoding="utf-8")
    reply.chmod(0o600)
    result = invoke("check", str(reply), "--fix", "--in-place")
    assert "correction" in result.stderr
    assert "\u00a0:" in reply.read_text(encoding="utf-8")
    assert mode(reply) == 0o600


def test_a_new_output_is_private_by_default(invoke, configured, tmp_path) -> None:
    out = tmp_path / "brouillon.txt"
    assert invoke(*DRAFT, "--output", str(out)).exit_code == 0
    assert mode(out) == 0o600


def test_a_folder_is_not_a_file(tmp_path) -> None:
    with pytest.raises(IOFailure, match="c'est un dossier"):
        write_atomic(tmp_path, "texte")
