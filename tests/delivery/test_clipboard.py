"""Copying: the machine's clipboard locally, the terminal's (OSC 52) over SSH, tmux's
buffer in tmux, and one French line when none of them can work."""

from __future__ import annotations

import base64
import os
import re
import shutil
import subprocess

import pytest

from reponse_cli.delivery.clipboard import copy_text, osc52_sequence
from reponse_cli.env import Environment

TEXT = "Madame,\n\nJe vous présente toutes nos excuses\u00a0: « désolée ».\n"


@pytest.fixture
def terminal():
    """A real pseudo-terminal: the agent's, as `env.tty_path`; read what reached it."""
    master, slave = os.openpty()
    path = os.ttyname(slave)

    def received() -> bytes:
        os.set_blocking(master, False)
        chunks = b""
        try:
            while chunk := os.read(master, 65536):
                chunks += chunk
        except BlockingIOError:
            pass
        return chunks

    yield path, received
    os.close(master)
    os.close(slave)


def env_with(env_vars, clipboard=None, tty_path="/nonexistent/tty", **variables) -> Environment:
    return Environment(
        variables={**env_vars, "TERM": "xterm-256color", **variables},
        clipboard=clipboard,
        tty_path=tty_path,
    )


def osc52_payloads(data: bytes) -> list[str]:
    return [
        base64.b64decode(m).decode("utf-8") for m in re.findall(rb"\x1b\]52;c;([^\x07]*)\x07", data)
    ]


def test_locally_the_machines_clipboard(env_vars, clipboard, terminal) -> None:
    path, received = terminal
    copied = copy_text(env_with(env_vars, clipboard, path), TEXT)
    assert copied.how == "local" and copied.ok
    assert clipboard.copied == [TEXT]
    assert received() == b""  # nothing sent to the terminal
    assert copied.message() == "Texte copié dans le presse-papiers."


def test_over_ssh_the_terminals_clipboard_not_the_remote_machines(
    env_vars, clipboard, terminal
) -> None:
    path, received = terminal
    env = env_with(env_vars, clipboard, path, SSH_TTY="/dev/pts/3")
    copied = copy_text(env, TEXT)
    assert copied.how == "osc52"
    assert clipboard.copied == []
    assert osc52_payloads(received()) == [TEXT]


def test_over_ssh_with_a_forwarded_display_the_clipboard_is_local(env_vars, clipboard) -> None:
    env = env_with(env_vars, clipboard, SSH_CONNECTION="10.0.0.2 5022 10.0.0.1 22", DISPLAY=":10")
    assert copy_text(env, TEXT).how == "local"


def test_no_clipboard_here_falls_back_to_osc52(env_vars, clipboard, terminal) -> None:
    path, received = terminal
    clipboard.broken = True  # a machine without display, xclip or wl-copy
    assert copy_text(env_with(env_vars, clipboard, path), TEXT).how == "osc52"
    assert osc52_payloads(received()) == [TEXT]


@pytest.mark.parametrize(
    ("variables", "reason"),
    [
        ({"SSH_TTY": "/dev/pts/3", "TERM": "dumb"}, "TERM=dumb"),
        ({"TERM": "linux"}, "TERM=linux"),
        ({"VTE_VERSION": "7600"}, "VTE"),
    ],
)
def test_a_terminal_known_to_ignore_osc52_is_not_sent_it(
    env_vars, clipboard, terminal, variables, reason
) -> None:
    path, received = terminal
    clipboard.broken = True
    copied = copy_text(env_with(env_vars, clipboard, path, **variables), TEXT)
    assert copied.how == "none" and not copied.ok
    assert reason in copied.message()
    assert copied.message().startswith("Copie impossible")
    assert received() == b""


def test_no_terminal_to_write_to(env_vars, clipboard) -> None:
    clipboard.broken = True
    copied = copy_text(env_with(env_vars, clipboard), TEXT)
    assert copied.how == "none" and "pas de terminal" in copied.message()


def test_gnu_screen_gets_the_sequence_wrapped() -> None:
    assert osc52_sequence("a", screen=True) == b"\x1bP\x1b]52;c;YQ==\x07\x1b\\"


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_in_tmux_the_text_goes_to_its_buffer(env_vars, clipboard, tmp_path) -> None:
    socket = tmp_path / "tmux.sock"
    base = ["tmux", "-S", str(socket), "-f", "/dev/null"]
    subprocess.run([*base, "new-session", "-d", "-s", "t"], check=True, env=os.environ)
    try:
        tmux = f"{socket},{os.getpid()},0"
        env = env_with(env_vars, clipboard, TMUX=tmux, SSH_TTY="/dev/pts/3")
        assert copy_text(env, TEXT).how == "tmux"
        shown = subprocess.run(
            [*base, "show-buffer"], capture_output=True, check=True, env=os.environ
        )
        assert shown.stdout.decode("utf-8") == TEXT
    finally:
        subprocess.run([*base, "kill-server"], check=False, env=os.environ)
