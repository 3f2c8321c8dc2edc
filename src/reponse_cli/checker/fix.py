"""`reponse check --fix`: the safe fixes only."""

from __future__ import annotations

import re

from reponse_cli.checker.document import CheckResult
from reponse_cli.text.french import typography

FIXED_RULES = frozenset(("cdt",))  # beside the typography ones


def fixed_count(result: CheckResult) -> int:
    """The findings `fix_text` can mend: typography, and « Cdt » alone on its line."""
    return sum(1 for f in result.findings if f.category == "typography" or f.rule in FIXED_RULES)


_CDT_LINE = re.compile(
    r"^([ \t]*)(?:cdt|cdlt|cordt|crdt|cdmt)[ \t]*[.,]?[ \t]*$", re.IGNORECASE | re.MULTILINE
)


def fix_text(text: str) -> str:
    """The safe fixes only: French typography, and « Cdt » alone on its line.

    Words are never changed otherwise: the agent stays the author of the reply.
    """
    fixed = typography(text)
    return _CDT_LINE.sub(lambda m: m.group(1) + "Bien cordialement,", fixed)
