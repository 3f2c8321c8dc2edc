"""The data of `reponse listen`: SMS spellings, generic words, escalation signals.

It lives in `data/ecoute.yaml` beside this module and is read once per process (from
the cache when one is given).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reponse_cli.files.cache import Cache
from reponse_cli.files.yaml import read_yaml

DATA = Path(__file__).parent / "data" / "ecoute.yaml"
_DATA: dict[str, Any] | None = None


def listening_data(cache: Cache | None = None) -> dict[str, Any]:
    global _DATA
    if _DATA is None:
        data = (cache or Cache(None)).file_data(DATA, lambda p: read_yaml(p).data)
        _DATA = data if isinstance(data, dict) else {}
    return _DATA
