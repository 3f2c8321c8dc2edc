"""Reading files safely: bounded sizes, regular files only, nothing outside a folder.

A merchant may share a folder of playbooks, templates or rules: a symbolic link in it
pointing elsewhere (`leak.txt -> /etc/passwd`) must not be read, and a FIFO or a device
(`/dev/zero`) in it must not hang reponse. Every file is read with a size limit, so even
a file named on the command line ends in bounded time.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

# A playbook is a few kilobytes, the largest rule file a few dozen: 2 MiB is generous.
MAX_YAML_BYTES = 2 * 1024 * 1024
# A customer's message or a reply, whole e-mail threads included.
MAX_TEXT_BYTES = 10 * 1024 * 1024


class NotRegular(OSError):
    """A FIFO, a device or a socket where a file was expected."""


class TooLarge(OSError):
    """More bytes than the limit: `limit` says how many were allowed."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"more than {limit} bytes")
        self.limit = limit


def read_limited(path: Path, limit: int, regular_only: bool = True) -> bytes:
    """At most `limit` bytes of `path`, else TooLarge; NotRegular for a special file.

    With `regular_only`, the file is opened without blocking (a FIFO would otherwise wait
    for a writer) and checked before anything is read.
    """
    flags = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0)
    if regular_only:
        flags |= getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, flags)
    with os.fdopen(fd, "rb") as handle:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(21, "Is a directory", str(path))
        if regular_only and not stat.S_ISREG(mode):
            raise NotRegular(f"{path} is not a regular file")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(limit)
    return data


def size_label(limit: int) -> str:
    """« 2 Mio », for messages."""
    return f"{limit // (1024 * 1024)}\u00a0Mio"


def inside(path: Path, folder: Path) -> bool:
    """Whether `path`, links followed, stays inside `folder`."""
    try:
        path.resolve().relative_to(folder.resolve())
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def is_regular(path: Path) -> bool:
    """A regular file (links followed): not a FIFO, a device, a socket or a folder."""
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except (OSError, RuntimeError):
        return False


def folder_files(folder: Path, suffixes: Iterable[str]) -> list[Path]:
    """The regular files of `folder` with one of `suffixes`, sorted.

    A link that leaves the folder is listed (the caller refuses it with a message, see
    `inside`); special files are skipped: they cannot be a playbook or a rule file.
    """
    if not folder.is_dir():
        return []
    wanted = tuple(suffixes)
    return sorted(p for p in folder.iterdir() if p.suffix in wanted and is_regular(p))
