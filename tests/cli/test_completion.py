"""Shell completion: the script `reponse completion` prints, and the answers the shell
gets at each Tab — commands, options, playbook ids, dossier numbers, help in French —
from the lazily built commands, in a real process as the shell runs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from english import english_in

EXE = Path(sys.executable).parent / "reponse"
pytestmark = pytest.mark.skipif(not EXE.exists(), reason="the reponse script is not installed")


def tab(process_env: dict[str, str], shell: str, line: str) -> list[str]:
    """What `reponse` answers the shell for the command line `line` (Tab at its end)."""
    variables = {**process_env, "_REPONSE_COMPLETE": f"complete_{shell}"}
    if shell == "bash":
        words = line.split(" ")
        variables.update(COMP_WORDS=line, COMP_CWORD=str(len(words) - 1))
    else:
        variables["_TYPER_COMPLETE_ARGS"] = line
        if shell == "fish":
            variables["_TYPER_COMPLETE_FISH_ACTION"] = "get-args"
    result = subprocess.run([str(EXE)], env=variables, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return [line for line in result.stdout.splitlines() if line]


@pytest.mark.parametrize(
    ("shell", "marker"),
    [
        ("bash", "complete -o default -F _reponse_completion reponse"),
        ("zsh", "compdef _reponse_completion reponse"),
        ("fish", "complete --command reponse"),
        ("powershell", "Register-ArgumentCompleter -Native -CommandName reponse"),
    ],
)
def test_completion_prints_the_script_of_each_shell(invoke, shell: str, marker: str) -> None:
    result = invoke("completion", shell)
    assert result.exit_code == 0
    assert marker in result.stdout and "_REPONSE_COMPLETE" in result.stdout


def test_the_shell_is_read_from_dollar_shell_or_asked_for(invoke) -> None:
    assert "compdef" in invoke("completion", SHELL="/usr/bin/zsh").stdout
    unknown = invoke("completion", SHELL="/bin/tcsh")
    assert unknown.exit_code == 2
    assert "Indiquez votre shell\u00a0: reponse completion bash" in unknown.stderr


def test_commands_complete_with_their_french_summary(process_env) -> None:
    assert tab(process_env, "bash", "reponse dr") == ["draft"]
    assert sorted(tab(process_env, "bash", "reponse playbooks s")) == ["schema", "show"]
    menu = tab(process_env, "zsh", "reponse ")
    shown = "\n".join(menu)
    assert '"draft":"Rédiger une réponse \\\\: écouter' in shown
    assert '"completion":' in shown and english_in(shown) == []
    assert all(line.count('"') % 2 == 0 for line in menu)  # one completion per line


def test_options_complete_with_their_french_help(process_env) -> None:
    lines = tab(process_env, "fish", "reponse check --")
    helps = dict(line.split("\t", 1) for line in lines)
    assert helps["--strict"] == "Code de sortie 1 dès le premier avertissement."
    assert helps["--help"] == "Affiche cette aide."
    assert tab(process_env, "bash", "reponse listen --format ") == ["table", "json"]


def test_playbook_ids_complete_with_their_title(process_env) -> None:
    assert tab(process_env, "bash", "reponse draft retr") == ["retractation"]
    lines = tab(process_env, "fish", "reponse playbooks show retard")
    assert lines == ["retard-livraison\tRetard de livraison"]


def test_dossier_numbers_complete_from_the_history(invoke, configured, process_env) -> None:
    assert tab(process_env, "bash", "reponse dossiers show ") == []  # no history yet
    assert not (Path(process_env["REPONSE_DATA_DIR"]) / "dossiers.sqlite3").exists()
    for order in ("48213", "48214"):
        recorded = invoke(
            "draft", "retard-livraison", "--no-input",
            "--set", f"commande={order}", "--set", "date_promise=18/11/2026",
            "--set", "civilite=madame", "--set", "nom=Dupont",
        )  # fmt: skip
        assert recorded.exit_code == 0, recorded.stderr
    assert tab(process_env, "bash", "reponse dossiers show ") == ["2", "1"]
    lines = tab(process_env, "fish", "reponse suivi fait ")
    assert lines[0].startswith("2\tretard-livraison · Dupont · ")  # and its status
    assert tab(process_env, "bash", "reponse draft --dossier 1") == ["1"]
