"""Regular expressions compiled on first use.

A module may define its patterns at the top, where they are read, yet a command that
never uses them (a scripted draft never reads a customer's message) does not pay for
compiling them at start-up.
"""

from __future__ import annotations

import re
from typing import Any


class LazyRegex:
    """Stands for `re.compile(pattern, flags)`; compiles when first used."""

    __slots__ = ("_compiled", "flags", "pattern")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return self._compiled

    def __getattr__(self, name: str) -> Any:
        return getattr(self.compiled, name)


def lazy_compile(pattern: str, flags: int = 0) -> LazyRegex:
    return LazyRegex(pattern, flags)
