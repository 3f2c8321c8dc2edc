"""Reading what the agent gives a command: a file, or standard input for « - ».

Both are read as bytes, with a size limit, and decoded by reponse rather than by
Python's stream: in a C locale the stream would let invalid bytes through as
surrogates, with PYTHONIOENCODING as Latin-1, so standard input is checked exactly as a
file is. A file may be a FIFO (`<(commande)`); even `/dev/zero` ends.
"""

from __future__ import annotations

from pathlib import Path

import msgspec

from reponse_cli.env import Environment
from reponse_cli.errors import IOFailure, ReponseError, os_message
from reponse_cli.files.read import MAX_TEXT_BYTES, TooLarge, read_limited, size_label
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
        raise ReponseError(f"{STDIN_NAME} dépasse {size_label(limit)} : trop long.")
    return data


def read_stdin(env: Environment, limit: int = MAX_TEXT_BYTES) -> str:
    """Standard input as UTF-8 text, checked as a file is."""
    return decode(read_stdin_bytes(env, limit), STDIN_NAME)


def read_input_bytes(env: Environment, file: str | None, spec: InputSpec) -> tuple[bytes, str]:
    """The bytes as they are (an `.eml` says its own charset), and a name for messages."""
    if file is None or file == "-":
        if file is None and env.stdin_isatty:
            raise ReponseError(
                f"Indiquez {spec.what} : un fichier, ou « - » pour l'entrée standard.",
                hint=f"Exemple{NBSP}: {spec.example}",
            )
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
            raise ReponseError(f"{file} dépasse {size_label(error.limit)} : trop long.") from None
        except OSError as error:
            raise IOFailure(f"Lecture impossible de {file}{NBSP}: {os_message(error)}.") from None
        name = file
    if not data.strip():
        raise ReponseError(f"{spec.empty}{NBSP}: {name} est vide.")
    return data, name
