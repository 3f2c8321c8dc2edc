"""The `spawn` fixture: the installed command in a pseudo-terminal, closed after the test.

Every screen a journey drew is then read for English (tests/english.py): a French agent
must not meet « done (2 selections) », « Usage: » or a Python value anywhere.
"""

from __future__ import annotations

from pathlib import Path

import pexpect
import pytest

from english import english_in
from terminal import start, transcript


@pytest.fixture
def spawn(process_env: dict, configured: Path):
    children: list[pexpect.spawn] = []

    def run(*args: str, shell: str | None = None, **variables: str) -> pexpect.spawn:
        child = start(process_env, list(args), shell, **variables)
        children.append(child)
        return child

    yield run
    found = []
    for child in children:
        found += english_in(transcript(child))
        child.close(force=True)
    assert found == [], f"de l'anglais à l'écran : {found}"
