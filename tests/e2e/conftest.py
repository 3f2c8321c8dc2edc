"""The `spawn` fixture: the installed command in a pseudo-terminal, closed after the test."""

from __future__ import annotations

from pathlib import Path

import pexpect
import pytest

from terminal import start


@pytest.fixture
def spawn(process_env: dict, configured: Path):
    children: list[pexpect.spawn] = []

    def run(*args: str, shell: str | None = None, **variables: str) -> pexpect.spawn:
        child = start(process_env, list(args), shell, **variables)
        children.append(child)
        return child

    yield run
    for child in children:
        child.close(force=True)
