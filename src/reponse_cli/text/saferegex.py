r"""Regular expressions written by users, run by RE2: linear time whatever the pattern.

A rule's `regex:` entry in the agent's own rule files and the shop's order pattern
(`motif_commande`) are written by people, not by reponse: Python's `re` backtracks, and
`(a+)+$` on a long e-mail would run for hours. RE2 (google-re2) never backtracks; what it
cannot run in linear time (back-references `\1`, look-arounds `(?=…)`, `(?<!…)`) is refused
when the pattern is read, with a French message. The built-in rules, which reponse ships
and tests, keep Python's `re`.

RE2 is imported on first use: a command that never reads such a pattern does not pay
for it.
"""

from __future__ import annotations

import re
from typing import Any

# A pattern whose automaton would need more memory than this is refused as too large.
MAX_MEMORY = 8 * 1024 * 1024


class PatternError(ValueError):
    """A user's regular expression that cannot be run safely; the message is French."""


_REASONS = (
    ("invalid escape sequence: \\", "les références arrière (\\1…) ne sont pas prises en charge"),
    (
        "invalid perl operator: (?<",
        "les regards en arrière (?<=…) (?<!…) ne sont pas pris en charge",
    ),
    ("invalid perl operator: (?=", "les regards en avant (?=…) ne sont pas pris en charge"),
    ("invalid perl operator: (?!", "les regards en avant (?!…) ne sont pas pris en charge"),
    ("invalid repetition size", "répétition trop grande (au plus 1000)"),
    ("pattern too large", "expression trop grande"),
    ("missing )", "parenthèse « ) » manquante"),
    ("unexpected )", "parenthèse « ) » sans ouverture"),
    ("missing ]", "crochet « ] » manquant"),
    ("missing argument to repetition operator", "« * », « + » ou « ? » sans rien avant"),
    ("bad repetition operator", "répétition mal formée"),
    ("trailing \\", "« \\ » en fin d'expression"),
)


def _french(error: Exception) -> str:
    raw = error.args[0] if error.args else str(error)
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    for marker, reason in _REASONS:
        if marker in text:
            return reason
    return f"expression invalide ({text})"


def compile_safe(pattern: str, flags: int = 0) -> Any:
    """`pattern` compiled by RE2 (`re.MULTILINE`, `re.IGNORECASE`, `re.DOTALL` honoured).

    The result has the `re.Pattern` methods reponse uses: search, finditer, match objects
    with span, group, groupdict and start.
    """
    import re2

    options = re2.Options()
    options.log_errors = False
    options.max_mem = MAX_MEMORY
    inline = "".join(
        letter
        for flag, letter in ((re.MULTILINE, "m"), (re.IGNORECASE, "i"), (re.DOTALL, "s"))
        if flags & flag
    )
    try:
        return re2.compile(f"(?{inline}){pattern}" if inline else pattern, options)
    except re2.error as error:
        raise PatternError(_french(error)) from None


def order_pattern(pattern: str) -> Any:
    """The shop's order pattern (`motif_commande`), compiled, or PatternError."""
    if not pattern.strip():
        raise PatternError("motif vide")
    return compile_safe(pattern)


# --- an order pattern from examples ---------------------------------------------------------

_RUNS = re.compile(r"\d+|[^\W\d_]+|.", re.DOTALL)
_SPECIAL = set(".^$*+?{}[]\\|()")


def _literal(text: str) -> str:
    return "".join(f"\\{char}" if char in _SPECIAL else char for char in text)


def _times(values: list[str]) -> str:
    low, high = min(map(len, values)), max(map(len, values))
    if low == high:
        return "" if low == 1 else f"{{{low}}}"
    return f"{{{low},{high}}}"


def pattern_from_examples(examples: list[str]) -> str:
    r"""The order pattern that reads the shop's own numbers, from a few of them:
    « CMD-2026-0817, CMD-2026-1203 » → `CMD-\d{4}-\d{4}`, « BX12/345 » → `BX\d{2}/\d{3}`.

    Digits become `\d{n}`; letters stay as written when every example has the same,
    else any letters of that length; other characters stay. Examples of different
    shapes give one alternative each.
    """
    shapes: dict[tuple[str, ...], list[list[str]]] = {}
    for example in (e.strip() for e in examples):
        if not example:
            continue
        runs = _RUNS.findall(example)
        kinds = tuple("9" if r.isdigit() else "a" if r.isalpha() else r for r in runs)
        shapes.setdefault(kinds, []).append(runs)
    if not shapes:
        raise PatternError("aucun exemple")
    alternatives = []
    for kinds, group in shapes.items():
        parts = []
        for index, kind in enumerate(kinds):
            values = [runs[index] for runs in group]
            if kind == "9":
                parts.append(r"\d" + _times(values))
            elif kind == "a" and len(set(values)) == 1:
                parts.append(_literal(values[0]))
            elif kind == "a":
                letters = "[A-Z]" if all(v.isupper() for v in values) else "[A-Za-z]"
                parts.append(letters + _times(values))
            else:
                parts.append(_literal(kind))
        alternatives.append("".join(parts))
    pattern = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
    compiled = order_pattern(pattern)
    for example in examples:
        if example.strip() and not compiled.fullmatch(example.strip()):
            raise PatternError(f"« {example.strip()} » n'est pas lu par {pattern}")
    return pattern
