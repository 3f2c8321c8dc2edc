"""Shared fixtures: every test has its own environment — config, data, date, streams.

Code under test receives an `Environment` built here (like httpie's MockEnvironment):
nothing patches `os.environ` or `sys.stdout`. Commands run through CliRunner get the
same variables, and subprocesses (pexpect, `python -m`) get them in their `env=`.
"""

from __future__ import annotations

import io
import os
import tempfile
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec
import pytest
from typer.testing import CliRunner

from helpers import MINIMAL
from reponse_cli.env import Environment

ROOT = Path(__file__).resolve().parents[1]
TODAY = "2026-11-22"  # a Sunday: due dates on Sundays move to Monday
_GUARD = Path(tempfile.mkdtemp(prefix="reponse-tests-"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-snapshots",
        action="store_true",
        help="Rewrite tests/snapshots and docs/gallery.md (then review the diff).",
    )


def pytest_configure(config: pytest.Config) -> None:
    # A safety net, set once: a code path that forgot its environment still never
    # touches the real user's settings, playbooks or drafts.
    os.environ["REPONSE_CONFIG"] = str(_GUARD / "config.yaml")
    os.environ["REPONSE_DATA_DIR"] = str(_GUARD / "data")
    for name in ("REPONSE_PLAYBOOKS", "REPONSE_RULES", "REPONSE_TODAY", "REPONSE_NO_CACHE"):
        os.environ.pop(name, None)


@pytest.fixture
def update_snapshots(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-snapshots"))


@pytest.fixture
def isolated(tmp_path: Path) -> Path:
    """The test's own home: config file, data folder (playbooks, rules, state, cache)."""
    home = tmp_path / "home"
    home.mkdir()
    return home


@pytest.fixture
def env_vars(isolated: Path) -> dict[str, str]:
    """The variables of the test's environment; edit them before the code reads them."""
    return {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(isolated),
        "REPONSE_CONFIG": str(isolated / "config.yaml"),
        "REPONSE_DATA_DIR": str(isolated / "data"),
        "REPONSE_TODAY": TODAY,
        "NO_COLOR": "1",
    }


class MockEnvironment(Environment):
    """An environment with in-memory streams; `stdout_text()` reads what was written."""

    def stdout_text(self) -> str:
        return self.stdout.getvalue()  # type: ignore[attr-defined]

    def stderr_text(self) -> str:
        return self.stderr.getvalue()  # type: ignore[attr-defined]


@pytest.fixture
def make_env(env_vars: dict[str, str]) -> Callable[..., MockEnvironment]:
    def make(stdin: str = "", **variables: str) -> MockEnvironment:
        return MockEnvironment(
            stdin=io.StringIO(stdin),
            stdout=io.StringIO(),
            stderr=io.StringIO(),
            variables={**env_vars, **variables},
        )

    return make


@pytest.fixture
def env(make_env: Callable[..., MockEnvironment]) -> MockEnvironment:
    return make_env()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def invoke(runner: CliRunner, env_vars: dict[str, str]) -> Callable[..., Any]:
    """Run `reponse` in-process with the test's environment (streams from CliRunner)."""
    from reponse_cli.cli import app

    def run(
        *args: str,
        input: str | bytes | None = None,
        clipboard: Callable[[str], None] | None = None,
        **variables: str,
    ) -> Any:
        merged = {**env_vars, **variables}
        return runner.invoke(
            app,
            list(args),
            input=input,
            obj=lambda: Environment(variables=merged, clipboard=clipboard),
        )

    return run


@pytest.fixture
def process_env(env_vars: dict[str, str]) -> dict[str, str]:
    """The variables for a subprocess: the machine's, then the test's."""
    return {**os.environ, **env_vars}


@pytest.fixture
def configured(isolated: Path) -> Path:
    """A config as `reponse init` would write it."""
    (isolated / "config.yaml").write_text(
        textwrap.dedent(
            """\
            agent: Camille Martin
            entreprise: Atelier Exemple
            contact: bonjour@atelier-exemple.fr
            mediateur_nom: Médiation Exemple
            mediateur_site: https://www.mediation-exemple.fr
            """
        ),
        encoding="utf-8",
    )
    return isolated


@pytest.fixture
def write_playbook(tmp_path: Path) -> Callable[..., Path]:
    """Write a playbook file into a folder of the test's own; returns its path."""

    def write(name: str = "essai", text: str = MINIMAL, folder: Path | None = None) -> Path:
        target = folder or tmp_path / "playbooks"
        target.mkdir(parents=True, exist_ok=True)
        path = target / f"{name}.yaml"
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


@pytest.fixture
def library(env: MockEnvironment) -> Any:
    from reponse_cli.playbooks.library import Library

    return Library(env)


@pytest.fixture
def rules(env: MockEnvironment) -> Any:
    from reponse_cli.checker.rules import load_rules

    return load_rules(env)


class FakeClipboard:
    """A clipboard of the test's own: `copied` holds what was put on it, in order;
    `broken` makes it fail as pyperclip does on a machine without one."""

    def __init__(self) -> None:
        self.copied: list[str] = []
        self.broken = False

    def __call__(self, text: str) -> None:
        import pyperclip

        if self.broken:
            raise pyperclip.PyperclipException("no clipboard mechanism")
        self.copied.append(text)


@pytest.fixture
def clipboard() -> FakeClipboard:
    return FakeClipboard()


EDITOR_SCRIPT = """\
import os, signal, sys, time
path = sys.argv[-1]
with open(os.environ["EDITOR_LOG"], "a", encoding="utf-8") as log:
    mode = oct(os.stat(path).st_mode & 0o777)
    log.write(f"tty={os.isatty(0)},{os.isatty(1)} mode={mode} name={os.path.basename(path)}\\n")
if os.environ.get("EDITOR_CTRL_C"):  # the agent presses Ctrl-C inside the editor
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    time.sleep(0.3)
    os.killpg(os.getpgrp(), signal.SIGINT)
    time.sleep(0.3)
if os.environ.get("EDITOR_EXIT"):
    sys.exit(int(os.environ["EDITOR_EXIT"]))
with open(path, encoding="utf-8") as handle:
    text = handle.read()
if os.environ.get("EDITOR_CONTENT") is not None:
    text = os.environ["EDITOR_CONTENT"]
for pair in filter(None, os.environ.get("EDITOR_REPLACE", "").split("||")):
    old, new = pair.split("=>")
    text = text.replace(old, new)
with open(path, "w", encoding="utf-8") as handle:
    handle.write(text)
"""


class EditorScript(msgspec.Struct):
    """A real small editor: replaces text as told (EDITOR_REPLACE="old=>new||…"), logs
    whether it ran on a terminal and the file's mode."""

    command: str
    log: Path

    def variables(self, **extra: str) -> dict[str, str]:
        return {"EDITOR": self.command, "EDITOR_LOG": str(self.log), **extra}

    def runs(self) -> list[str]:
        return self.log.read_text(encoding="utf-8").splitlines() if self.log.exists() else []


@pytest.fixture
def editor(tmp_path: Path) -> EditorScript:
    import shlex
    import sys

    script = tmp_path / "editeur.py"
    script.write_text(EDITOR_SCRIPT, encoding="utf-8")
    command = f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}"
    return EditorScript(command, tmp_path / "editeur.log")
