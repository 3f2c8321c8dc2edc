"""The injectable environment: streams, terminals, today's date, paths and variables.

Everything reponse reads from the process — `sys.std*`, « is it a terminal », the clock,
the `REPONSE_*` variables and the platform's folders — is read here, once, and passed
down (httpie's `context.Environment` is the model). Tests build an `Environment` of
their own instead of patching `os.environ` or `sys.stdout`.
"""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import errno
import io
import os
import sys
from collections.abc import Callable, Mapping
from functools import cached_property
from pathlib import Path
from typing import IO, Any, TextIO

from reponse_cli.errors import ReponseError

APP = "reponse"

# Every variable reponse reads, with what it does (the README lists the same).
VARIABLES: dict[str, str] = {
    "REPONSE_CONFIG": "le fichier de réglages",
    "REPONSE_DATA_DIR": "le dossier de vos données (playbooks, règles, brouillons, historique)",
    "REPONSE_CACHE_DIR": "le dossier du cache",
    "REPONSE_NO_CACHE": "désactive le cache",
    "REPONSE_TODAY": "fixe la date du jour (AAAA-MM-JJ)",
    "REPONSE_PLAYBOOKS": "dossiers de playbooks prioritaires",
    "REPONSE_RULES": "dossiers de règles prioritaires",
    "REPONSE_ADVICE": "dossiers de conseils du bilan prioritaires",
    "REPONSE_DB": "la base des dossiers : postgresql://… (équipe) ou un fichier SQLite",
    "REPONSE_DEBUG": "montre le détail d'une erreur inattendue",
    "NO_COLOR": "pas de couleurs",
    "VISUAL": "votre éditeur (sinon EDITOR, sinon sensible-editor, nano, vim, vi)",
    "EDITOR": "votre éditeur, quand VISUAL n'est pas défini",
}


class ClosedStream(io.TextIOBase):
    """Stands for a stream the shell closed (`reponse check x >&-`): Python gives None.

    Reading gives nothing; writing raises `OSError(EBADF)`, which the command reports
    in French (exit 74), unless `quiet` (stderr: nothing can be said anywhere).
    """

    def __init__(self, name: str, quiet: bool = False) -> None:
        super().__init__()
        self.stream_name = name
        self.quiet = quiet

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return "utf-8"

    def readable(self) -> bool:
        return True

    def writable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> str:
        return ""

    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        return ""

    def write(self, text: str) -> int:
        if self.quiet:
            return len(text)
        raise OSError(errno.EBADF, f"{self.stream_name} est fermée")

    def isatty(self) -> bool:
        return False


# What a terminal that is not UTF-8 (`PYTHONIOENCODING=latin-1`, an old Windows console)
# gets instead of the characters it cannot show: the nearest ones, never an exception.
_NEAREST = {
    "\u202f": "\u00a0",
    "\u00a0": " ",
    "\u2009": " ",
    "€": "EUR",
    "œ": "oe",
    "Œ": "OE",
    "’": "'",
    "‘": "'",
    "“": '"',
    "”": '"',
    "«": '"',
    "»": '"',
    "…": "...",
    "–": "-",
    "—": "-",
    "✓": "v",
    "✗": "x",
    "☐": "[ ]",
    "←": "<-",
    "→": "->",
    "·": "-",
}
DEGRADE = "reponse-nearest"


def _nearest(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    import unicodedata

    out = []
    for char in error.object[error.start : error.end]:
        for candidate in (_NEAREST.get(char), _NEAREST.get(_NEAREST.get(char, "")), None):
            if candidate is None:
                bare = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
                candidate = bare or "?"
            try:
                candidate.encode(error.encoding)
            except UnicodeEncodeError:
                continue
            out.append(candidate)
            break
        else:
            out.append("?")
    return "".join(out), error.end


def _process_stream(stream: Any, name: str, quiet: bool = False) -> Any:
    """A standard stream as reponse uses it: never None, never failing to encode."""
    if stream is None:
        return ClosedStream(name, quiet)
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("_", "-")
    if encoding not in ("utf-8", "utf8") and hasattr(stream, "reconfigure"):
        codecs.register_error(DEGRADE, _nearest)
        with contextlib.suppress(ValueError, OSError):
            stream.reconfigure(errors=DEGRADE)
    return stream


def _isatty(stream: object) -> bool:
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError, OSError):
        return False


