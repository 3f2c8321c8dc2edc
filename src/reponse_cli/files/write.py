"""The one writer: every file reponse writes goes through `write_atomic` (or, for a file
that grows line by line, `open_append`).

A file is written to a temporary created exclusively beside it (never through a symlink
planted there), then renamed over the target, so a reader sees the old file or the new
one, never half of each. What holds customer text is private: the file `0600`, its
folder `0700`. An existing file keeps its permissions. A symlink is written through to
its target, and a special file (a terminal, a FIFO, `/dev/full`) is written to directly
rather than replaced by a regular file.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path
from typing import BinaryIO, TextIO

from reponse_cli.errors import IOFailure, os_message
from reponse_cli.text.french import NBSP

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700


def ensure_dir(folder: Path, private: bool = False) -> None:
    """Create `folder` (and its parents); a new private folder is `0700`."""
    if folder.is_dir():
        return
    folder.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR if private else 0o777)
    if private:
        with contextlib.suppress(OSError):
            folder.chmod(PRIVATE_DIR)


def _umask_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomic(
    path: Path, data: str | bytes, *, private: bool = False, encoding: str = "utf-8"
) -> None:
    """Write `data` to `path` as described above; IOFailure (French) when refused."""
    payload = data.encode(encoding) if isinstance(data, str) else data
    try:
        target = Path(os.path.realpath(path)) if path.is_symlink() else path
        try:
            info = target.stat()
        except FileNotFoundError:
            info = None
        if info is not None and not stat.S_ISREG(info.st_mode):
            if stat.S_ISDIR(info.st_mode):
                raise IsADirectoryError(21, "Is a directory", str(path))
            # A terminal, a FIFO, /dev/null or /dev/full: write to it, never replace it.
            with target.open("wb") as handle:
                handle.write(payload)
            return
        ensure_dir(target.parent, private)
        import tempfile  # only when something is written

        fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        tmp = Path(name)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(payload)
            if info is not None:
                mode = stat.S_IMODE(info.st_mode)
            else:
                mode = PRIVATE_FILE if private else _umask_mode()
            tmp.chmod(mode)
            tmp.replace(target)
        except BaseException:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise
    except OSError as error:
        raise IOFailure(f"Écriture impossible dans {path}{NBSP}: {os_message(error)}.") from None


def open_append(path: Path, *, private: bool = False, keep: int | None = None) -> BinaryIO:
    """A file that grows line by line (a batch's results, read back to resume).

    New, it is created `0600` when private; `keep` first cuts it to that many bytes (a
    line half-written when the run was killed). IOFailure (French) when refused.
    """
    try:
        ensure_dir(path.parent, private)
        mode = PRIVATE_FILE if private else 0o666
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, mode)
        if keep is not None:
            os.ftruncate(fd, keep)
        return os.fdopen(fd, "ab")
    except OSError as error:
        raise IOFailure(f"Écriture impossible dans {path}{NBSP}: {os_message(error)}.") from None


def write_output(
    text: str, output: Path | None, stdout: TextIO, *, private: bool = True, newline: bool = True
) -> None:
    """The command's result: to `output` (atomically, private by default) or to stdout."""
    if newline and not text.endswith("\n"):
        text += "\n"
    if output is None:
        stdout.write(text)
        return
    write_atomic(output, text, private=private)


def create_private(path: Path) -> None:
    """An empty file only its owner can read (`0600`), for a program that then writes it
    itself — the SQLite history: SQLite gives its journal files the same permissions."""
    try:
        ensure_dir(path.parent)
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, PRIVATE_FILE)
        os.close(fd)
        path.chmod(PRIVATE_FILE)
    except OSError as error:
        raise IOFailure(f"Création impossible de {path}{NBSP}: {os_message(error)}.") from None
