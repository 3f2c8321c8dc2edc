"""The agent's editor ($VISUAL, then $EDITOR), for a paragraph or a whole reply.

The text goes to a private temporary file (`0600` in a `0700` folder: it is customer
data), the editor runs on the agent's terminal — even when stdin carries the customer's
message or stdout is a pipe —, the file is read back and deleted. While the editor runs,
Ctrl-C belongs to it (as git does): vim and nano use it, and it must not kill them with
the agent's text. What comes back is the agent's data, never a template.
"""

from __future__ import annotations

import contextlib
import shlex
import shutil
import signal
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from reponse_cli.env import Environment
from reponse_cli.errors import ReponseError, os_message
from reponse_cli.files.write import write_atomic

FALLBACKS = ("sensible-editor", "editor", "nano", "vim", "vi", "notepad")


def editor_command(env: Environment) -> list[str]:
    """The editor to run: $VISUAL, $EDITOR, else the first one installed."""
    for name in ("VISUAL", "EDITOR"):
        value = env.get(name)
        if value:
            return shlex.split(value)
    for name in FALLBACKS:
        found = shutil.which(name, path=env.get("PATH"))
        if found:
            return [found]
    raise ReponseError(
        "Aucun éditeur trouvé.",
        hint="Indiquez le vôtre : export EDITOR=nano (ou vim, code --wait…).",
    )


def edit_text(env: Environment, text: str, suffix: str = ".txt") -> str:
    """The text after the agent has edited it (unchanged if they just quit)."""
    with tempfile.TemporaryDirectory(prefix="reponse-") as folder:
        path = Path(folder) / f"brouillon{suffix}"
        write_atomic(path, text, private=True)
        edit_file(env, path)
        try:
            return path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise ReponseError(
                "L'éditeur a enregistré le texte dans un autre encodage que UTF-8 : texte inchangé."
            ) from None


def edit_file(env: Environment, path: Path) -> None:
    """The agent's editor on `path` itself (a playbook of theirs), on their terminal."""
    command = editor_command(env)
    with agent_terminal(env) as streams:
        try:
            process = subprocess.Popen([*command, str(path)], env=dict(env.variables), **streams)
        except OSError as error:
            raise ReponseError(
                f"Impossible de lancer l'éditeur « {command[0]} » : {os_message(error)}.",
                hint="Indiquez le vôtre : export EDITOR=nano (ou vim, code --wait…).",
            ) from None
        with interrupts_ignored():
            code = process.wait()
    if code != 0:
        raise ReponseError(
            f"L'éditeur « {command[0]} » s'est arrêté en erreur (code {code}) : texte inchangé."
        )


@contextlib.contextmanager
def agent_terminal(env: Environment) -> Iterator[dict[str, Any]]:
    """The editor's streams: ours when they are the terminal, else the terminal itself."""
    if env.stdin_isatty and env.stdout_isatty:
        yield {}
        return
    try:
        tty = Path(env.tty_path).open("rb+", buffering=0)  # noqa: SIM115 - closed below
    except OSError:
        raise ReponseError(
            "Pas de terminal pour ouvrir l'éditeur.",
            hint="Lancez la commande depuis un terminal, ou sans --edit.",
        ) from None
    with tty:
        yield {"stdin": tty, "stdout": tty, "stderr": tty}


@contextlib.contextmanager
def interrupts_ignored() -> Iterator[None]:
    """Ctrl-C reaches the editor only (the process group gets it; we let it pass)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous if previous is not None else signal.SIG_DFL)
