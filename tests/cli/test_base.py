"""Every help screen and usage error, scanned for English: the words of click, typer and
Python that a French agent must never read (tests/english.py)."""

from __future__ import annotations

import pytest

from english import english_in
from helpers import command_paths

PATHS = command_paths()


def test_every_command_is_found_subcommands_included() -> None:
    names = {" ".join(path) for path in PATHS}
    assert {"draft", "listen", "check", "playbooks show", "suivi fait", "dossiers close"} <= names
    assert "completion" in names
    assert len(names) >= 25


@pytest.mark.parametrize("path", PATHS, ids=[" ".join(p) for p in PATHS])
def test_every_help_is_french_whole(invoke, path: list[str]) -> None:
    result = invoke(*path, "--help")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Utilisation : reponse ")
    assert english_in(result.stdout) == []
    command = " ".join(path)
    assert "Affiche cette aide." in result.stdout, command


@pytest.mark.parametrize("path", PATHS, ids=[" ".join(p) for p in PATHS])
def test_every_usage_error_is_french(invoke, path: list[str]) -> None:
    result = invoke(*path, "--zzz")
    assert result.exit_code == 2
    assert result.stderr.startswith("Erreur : option inconnue : --zzz")
    assert english_in(result.output) == []


def test_the_root_the_groups_and_a_missing_argument_are_french(invoke) -> None:
    screens = [invoke().stdout, invoke("--help").stdout]
    for group in ("suivi", "dossiers", "playbooks"):
        screens.append(invoke(group, "--help").stdout)
    screens.append(invoke("playbooks").stderr)
    screens.append(invoke("playbooks", "show").stderr)
    screens.append(invoke("dossiers", "show", "douze").stderr)
    screens.append(invoke("draft", "--format", "pdf").stderr)
    for screen in screens:
        assert screen.strip()
        assert english_in(screen) == [], screen
