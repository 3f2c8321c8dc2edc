"""Reading what the agent gives a command: a file, or standard input for « - »."""

from __future__ import annotations

from pathlib import Path

import msgspec

from reponse_cli.env import Environment
from reponse_cli.errors import IOFailure, ReponseError, os_message
from reponse_cli.text.french import NBSP

STDIN_NAME = "l'entrée standard"


class InputSpec(msgspec.Struct, frozen=True):
    """How one command names what it reads, for its messages."""

    what: str  # « le message du client »
    example: str  # « reponse listen message.txt »
    empty: str  # « Rien à lire »


def read_input(env: Environment, file: str | None, spec: InputSpec) -> tuple[str, str]:
    """The text, and a name for messages; every problem is one French line.

    `None` reads standard input when it is a pipe; in a terminal the agent is asked to
    name a file instead of being left waiting.
    """
    data, name = read_input_bytes(env, file, spec)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        if name == STDIN_NAME:
            raise ReponseError("L'entrée standard n'est pas du texte UTF-8.") from None
        raise ReponseError(
            f"{file} n'est pas un texte UTF-8.",
            hint="Enregistrez-le en UTF-8 (texte brut) puis relancez.",
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # as text mode reads it
    if not text.strip():
        raise ReponseError(f"{spec.empty}{NBSP}: {name} est vide.")
    return text, name


def read_input_bytes(env: Environment, file: str | None, spec: InputSpec) -> tuple[bytes, str]:
    """The bytes as they are (an `.eml` says its own charset), and a name for messages."""
    if file is None or file == "-":
        if file is None and env.stdin_isatty:
            raise ReponseError(
                f"Indiquez {spec.what} : un fichier, ou « - » pour l'entrée standard.",
                hint=f"Exemple{NBSP}: {spec.example}",
            )
        buffer = getattr(env.stdin, "buffer", None)
        try:
            data = buffer.read() if buffer is not None else env.stdin.read().encode("utf-8")
        except UnicodeDecodeError:
            raise ReponseError("L'entrée standard n'est pas du texte UTF-8.") from None
        except OSError as error:
            raise IOFailure(
                f"Lecture impossible de {STDIN_NAME}{NBSP}: {os_message(error)}."
            ) from None
        name = STDIN_NAME
    else:
        path = Path(file).expanduser()
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise ReponseError(f"Fichier introuvable{NBSP}: {file}") from None
        except IsADirectoryError:
            raise ReponseError(f"{file} est un dossier, pas un fichier texte.") from None
        except OSError as error:
            raise IOFailure(f"Lecture impossible de {file}{NBSP}: {os_message(error)}.") from None
        name = file
    if not data.strip():
        raise ReponseError(f"{spec.empty}{NBSP}: {name} est vide.")
    return data, name
