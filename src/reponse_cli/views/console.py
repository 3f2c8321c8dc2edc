"""The consoles reponse draws on: Rich, built from the environment, in one place.

What is for the agent (prompts, panels, hints, warnings) goes to stderr; stdout carries
the command's result alone. Colours only for a terminal, never with NO_COLOR.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from rich.console import Console
from rich.text import Text

from reponse_cli.env import Environment

# Below this width a table or a panel is unreadable (`COLUMNS=0` printed nothing at all):
# such a value is ignored, as a value that is not a number is.
MIN_WIDTH = 40


def _environ(env: Environment) -> dict[str, str]:
    """The variables Rich reads, COLUMNS and LINES only when they are usable."""
    variables = dict(env.variables)
    for name, least in (("COLUMNS", MIN_WIDTH), ("LINES", 5)):
        value = variables.get(name, "")
        if name in variables and not (value.isdigit() and int(value) >= least):
            del variables[name]
    return variables


def _console(env: Environment, stream: TextIO, terminal: bool | None) -> Console:
    return Console(
        file=stream,
        highlight=False,
        no_color=not env.color,
        force_terminal=terminal or None,
        _environ=_environ(env),
    )


def agent_console(env: Environment) -> Console:
    """The agent's console on stderr: never mixed into a piped draft."""
    return _console(env, env.stderr, env.stderr_isatty)


def result_console(env: Environment) -> Console:
    """A console on stdout, for commands whose result is a display (tables)."""
    return _console(env, env.stdout, env.stdout_isatty)


def print_json(stream: TextIO, data: Any) -> None:
    stream.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def print_indented(console: Console, text: Text | str, indent: int = 2) -> None:
    """A paragraph whose wrapped lines start where its first does, without the trailing
    spaces a padded block would leave in a copied text."""
    body = Text(text) if isinstance(text, str) else text
    for line in body.wrap(console, max(20, console.width - indent)):
        line.rstrip()
        console.print(Text(" " * indent) + line, soft_wrap=True)