class Environment:
    """What a command may read from the outside world; nothing else reads it.

    A plain class rather than a dataclass: `reponse --help` builds one, and importing
    `dataclasses` would cost it more than the rest of this module.
    """

    def __init__(
        self,
        stdin: TextIO | None = None,
        stdout: TextIO | None = None,
        stderr: TextIO | None = None,
        *,
        stdin_isatty: bool | None = None,
        stdout_isatty: bool | None = None,
        stderr_isatty: bool | None = None,
        variables: Mapping[str, str] | None = None,
        fixed_today: dt.date | None = None,
        tty_path: str = "/dev/tty",
        clipboard: Callable[[str], None] | None = None,
        platform: str | None = None,
    ) -> None:
        self.stdin: TextIO = (
            stdin if stdin is not None else _process_stream(sys.stdin, "l'entrée standard")
        )
        self.stdout: TextIO = (
            stdout if stdout is not None else _process_stream(sys.stdout, "la sortie standard")
        )
        self.stderr: TextIO = (
            stderr
            if stderr is not None
            else _process_stream(sys.stderr, "la sortie d'erreur", quiet=True)
        )
        self.stdin_isatty = _isatty(self.stdin) if stdin_isatty is None else stdin_isatty
        self.stdout_isatty = _isatty(self.stdout) if stdout_isatty is None else stdout_isatty
        self.stderr_isatty = _isatty(self.stderr) if stderr_isatty is None else stderr_isatty
        self.variables: Mapping[str, str] = (
            dict(os.environ) if variables is None else dict(variables)
        )
        self.fixed_today = fixed_today
        # Where prompts are read when stdin is a pipe: the agent's own terminal.
        self.tty_path = tty_path
        # The machine's clipboard (None: pyperclip's); it raises when there is none.
        self.clipboard = clipboard
        # « darwin », « win32 », « linux »…: which keys and commands to name to the agent.
        self.platform = sys.platform if platform is None else platform

    @classmethod
    def from_process(cls) -> Environment:
        return cls()

    # --- variables -----------------------------------------------------------------

    def get(self, name: str) -> str | None:
        """A variable's value, or None when unset or empty."""
        value = self.variables.get(name)
        return value if value else None

    def flag(self, name: str) -> bool:
        return (self.get(name) or "").lower() not in ("", "0", "false", "non", "no")

    @property
    def debug(self) -> bool:
        return self.flag("REPONSE_DEBUG")

    @property
    def color(self) -> bool:
        """Colours only for a person: NO_COLOR (any value) turns them off."""
        return "NO_COLOR" not in self.variables

    def path_list(self, name: str) -> list[Path]:
        raw = self.get(name)
        if not raw:
            return []
        return [Path(p).expanduser() for p in raw.split(os.pathsep) if p]

    # --- the date --------------------------------------------------------------------

    @cached_property
    def today(self) -> dt.date:
        """Today, or REPONSE_TODAY (YYYY-MM-DD) for reproducible drafts and tests."""
        if self.fixed_today is not None:
            return self.fixed_today
        fixed = self.get("REPONSE_TODAY")
        if fixed:
            try:
                return dt.date.fromisoformat(fixed)
            except ValueError:
                raise ReponseError(
                    f"REPONSE_TODAY invalide : « {fixed} » (format AAAA-MM-JJ)"
                ) from None
        return dt.date.today()

    def now(self) -> dt.datetime:
        """The current time (of `today` when REPONSE_TODAY fixes the date)."""
        current = dt.datetime.now().astimezone()
        if self.today != current.date():
            current = current.replace(
                year=self.today.year, month=self.today.month, day=self.today.day
            )
        return current

    # --- folders ----------------------------------------------------------------------

    @cached_property
    def config_path(self) -> Path:
        if override := self.get("REPONSE_CONFIG"):
            return Path(override).expanduser()
        from platformdirs import user_config_path

        return user_config_path(APP) / "config.yaml"

    @cached_property
    def data_dir(self) -> Path:
        if override := self.get("REPONSE_DATA_DIR"):
            return Path(override).expanduser()
        from platformdirs import user_data_path

        return user_data_path(APP)

    @cached_property
    def state_dir(self) -> Path:
        """Interrupted drafts: customer data, kept private."""
        if override := self.get("REPONSE_DATA_DIR"):
            return Path(override).expanduser() / "state"
        from platformdirs import user_state_path

        return user_state_path(APP)

    @cached_property
    def cache_dir(self) -> Path | None:
        """The cache folder, or None when the cache is turned off."""
        if self.flag("REPONSE_NO_CACHE"):
            return None
        if override := self.get("REPONSE_CACHE_DIR"):
            return Path(override).expanduser()
        if data := self.get("REPONSE_DATA_DIR"):
            return Path(data).expanduser() / "cache"
        from platformdirs import user_cache_path

        return user_cache_path(APP)

    @property
    def user_playbook_dir(self) -> Path:
        return self.data_dir / "playbooks"

    @property
    def user_rules_dir(self) -> Path:
        return self.data_dir / "rules"

    # --- the terminal -------------------------------------------------------------------

    def open_tty(self) -> IO[str] | None:
        """The agent's terminal for reading, even when stdin is a pipe; None without one."""
        try:
            return Path(self.tty_path).open(encoding="utf-8")
        except OSError:
            return None
