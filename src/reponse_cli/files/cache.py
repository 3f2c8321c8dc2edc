"""On-disk caches that keep a command quick to start: parsed YAML, rules, compiled Jinja.

An entry is keyed by what it was made from — the file's path, size, modification and
change times, inode and reponse's version — and checked on every read, so an edited
playbook is never served stale. A cache that cannot be read or written is never an
error: it only costs time. Entries are private (`0600` in a `0700` folder): a playbook
folder may hold a merchant's own texts. `REPONSE_CACHE_DIR` moves the cache,
`REPONSE_NO_CACHE=1` turns it off (see env.py).
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reponse_cli import __version__
from reponse_cli.errors import IOFailure
from reponse_cli.files.write import PRIVATE_DIR, PRIVATE_FILE, ensure_dir, write_atomic


def file_stamp(path: Path) -> list[int]:
    """What changes whenever the file's content may have changed."""
    try:
        info = path.stat()
    except OSError:
        return [0, 0, 0, 0]
    return [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]


class Cache:
    """A folder of cache entries, or a cache that keeps nothing (`folder=None`)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    def _entry(self, kind: str, name: str) -> Path | None:
        if self.folder is None:
            return None
        digest = hashlib.sha1(name.encode()).hexdigest()
        return self.folder / kind / f"{digest}.msgpack"

    def get(self, kind: str, name: str, identity: list[Any]) -> Any:
        """The data stored under `name` for this exact `identity`, else None."""
        entry = self._entry(kind, name)
        if entry is None:
            return None
        import msgspec

        try:
            stored_identity, data = msgspec.msgpack.decode(entry.read_bytes())
        except (OSError, ValueError, TypeError, msgspec.DecodeError):
            return None
        return data if stored_identity == [__version__, *identity] else None

    def put(self, kind: str, name: str, identity: list[Any], data: Any) -> None:
        entry = self._entry(kind, name)
        if entry is None or self.folder is None:
            return
        import msgspec

        try:
            payload = msgspec.msgpack.encode([[__version__, *identity], data])
            self._private_dir(self.folder)
            self._private_dir(entry.parent)
            write_atomic(entry, payload, private=True)
            if entry.stat().st_mode & 0o077:  # an entry left by an older version
                entry.chmod(PRIVATE_FILE)
        except (OSError, TypeError, ValueError, OverflowError, IOFailure, msgspec.EncodeError):
            pass

    @staticmethod
    def _private_dir(folder: Path) -> None:
        """The folder `0700`, even when an older version or a umask made it wider."""
        ensure_dir(folder, private=True)
        if folder.stat().st_mode & 0o077:
            folder.chmod(PRIVATE_DIR)

    def file_data(
        self,
        path: Path,
        read: Callable[[Path], Any],
        kind: str = "yaml",
        code: tuple[Path, ...] = (),
    ) -> Any:
        """`read(path)`, from the cache while the file is unchanged. `kind` names what
        `read` makes of the file (« yaml », or « playbook » once checked); `code`, the
        modules that do it: an edited one makes the entry stale too."""
        identity = file_stamp(path) + [file_stamp(module) for module in code]
        name = str(path.resolve())
        data = self.get(kind, name, identity)
        if data is not None:
            return data
        data = read(path)
        if data is not None and identity[1]:
            self.put(kind, name, identity, data)
        return data

    def jinja_bytecode(self, name: str = "jinja") -> Any:
        """Jinja's own bytecode cache in our folder, or None; writing failures ignored.

        `name` is the folder: the renderer puts its sandbox's version in it, so code
        compiled under other limits is never loaded.
        """
        if self.folder is None:
            return None
        from jinja2 import FileSystemBytecodeCache

        class QuietCache(FileSystemBytecodeCache):
            def dump_bytecode(self, bucket: Any) -> None:
                with contextlib.suppress(OSError):
                    super().dump_bytecode(bucket)

        folder = self.folder / name
        try:
            self._private_dir(self.folder)
            self._private_dir(folder)
        except OSError:
            return None
        return QuietCache(str(folder), pattern="%s.jinja")
