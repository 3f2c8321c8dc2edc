"""Shared fixtures: every test runs with its own config, data folder and a fixed date."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers import MINIMAL

ROOT = Path(__file__).resolve().parents[1]
TODAY = "2026-11-22"  # a Sunday: due dates on Sundays move to Monday


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-snapshots",
        action="store_true",
        help="Rewrite tests/snapshots and docs/gallery.md (then review the diff).",
    )


@pytest.fixture
def update_snapshots(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-snapshots"))


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test reads or writes the real user's config, playbooks or saved drafts."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("REPONSE_CONFIG", str(home / "config.yaml"))
    monkeypatch.setenv("REPONSE_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("REPONSE_TODAY", TODAY)
    monkeypatch.delenv("REPONSE_PLAYBOOKS", raising=False)
    monkeypatch.delenv("REPONSE_RULES", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    return home


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def invoke(runner: CliRunner) -> Callable[..., object]:
    from reponse_cli.cli import app

    def run(*args: str, input: str | None = None) -> object:
        return runner.invoke(app, list(args), input=input)

    return run


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
