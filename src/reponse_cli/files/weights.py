"""The weights of the learned models, read once per process.

Each model (listening/model.py, listening/alarm.py, checker/verdict.py) ships its
weights as a msgpack file; the commands that need one read it at first use, and never
again in the same process (a batch reads it once). An absent or unreadable file means
no model: the rules alone decide.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import msgspec

W = TypeVar("W")
M = TypeVar("M")

# Path → the model built from its weights (None: absent or unreadable).
LOADED: dict[Path, Any] = {}


def read_once(path: Path, weights: type[W], build: Callable[[W], M]) -> M | None:
    """The model built from the weights in `path`, read at the first call only."""
    if path not in LOADED:
        try:
            decoded = msgspec.msgpack.decode(path.read_bytes(), type=weights)
        except (OSError, msgspec.DecodeError):
            LOADED[path] = None
        else:
            LOADED[path] = build(decoded)
    return LOADED[path]
