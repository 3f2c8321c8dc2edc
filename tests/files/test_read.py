"""Shared folders cannot leak or hang: links leaving the folder and special files."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from helpers import MINIMAL
from reponse_cli.errors import FileProblems
from reponse_cli.files.read import TooLarge, folder_files, inside, read_limited
from reponse_cli.files.yaml import read_text

SECRET = "root:x:0:0:secret-de-la-machine"


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A file outside every folder reponse reads, like /etc/passwd."""
    path = tmp_path / "ailleurs" / "passwd"
    path.parent.mkdir()
    path.write_text(SECRET + "\n", encoding="utf-8")
    return path


@pytest.fixture
def folder(write_playbook) -> Path:
    return write_playbook().parent


def test_a_playbook_link_leaving_the_folder_is_never_read(invoke, folder, secret) -> None:
    (folder / "x.yaml").symlink_to(secret)
    listed = invoke("playbooks", "list", "--playbooks", str(folder), "--format", "json")
    assert listed.exit_code == 0
    assert "lien vers un fichier hors du dossier" in listed.stderr
    assert SECRET not in listed.output
    drafted = invoke("draft", "x", "--playbooks", str(folder), "--no-input")
    assert drafted.exit_code == 2 and SECRET not in drafted.output
    validated = invoke("playbooks", "validate", str(folder))
    assert validated.exit_code == 1
    assert "hors du dossier" in validated.stdout and SECRET not in validated.output


def test_nothing_of_a_leaking_link_reaches_the_cache(invoke, folder, secret, isolated) -> None:
    (folder / "x.yaml").symlink_to(secret)
    invoke("playbooks", "list", "--playbooks", str(folder))
    cache = isolated / "data" / "cache"
    for entry in cache.rglob("*"):
        if entry.is_file():
            assert b"secret-de-la-machine" not in entry.read_bytes()


def test_a_link_inside_the_folder_still_works(invoke, folder) -> None:
    (folder / "alias.yaml").symlink_to(folder / "essai.yaml")
    listed = invoke("playbooks", "list", "--playbooks", str(folder), "--format", "json")
    assert "alias" in listed.stdout and listed.stderr == ""


def test_special_files_in_a_folder_are_skipped_not_read(invoke, folder) -> None:
    os.mkfifo(folder / "tube.yaml")
    (folder / "zero.yaml").symlink_to("/dev/zero")
    start = time.monotonic()
    listed = invoke("playbooks", "list", "--playbooks", str(folder), "--format", "json")
    assert time.monotonic() - start < 10
    assert listed.exit_code == 0
    assert '"essai"' in listed.stdout and "tube" not in listed.stdout
    assert [p.name for p in folder_files(folder, [".yaml"])] == ["essai.yaml"]


def test_an_include_of_a_link_leaving_the_template_folder_is_refused(
    invoke, write_playbook, secret
) -> None:
    path = write_playbook(
        "fuite", MINIMAL.replace("Toutes nos excuses.", "\"{% include 'leak.txt' %}\"")
    )
    (path.parent / "leak.txt").symlink_to(secret)
    result = invoke("draft", str(path), "--no-input", "--set", "commande=1")
    assert result.exit_code == 2
    assert "hors du dossier des modèles" in result.stderr
    assert SECRET not in result.output


def test_an_include_of_a_fifo_is_refused_not_awaited(invoke, write_playbook) -> None:
    path = write_playbook(
        "tube", MINIMAL.replace("Toutes nos excuses.", "\"{% include 'f.txt' %}\"")
    )
    os.mkfifo(path.parent / "f.txt")
    result = invoke("draft", str(path), "--no-input", "--set", "commande=1")
    assert result.exit_code == 2
    assert "n'est pas un fichier ordinaire" in result.stderr


def test_a_rule_file_link_leaving_the_folder_is_refused(invoke, tmp_path, secret) -> None:
    rules = tmp_path / "regles"
    rules.mkdir()
    (rules / "r.yaml").symlink_to(secret)
    reply = tmp_path / "r.txt"
    reply.write_text("Madame,\n\nMerci.\n", encoding="utf-8")
    result = invoke("check", str(reply), "--rules", str(rules))
    assert result.exit_code == 2
    assert "hors du dossier" in result.stderr and SECRET not in result.output


def test_a_yaml_file_named_on_the_command_line_must_be_regular(tmp_path) -> None:
    fifo = tmp_path / "reponses.yaml"
    os.mkfifo(fifo)
    with pytest.raises(FileProblems, match="pas un fichier ordinaire"):
        read_text(fifo)
    with pytest.raises(FileProblems, match="pas un fichier ordinaire"):
        read_text(Path("/dev/zero"))


def test_reads_are_bounded(tmp_path) -> None:
    with pytest.raises(TooLarge):
        read_limited(Path("/dev/zero"), 1000, regular_only=False)
    big = tmp_path / "gros.yaml"
    big.write_bytes(b"a: b\n" * 500_000)
    with pytest.raises(FileProblems, match="fichier trop gros"):
        read_text(big)


def test_a_fifo_named_as_a_message_is_read_like_a_pipe(invoke, tmp_path) -> None:
    fifo = tmp_path / "message"
    os.mkfifo(fifo)

    def write() -> None:
        with fifo.open("w", encoding="utf-8") as handle:
            handle.write("Bonjour, toujours pas reçu ma commande 48213.\n")

    threading.Thread(target=write, daemon=True).start()
    result = invoke("listen", str(fifo), "--format", "json")
    assert result.exit_code == 0 and "48213" in result.stdout


def test_inside_follows_links(tmp_path, secret) -> None:
    (tmp_path / "dossier").mkdir()
    (tmp_path / "dossier" / "lien").symlink_to(secret)
    (tmp_path / "dossier" / "voisin").symlink_to("../dossier/../dossier")
    assert not inside(tmp_path / "dossier" / "lien", tmp_path / "dossier")
    assert inside(tmp_path / "dossier" / "voisin", tmp_path / "dossier")
    assert inside(secret, secret.parent)
