"""Copying the draft: the machine's clipboard, or the terminal's over SSH and in tmux.

Chosen as careful tools do (neovim's clipboard provider, tmux-yank):

1. locally — or over SSH with a forwarded display — the machine's clipboard (pyperclip:
   pbcopy, wl-copy, xclip, xsel, the Windows API); over SSH that would only fill the
   remote machine's clipboard, so it is skipped;
2. in tmux, `tmux load-buffer -w -`: tmux keeps the text (prefix + ]) and hands it to
   the outer terminal with OSC 52 itself — an OSC 52 of ours would be dropped by tmux's
   default `set-clipboard external`;
3. the terminal's own clipboard, OSC 52 (`ESC ] 52 ; c ; base64 BEL`), written to the
   agent's terminal — wrapped for GNU screen; not tried where it is known to be ignored
   (TERM=dumb or linux, GNOME Terminal and other VTE terminals locally);
4. else nothing: the caller says so in one French line and prints the text plainly.
"""

from __future__ import annotations

import base64
import subprocess
from pathlib import Path

import msgspec
import pyperclip

from reponse_cli.env import Environment

# Terminals (by TERM) that do not implement OSC 52.
_NO_OSC52_TERMS = ("", "dumb", "linux", "cons25", "vt100", "vt220")


class Copied(msgspec.Struct, frozen=True):
    """How the text was copied (`how`), or why it could not be (`why`, in French)."""

    how: str  # "local" | "tmux" | "osc52" | "none"
    why: str | None = None

    @property
    def ok(self) -> bool:
        return self.how != "none"

    def message(self, what: str = "Texte", shown: bool = False) -> str:
        """One French line for the agent (`shown`: the text is on the screen anyway)."""
        if self.how == "local":
            return f"{what} copié dans le presse-papiers."
        if self.how == "tmux":
            return f"{what} copié (tmux : presse-papiers du terminal, et Préfixe puis ] )."
        if self.how == "osc52":
            return f"{what} envoyé au presse-papiers de votre terminal (OSC 52)."
        return f"Copie impossible ({self.why})" + (
            "." if shown else " : à sélectionner ci-dessous."
        )


def is_remote(env: Environment) -> bool:
    return any(env.get(name) for name in ("SSH_TTY", "SSH_CONNECTION", "SSH_CLIENT"))


def copy_text(env: Environment, text: str) -> Copied:
    """Copy `text` by the first way that can work here; never raises."""
    remote = is_remote(env)
    display = env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")
    if (not remote or display) and _local(env, text):
        return Copied("local")
    if env.get("TMUX") and _tmux(env, text):
        return Copied("tmux")
    refused = osc52_refused(env, remote)
    if refused is None and _osc52(env, text):
        return Copied("osc52")
    if refused is None:
        refused = "pas de terminal où écrire"
    return Copied("none", refused if remote else f"pas de presse-papiers sur ce poste, {refused}")


def _local(env: Environment, text: str) -> bool:
    copy = env.clipboard if env.clipboard is not None else pyperclip.copy
    try:
        copy(text)
    except (pyperclip.PyperclipException, OSError):  # no display, no xclip…
        return False
    return True


def _tmux(env: Environment, text: str) -> bool:
    try:
        result = subprocess.run(
            ["tmux", "load-buffer", "-w", "-"],
            input=text.encode("utf-8"),
            env=dict(env.variables),
            capture_output=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return result.returncode == 0


def osc52_refused(env: Environment, remote: bool) -> str | None:
    """Why the terminal would ignore OSC 52, or None when it may take it."""
    term = (env.get("TERM") or "").lower()
    if term in _NO_OSC52_TERMS:
        return f"terminal sans presse-papiers OSC 52 (TERM={term or 'vide'})"
    if not remote and env.get("VTE_VERSION") and not env.get("TMUX"):
        return "GNOME Terminal et les terminaux VTE ignorent OSC 52"
    return None


def osc52_sequence(text: str, screen: bool = False) -> bytes:
    """The escape sequence that asks the terminal to put `text` on its clipboard."""
    payload = base64.b64encode(text.encode("utf-8"))
    sequence = b"\x1b]52;c;" + payload + b"\x07"
    if screen:  # GNU screen passes a DCS string through to the terminal
        return b"\x1bP" + sequence + b"\x1b\\"
    return sequence


def _osc52(env: Environment, text: str) -> bool:
    screen = bool(env.get("STY")) and not env.get("TMUX")
    sequence = osc52_sequence(text, screen)
    try:
        with Path(env.tty_path).open("wb", buffering=0) as tty:
            tty.write(sequence)
    except OSError:
        return False
    return True
