"""Driving the installed `reponse` in a real pseudo-terminal (pexpect), as copier does."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pexpect

UP, DOWN, ENTER, SPACE, CTRL_C, ESC = "\x1b[A", "\x1b[B", "\r", " ", "\x03", "\x1b"
EXE = Path(sys.executable).parent / "reponse"

# The prompts of `retard-livraison` after its first three (civilité, commande, date),
# when the message gave the facts: accepted with Enter, they lead to the review.
LATE_DELIVERY_REST = (
    "occasion précise",
    "Délai supplémentaire",
    "Où en est le colis",
    "Nouvelle date",
    "manqué au livreur",
    "Ce texte vous convient-il",  # the restatement
    "Qui est responsable",
    "Ce texte vous convient-il",  # the apology
    "Quelle phrase d'empathie",
    "Ce texte vous convient-il",  # the empathy phrase
    "Quelles solutions proposer",
    "Frais de livraison payés",
    "Les phrases des solutions",
    "Quelle étape la réponse promet",
    "Ce texte vous convient-il",  # the promised follow-up
)
# The same when the message said what the parcel was for (« pour l'anniversaire de mon
# fils »): the occasion is filled in, and what it was is asked, already written.
LATE_DELIVERY_FOR_AN_OCCASION = (
    "occasion précise",
    "Pour quelle occasion",
    *LATE_DELIVERY_REST[1:],
)

# What the machine running the tests may have that would make copying reach its real
# clipboard (a display, tmux, an SSH session): never inherited by the spawned command.
CLIPBOARD_VARIABLES = (
    "DISPLAY",
    "WAYLAND_DISPLAY",
    "TMUX",
    "STY",
    "SSH_TTY",
    "SSH_CONNECTION",
    "SSH_CLIENT",
    "VTE_VERSION",
)


def terminal_env(process_env: dict[str, str], **variables: str) -> dict[str, str]:
    machine = {k: v for k, v in process_env.items() if k not in CLIPBOARD_VARIABLES}
    return {
        **machine,
        "TERM": "xterm",
        "COLUMNS": "110",
        "LINES": "40",
        "PROMPT_TOOLKIT_NO_CPR": "1",  # pexpect does not answer cursor position requests
        **variables,
    }


def start(
    process_env: dict[str, str], args: list[str], shell: str | None = None, **variables: str
) -> pexpect.spawn:
    """`reponse ARGS` on a terminal of its own; or a `shell` line (a pipe into reponse)."""
    env = terminal_env(process_env, **variables)
    program, argv = (str(EXE), args) if shell is None else ("/bin/sh", ["-c", shell])
    child = pexpect.spawn(
        program, argv, env=env, encoding="utf-8", timeout=15, dimensions=(40, 110)
    )
    child.logfile_read = io.StringIO()  # the whole transcript, escape sequences included
    return child


def transcript(child: pexpect.spawn) -> str:
    """Everything the command wrote to its terminal so far."""
    return child.logfile_read.getvalue()


def answer(child: pexpect.spawn, prompt: str, keys: str) -> None:
    child.expect(prompt)
    child.expect(r"\?|»|\(")  # the prompt has finished drawing
    child.send(keys)


def accept_and_record(child: pexpect.spawn, tags: str = "\r") -> str:
    """After « Accepter »: the text to copy, the dossier recorded, the offer to tag it
    (« Non, merci » by default); the text printed before the recording."""
    child.expect("Texte à copier")
    child.expect(r"Enregistré : dossier n° \d+, prochain suivi le")
    text = child.before.replace("\r\n", "\n")
    answer(child, "Étiqueter ce dossier", tags)
    child.expect(pexpect.EOF)
    return text
