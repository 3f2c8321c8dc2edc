"""Reading what the agent gives a command: a file, or standard input for « - ».

Both are read as bytes, with a size limit, and decoded by reponse rather than by
Python's stream: in a C locale the stream would let invalid bytes through as
surrogates, with PYTHONIOENCODING as Latin-1, so standard input is checked exactly as a
file is. A file may be a FIFO (`<(commande)`); even `/dev/zero` ends.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import msgspec

from reponse_cli.env import Environment
from reponse_cli.errors import IOFailure, ReponseError, os_message
from reponse_cli.files.read import MAX_TEXT_BYTES, TooLarge, read_limited, size_label
from reponse_cli.text.french import NBSP

STDIN_NAME = "l'entrée standard"
PASTED_NAME = "le texte collé"


class InputSpec(msgspec.Struct, frozen=True):
    """How one command names what it reads, for its messages."""

    what: str  # « le message du client »
    command: str  # « reponse listen »
    example_file: str  # « message.eml »
    empty: str  # « Rien à lire »

    def example(self, env: Environment) -> str:
        """« reponse listen message.eml   ou   wl-paste | reponse listen - »."""
        return f"{self.command} {self.example_file}   ou   {paste_command(env)} | {self.command} -"


# A paste box for a command run without a file in a terminal: what to paste → the text.
Paste = Callable[[InputSpec], str]


def paste_command(env: Environment) -> str:
    """The shell command that prints the clipboard, on this machine."""
    if env.platform == "darwin":
        return "pbpaste"
    if env.platform.startswith(("win", "cygwin", "msys")):
        return "Get-Clipboard"
    if env.get("WAYLAND_DISPLAY"):
        return "wl-paste"
    if env.get("DISPLAY"):
        return "xclip -o -selection clipboard"
    return "wl-paste (ou xclip -o -selection clipboard)"


def end_of_input_keys(env: Environment) -> str:
    """How a person ends what they type on standard input, on this machine."""
    if env.platform.startswith(("win", "cygwin", "msys")):
        return "Ctrl-Z puis Entrée"
    return "Ctrl-D (sur une ligne vide)"


def read_input(
    env: Environment, file: str | None, spec: InputSpec, paste: Paste | None = None
) -> tuple[str, str]:
    """The text, and a name for messages; every problem is one French line.

    `None` reads standard input when it is a pipe; in a terminal it opens the paste box
    (`paste`), or asks for a file: the agent is never left waiting in silence.
    """
    data, name = read_input_bytes(env, file, spec, paste)
    text = decode(data, name)
    if not text.strip():
        raise ReponseError(f"{spec.empty}{NBSP}: {name} est vide.")
    return text, name


def decode(data: bytes, name: str) -> str:
    """UTF-8 text with universal newlines, as text mode reads a file."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise not_utf8(name) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def not_utf8(name: str) -> ReponseError:
    """The same message for a file and for standard input."""
    label = "L'entrée standard" if name == STDIN_NAME else name
    return ReponseError(
        f"{label} n'est pas un texte UTF-8.",
        hint="Enregistrez-le en UTF-8 (texte brut) puis relancez.",
    )


def read_stdin_bytes(env: Environment, limit: int = MAX_TEXT_BYTES) -> bytes:
    """At most `limit` bytes of standard input, else a French error."""
    buffer = getattr(env.stdin, "buffer", None)
    try:
        if buffer is not None:
            data = buffer.read(limit + 1)
        else:
            data = env.stdin.read(limit + 1).encode("utf-8")
    except (UnicodeDecodeError, UnicodeEncodeError):
        # A text stream already decoded (or let surrogates through): not UTF-8.
        raise not_utf8(STDIN_NAME) from None
    except OSError as error:
        raise IOFailure(f"Lecture impossible de {STDIN_NAME}{NBSP}: {os_message(error)}.") from None
    if len(data) > limit:
        raise ReponseError(f"{STDIN_NAME} dépasse {size_label(limit)} : trop long.")
    return data


def read_stdin(env: Environment, limit: int = MAX_TEXT_BYTES) -> str:
    """Standard input as UTF-8 text, checked as a file is."""
    return decode(read_stdin_bytes(env, limit), STDIN_NAME)


def read_input_bytes(
    env: Environment, file: str | None, spec: InputSpec, paste: Paste | None = None
) -> tuple[bytes, str]:
    """The bytes as they are (an `.eml` says its own charset), and a name for messages."""
    if file is None and env.stdin_isatty:
        if paste is None:
            raise ReponseError(
                f"Indiquez {spec.what} : un fichier, ou « - » pour l'entrée standard.",
                hint=f"Exemple{NBSP}: {spec.example(env)}",
            )
        data, name = paste(spec).encode("utf-8"), PASTED_NAME
        if not data.strip():
            raise ReponseError(f"{spec.empty}{NBSP}: rien n'a été collé.")
        return data, name
    if file is None or file == "-":
        if env.stdin_isatty:
            # `-` in a terminal: the agent types or pastes, and must know how to finish.
            env.stderr.write(
                f"Collez {spec.what}, puis {end_of_input_keys(env)}.\n"
                f"(Ou, depuis le shell{NBSP}: {paste_command(env)} | {spec.command} -)\n"
            )
            env.stderr.flush()
        data = read_stdin_bytes(env)
        name = STDIN_NAME
    else:
        path = Path(file).expanduser()
        try:
            data = read_limited(path, MAX_TEXT_BYTES, regular_only=False)
        except FileNotFoundError:
            raise ReponseError(f"Fichier introuvable{NBSP}: {file}") from None
        except IsADirectoryError:
            raise ReponseError(f"{file} est un dossier, pas un fichier texte.") from None
        except TooLarge as error:
            raise ReponseError(f"{file} dépasse {size_label(error.limit)} : trop long.") from None
        except OSError as error:
            raise IOFailure(f"Lecture impossible de {file}{NBSP}: {os_message(error)}.") from None
        name = file
    if not data.strip():
        raise ReponseError(f"{spec.empty}{NBSP}: {name} est vide.")
    return data, name
