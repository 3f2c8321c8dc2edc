"""The batch tests share one cache folder and one folder of playbooks of their own:
building the listening index takes a second or two cold, and each test would otherwise
build it afresh."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import MINIMAL

MEDIATOR = """\
closing: >-
  Si ma réponse ne vous convient pas, le médiateur {{ mediateur_nom }} peut être saisi.
"""
DATED = """\
questions:
  - {id: date_panne, prompt: Date de la panne, type: date}
"""


@pytest.fixture(scope="session")
def kitchen(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three playbooks a message clearly calls for: one drafts, one needs the mediator's
    name from the settings, one needs a date only the agent knows."""
    folder = tmp_path_factory.mktemp("playbooks")
    for name, keywords, extra in (
        ("grille-pain", "grille-pain, tartines brûlées, tartine brûlée", ""),
        ("bouilloire", "bouilloire, eau tiède", MEDIATOR),
        ("cafetiere", "cafetière, café froid", DATED),
    ):
        text = MINIMAL.replace(
            "description: Un playbook d'essai.\n", f"description: Essai.\nkeywords: [{keywords}]\n"
        )
        (folder / f"{name}.yaml").write_text(text + extra, encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture
def env_vars(env_vars: dict[str, str], shared_cache: Path) -> dict[str, str]:
    return {**env_vars, "REPONSE_CACHE_DIR": str(shared_cache)}
