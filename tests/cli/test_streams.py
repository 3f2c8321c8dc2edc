"""Streams as shells hand them over: closed, broken, not UTF-8, oddly sized — no traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from helpers import DRAFT

REPLY = "Madame,\n\nC'est de votre faute: 49,90 € !\n\nCdt\n"
MESSAGE = "Bonjour, ma commande 48213 de 49,90 € n'est toujours pas arrivée !\n"


def run(process_env, *args: str, stdin=None, input: bytes | None = None, **variables: str):
    return subprocess.run(
        [sys.executable, "-m", "reponse_cli", *args],
        env={**process_env, **variables},
        stdin=stdin,
        input=input,
        capture_output=stdin is None or input is not None,
        stdout=None if stdin is None or input is not None else subprocess.PIPE,
        timeout=60,
    )


@pytest.fixture
def reply(tmp_path: Path) -> Path:
    path = tmp_path / "reponse.txt"
    path.write_text(REPLY, encoding="utf-8")
    return path


def no_traceback(result) -> None:
    err = result.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err and "inattendue" not in err, err


def with_closed(process_env, fd: int, *args: str, capture: bool = True):
    """`reponse ARGS` started with file descriptor `fd` closed, as `>&-` or `<&-` do."""
    code = (
        "import os, subprocess, sys\n"
        f"os.close({fd})\n"
        f"sys.exit(subprocess.call([sys.executable, '-m', 'reponse_cli', *{list(args)!r}]))"
    )
    return subprocess.run(
        [sys.executable, "-c", code], env=process_env, capture_output=capture, timeout=60
    )


def test_a_closed_stdout_is_one_french_line(process_env, reply) -> None:
    result = with_closed(process_env, 1, "check", str(reply))
    assert result.returncode == 74
    assert "la sortie standard est fermée" in result.stderr.decode()
    no_traceback(result)


def test_a_closed_stdin_reads_as_empty(process_env) -> None:
    result = with_closed(process_env, 0, "listen", "-")
    assert result.returncode == 2
    assert "est vide" in result.stderr.decode()
    no_traceback(result)


def test_a_closed_stderr_still_gives_the_exit_code(process_env) -> None:
    assert with_closed(process_env, 2, "check", "/nulle/part", capture=False).returncode == 2


def test_a_broken_pipe_ends_quietly(process_env, tmp_path) -> None:
    big = tmp_path / "long.txt"
    big.write_text(MESSAGE * 5000, encoding="utf-8")
    shell = f"{sys.executable} -m reponse_cli check --fix {big} | head -c 10 >/dev/null"
    result = subprocess.run(
        ["bash", "-o", "pipefail", "-c", shell], env=process_env, capture_output=True, timeout=60
    )
    assert result.returncode in (0, 1, 74)
    no_traceback(result)


@pytest.mark.parametrize("encoding", ["latin-1", "ascii"])
def test_a_terminal_that_is_not_utf8_gets_the_nearest_characters(
    process_env, reply, configured, encoding
) -> None:
    checked = run(process_env, "check", str(reply), PYTHONIOENCODING=encoding)
    assert checked.returncode == 1
    no_traceback(checked)
    assert "faute" in checked.stdout.decode(encoding)
    drafted = run(
        process_env, *DRAFT, "--solution", "remboursement-port", PYTHONIOENCODING=encoding
    )
    assert drafted.returncode == 0
    no_traceback(drafted)
    text = drafted.stdout.decode(encoding)
    assert "4,90\u00a0EUR" in text or "4,90 EUR" in text  # not « 4,90 ? »


@pytest.mark.parametrize("columns", ["0", "1", "-5", "abc"])
def test_an_odd_columns_value_is_ignored(process_env, tmp_path, columns) -> None:
    message = tmp_path / "m.txt"
    message.write_text(MESSAGE, encoding="utf-8")
    result = run(process_env, "listen", str(message), COLUMNS=columns)
    assert result.returncode == 0
    no_traceback(result)
    out = result.stdout.decode()
    assert "48213" in out
    assert max(len(line) for line in out.splitlines()) > 20  # not one letter a line


@pytest.mark.parametrize("command", ["check", "listen"])
@pytest.mark.parametrize("locale", ["C", "C.UTF-8"])
def test_invalid_utf8_on_stdin_is_refused_as_for_a_file(
    process_env, tmp_path, command, locale
) -> None:
    data = b"Bonjour, ma commande " + b"\xff\xfe 48213\n"
    piped = run(process_env, command, "-", input=data, LC_ALL=locale)
    path = tmp_path / "m.txt"
    path.write_bytes(data)
    named = run(process_env, command, str(path), LC_ALL=locale)
    assert piped.returncode == named.returncode == 2
    assert "UTF-8" in piped.stderr.decode()
    no_traceback(piped)
    # The same message, the name of what was read aside.
    said = piped.stderr.decode()
    for name in ("l'entrée standard", "L'entrée standard"):
        said = said.replace(name, "X")
    assert said == named.stderr.decode().replace(str(path), "X")
