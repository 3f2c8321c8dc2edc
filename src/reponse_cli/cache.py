"""On-disk caches that keep a draft quick to start: parsed YAML, compiled Jinja.

A cached YAML file is keyed by its path and checked against its size, modification time
and reponse's version; Jinja's bytecode cache checks the template's own checksum. So an
edited playbook is never served stale. A cache that cannot be read or written is never
an error: it only costs time. `REPONSE_CACHE_DIR` moves the cache, `REPONSE_NO_CACHE=1`
turns it off.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path
from typing import Any

from reponse_cli import __version__


def cache_dir() -> Path | None:
    if os.environ.get("REPONSE_NO_CACHE"):
        return None
    if override := os.environ.get("REPONSE_CACHE_DIR"):
        return Path(override).expanduser()
    if data := os.environ.get("REPONSE_DATA_DIR"):
        return Path(data).expanduser() / "cache"
    from platformdirs import user_cache_path

    return user_cache_path("reponse")


def load_yaml(path: Path) -> Any:
    """The data of a YAML file (safe loader), from the cache when the file is unchanged."""
    from reponse_cli.playbook import read_yaml

    folder = cache_dir()
    try:
        stat = path.stat()
    except OSError:
        return read_yaml(path)[1]  # reports the missing file in French
    if folder is None:
        return read_yaml(path)[1]
    import msgspec

    identity = [__version__, stat.st_size, stat.st_mtime_ns]
    name = hashlib.sha1(str(path.resolve()).encode()).hexdigest()
    entry = folder / "yaml" / f"{name}.msgpack"
    try:
        cached_identity, data = msgspec.msgpack.decode(entry.read_bytes())
        if cached_identity == identity:
            return data
    except (OSError, ValueError, msgspec.DecodeError):
        pass
    data = read_yaml(path)[1]
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        tmp = entry.with_name(f"{entry.name}.{os.getpid()}.tmp")
        tmp.write_bytes(msgspec.msgpack.encode([identity, data]))
        tmp.replace(entry)
    except (OSError, TypeError, msgspec.EncodeError):
        pass
    return data


def jinja_bytecode_cache() -> Any:
    """Jinja's own bytecode cache in our folder, or None; writing failures are ignored."""
    folder = cache_dir()
    if folder is None:
        return None
    from jinja2 import FileSystemBytecodeCache

    class QuietCache(FileSystemBytecodeCache):
        def dump_bytecode(self, bucket: Any) -> None:
            with contextlib.suppress(OSError):
                super().dump_bytecode(bucket)

    try:
        (folder / "jinja").mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return QuietCache(str(folder / "jinja"), pattern="%s.jinja")
