"""The command line as a whole: help, speed of --help, French usage errors, entry points."""

import subprocess
import sys
from typing import Any

import pytest

from helpers import command_paths

HEAVY = (
    "questionary",
    "jinja2",
    "rich",
    "babel",
    "msgspec",
    "yaml",
    "prompt_toolkit",
    "pyperclip",
    "email",
)


def test_help_imports_no_heavy_module() -> None:
    code = (
        "import sys\n"
        "from reponse_cli.cli import app\n"
        "try:\n    app(['--help'])\nexcept SystemExit:\n    pass\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip().splitlines()[-1] == "[]"


@pytest.mark.parametrize(
    ("command", "words"),
    [
        ("draft", "Rédiger une réponse"),
        ("init", "Enregistrer votre nom"),
        ("playbooks list", "Lister les playbooks"),
        ("playbooks validate", "Valider des playbooks"),
        ("check", "Relire une réponse avant envoi"),
        ("listen", "Écouter"),
        ("lot", "Rédiger d'un coup les brouillons"),
    ],
)
def test_subcommand_help_is_french_and_light(command: str, words: str) -> None:
    code = (
        "import sys\n"
        "from reponse_cli.cli import app\n"
        f"try:\n    app({[*command.split(), '--help']!r})\nexcept SystemExit:\n    pass\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    lines = result.stdout.strip().splitlines()
    assert lines[-1] == "[]"
    assert words in result.stdout
    assert "Affiche cette aide." in result.stdout and "Show this message" not in result.stdout


def test_every_command_has_a_french_help() -> None:
    from typer.main import get_command

    from reponse_cli.cli import app

    root = get_command(app)
    for path in command_paths():
        cmd: Any = root
        for name in path:
            cmd = cmd.get_command(None, name)
        name = " ".join(path)
        assert cmd.help, f"reponse {name} sans aide"
        for param in cmd.params:
            if param.param_type_name == "option" and param.name != "help":
                assert getattr(param, "help", None), f"reponse {name} {param.opts[0]} sans aide"


def test_python_dash_m_and_version() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "reponse_cli", "--version"], capture_output=True, text=True
    )
    assert result.returncode == 0
    assert result.stdout.startswith("reponse ")


def test_reponse_alone_says_where_to_start(invoke) -> None:
    result = invoke()
    assert result.exit_code == 0
    assert result.stdout.startswith("reponse — répondre à un client mécontent")
    assert "Par où commencer" in result.stdout
    for command in ("reponse init", "reponse listen", "reponse draft --message"):
        assert command in result.stdout


def test_a_group_alone_shows_its_commands_in_french(invoke) -> None:
    result = invoke("playbooks")
    assert result.exit_code == 2
    assert result.stderr.startswith("Utilisation : reponse playbooks [OPTIONS] COMMANDE")
    assert "Commandes\u00a0:" in result.stderr and "validate" in result.stderr


def test_help_is_french_headings_defaults_and_whole_summaries(invoke) -> None:
    top = invoke("--help").stdout
    assert top.startswith("Utilisation : reponse [OPTIONS] COMMANDE [ARGUMENTS]…")
    assert "Commandes\u00a0:" in top and "Options\u00a0:" in top
    assert "..." not in top  # each command's summary whole, not cut
    listen = invoke("listen", "--help").stdout
    assert "[par défaut : table]" in listen and "Arguments\u00a0:" in listen


def test_unknown_command_suggests(invoke) -> None:
    result = invoke("darft")
    assert result.exit_code == 2
    assert result.stderr.startswith("Erreur : commande inconnue : « darft »")
    assert "« draft »" in result.stderr


def test_missing_option_value(invoke) -> None:
    result = invoke("draft", "retard-livraison", "--set")
    assert result.exit_code == 2
    assert "l'option --set attend une valeur" in result.stderr


def test_extra_argument(invoke) -> None:
    result = invoke("playbooks", "show", "a", "b")
    assert result.exit_code == 2
    assert "argument en trop" in result.stderr


def test_an_unexpected_bug_is_one_line_not_a_traceback(invoke, monkeypatch) -> None:
    from reponse_cli.playbooks.library import Library

    def broken(*_args, **_kwargs):
        raise RuntimeError("boum")

    monkeypatch.setattr(Library, "discover", broken)  # a bug, planted
    result = invoke("playbooks", "list")
    assert result.exit_code == 70
    assert "erreur inattendue (RuntimeError : boum)" in result.stderr
    assert "Traceback" not in result.stderr
