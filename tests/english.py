"""The English a French screen must never show: click's, typer's, questionary's and
prompt_toolkit's own words, Python's values, a traceback."""

from __future__ import annotations

import re

WORDS = (
    "Usage",
    "Commands",
    "Options:",
    "Arguments:",
    "default",
    "required",
    "done",
    "selection",
    "selections",
    "Error",
    "Aborted",
    "Score",
    "True",
    "False",
    "None",
    "Show this message",
    "Invalid input",
    "Invalid value",
    "Cancelled by user",
    "Missing",
    "No such",
    "Got unexpected",
    "Try",
    "Traceback",
    "Answer:",
    "Description:",
    "Use arrow keys",
    "type to filter",
    "Finish with",
    "Yes",
)
_PATTERN = re.compile(
    "|".join(
        rf"(?<![\w-]){re.escape(w)}(?![\w-])" if w[-1].isalnum() else re.escape(w) for w in WORDS
    )
)
# Escape sequences a terminal interprets: colours, cursor moves, OSC 52 copies.
_ESCAPES = re.compile(
    r"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b\[[0-?]*[ -/]*[@-~]|\x1b[()][0-9A-B]|\x1b[=>78]"
)


def readable(transcript: str) -> str:
    """What a person reads of a terminal transcript: the text, without escape sequences."""
    return _ESCAPES.sub("", transcript)


def english_in(text: str) -> list[str]:
    """The English words of the list found in `text`, with a little context each."""
    text = readable(text)
    return [text[max(0, m.start() - 30) : m.end() + 30] for m in _PATTERN.finditer(text)]
