"""`reponse check` as agents and scripts use it: files, pipes, formats, exit codes, --fix."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from helpers import DRAFT
from reponse_cli.text.french import NBSP

CLEAN = """\
Madame,

Je vous présente toutes nos excuses pour ce retard. Je vous renvoie un exemplaire
aujourd'hui, à nos frais, et je vous donne des nouvelles d'ici le 24 novembre.

Bien cordialement,
Camille Martin
"""

BLAMING = """\
Bonjour,

C'est de votre faute : vous vous êtes trompée d'adresse.

Cdt
"""

# A reply that can go out but could be better: no closing formula.
WARNINGS_ONLY = CLEAN.replace("Bien cordialement,\n", "")
WITH_CDT = CLEAN.replace("Bien cordialement,", "Cdt")


@pytest.fixture
def reply(tmp_path: Path):
    def write(text: str, name: str = "reponse.txt") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


def test_clean_reply_exits_0(invoke, reply) -> None:
    result = invoke("check", str(reply(CLEAN)))
    assert result.exit_code == 0, result.output
    assert "Rien à signaler" in result.stdout
    assert "salutation ✓" in result.stdout
    assert result.stderr == ""


def test_errors_exit_1_one_line_each(invoke, reply) -> None:
    result = invoke("check", str(reply(BLAMING)))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    (blame,) = [line for line in lines if "[faute-client]" in line]
    assert blame.startswith("3:1 ")
    assert " erreur " in blame
    assert f"«{NBSP}C'est de votre faute{NBSP}» → " in blame
    assert any("[vous-vous-etes-trompe]" in line for line in lines)
    assert any(line.startswith("5:1 ") and "[cdt]" in line and " erreur " in line for line in lines)
    # Neither apology nor solution: the reply as a whole is dry.
    (dry,) = [line for line in lines if "[reponse-seche]" in line]
    assert dry.startswith("—") and "réponse entière" in dry
    assert f"4 erreurs et 4 avertissements{NBSP}: à corriger avant d'envoyer." in lines[-1]
    assert "\x1b[" not in result.stdout


def test_warnings_pass_unless_strict(invoke, reply) -> None:
    path = str(reply(WARNINGS_ONLY))
    assert invoke("check", path).exit_code == 0
    strict = invoke("check", "--strict", path)
    assert strict.exit_code == 1
    assert "(--strict)" in strict.stdout


def test_json_shape(invoke, reply) -> None:
    result = invoke("check", "--format", "json", str(reply(BLAMING)))
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["ok"] is False
    assert data["steps"] == {
        "greeting": True,
        "apology": False,
        "solution": False,
        "follow_up": False,
        "closing": True,
    }
    first = data["findings"][0]
    assert first == {
        "rule": "faute-client",
        "category": "blame",
        "severity": "error",
        "line": 3,
        "column": 1,
        "excerpt": "C'est de votre faute",
        "suggestion": first["suggestion"],
        "message": first["message"],
    }
    assert "coupable" in first["suggestion"]
    missing = [f for f in data["findings"] if f["category"] == "structure"]
    assert {(f["step"], f["line"], f["severity"]) for f in missing} == {
        ("apology", 0, "warning"),
        ("solution", 0, "warning"),
        ("follow_up", 0, "warning"),
    }
    clean = json.loads(invoke("check", "--format", "json", str(reply(CLEAN))).stdout)
    assert clean["ok"] is True
    assert clean["findings"] == []


def test_strict_json_is_not_ok_with_warnings(invoke, reply) -> None:
    result = invoke("check", "--strict", "--format", "json", str(reply(WARNINGS_ONLY)))
    assert result.exit_code == 1
    assert json.loads(result.stdout)["ok"] is False


@pytest.mark.parametrize("args", [["check", "-"], ["check"]])
def test_reads_stdin(invoke, args: list[str]) -> None:
    result = invoke(*args, input="Bonjour,\n\nCalmez-vous.\n")
    assert result.exit_code == 1
    assert "[calmez-vous]" in result.stdout


def test_missing_file_is_a_usage_error(invoke, tmp_path: Path) -> None:
    result = invoke("check", str(tmp_path / "absente.txt"))
    assert result.exit_code == 2
    assert result.stderr.startswith("Erreur : Fichier introuvable")
    assert "absente.txt" in result.stderr
    assert "Traceback" not in result.output


def test_empty_input_is_a_usage_error(invoke) -> None:
    result = invoke("check", "-", input="  \n")
    assert result.exit_code == 2
    assert "Rien à relire" in result.stderr


def test_broken_user_rule_file_gives_path_and_line(invoke, reply, isolated: Path) -> None:
    rules = isolated / "data" / "rules"
    rules.mkdir(parents=True)
    (rules / "perso.yaml").write_text("rules:\n  - id: x\n    patterns: [oubli\n", "utf-8")
    result = invoke("check", str(reply(CLEAN)))
    assert result.exit_code == 2
    # The line where the bracket was opened, the one to mend.
    assert f"{rules / 'perso.yaml'}:3: YAML invalide : « [ » ouvert ici" in result.stderr
    assert "Traceback" not in result.output


def test_user_rule_overrides_a_builtin_one(invoke, reply, isolated: Path) -> None:
    path = str(reply(BLAMING))
    rules = isolated / "data" / "rules"
    rules.mkdir(parents=True)
    (rules / "perso.yaml").write_text(
        textwrap.dedent(
            """\
            rules:
              - id: faute-client
                severity: warning
              - id: vous-vous-etes-trompe
                enabled: false
            """
        ),
        encoding="utf-8",
    )
    result = invoke("check", path)
    assert "attention [faute-client]" in result.stdout
    assert "vous-vous-etes-trompe" not in result.stdout
    assert "[cdt]" in result.stdout  # the other built-in rules still apply


def test_rules_option_and_env_come_first(invoke, reply, tmp_path: Path) -> None:
    team = tmp_path / "equipe"
    team.mkdir()
    (team / "equipe.yaml").write_text(
        "rules:\n  - id: mot-interdit\n    category: maison\n    severity: error\n"
        "    patterns: ['[souci|soucis]']\n    suggestion: Dites « problème ».\n"
        "    why: Charte de l'équipe.\n",
        encoding="utf-8",
    )
    path = str(reply(CLEAN.replace("ce retard", "ce souci")))
    assert invoke("check", path).exit_code == 0
    with_option = invoke("check", "--rules", str(team), path)
    assert with_option.exit_code == 1
    assert "[mot-interdit]" in with_option.stdout
    assert invoke("check", path, REPONSE_RULES=str(team)).exit_code == 1
    missing = invoke("check", "--rules", str(tmp_path / "nulle-part"), path)
    assert missing.exit_code == 2
    assert "Dossier de règles introuvable" in missing.stderr


def test_fix_writes_the_fixed_text_to_stdout(invoke, reply) -> None:
    text = CLEAN.replace("aujourd'hui,", "aujourd'hui: c'est «promis»,")
    path = reply(text)
    result = invoke("check", "--fix", str(path))
    assert result.stdout == text.replace(": c'est «promis»", f"{NBSP}: c'est «{NBSP}promis{NBSP}»")
    assert result.exit_code == 0
    assert path.read_text(encoding="utf-8") == text  # the file is left alone


def test_fix_reports_what_remains_on_stderr(invoke, reply) -> None:
    result = invoke("check", "--fix", str(reply(BLAMING)))
    assert result.exit_code == 1
    assert result.stdout.startswith(f"Bonjour,\n\nC'est de votre faute{NBSP}: vous vous")
    assert result.stdout.endswith("Bien cordialement,\n")
    assert "[faute-client]" in result.stderr
    assert "[cdt]" not in result.stderr


def test_fix_in_place(invoke, reply) -> None:
    path = reply(WITH_CDT.replace("retard.", "retard !"))
    result = invoke("check", "--fix", "--in-place", "--format", "json", str(path))
    fixed = path.read_text(encoding="utf-8")
    assert "retard\u202f!" in fixed
    assert "Bien cordialement," in fixed and "Cdt" not in fixed
    assert "2 corrections de typographie" in result.stderr
    assert json.loads(result.stdout)["ok"] is True
    assert result.exit_code == 0
    again = invoke("check", "--fix", "--in-place", str(path))
    assert "Rien à corriger" in again.stderr
    assert path.read_text(encoding="utf-8") == fixed


def test_fix_usage_errors(invoke, reply) -> None:
    in_place_stdin = invoke("check", "--in-place", "-", input=CLEAN)
    assert in_place_stdin.exit_code == 2
    assert "--in-place" in in_place_stdin.stderr
    fix_json = invoke("check", "--fix", "--format", "json", str(reply(CLEAN)))
    assert fix_json.exit_code == 2
    assert "--in-place" in fix_json.stderr


def test_draft_carries_the_check(invoke, configured) -> None:
    result = invoke(*DRAFT, "--format", "json")
    assert result.exit_code == 0, result.stderr
    check = json.loads(result.stdout)["check"]
    assert check["ok"] is True
    assert [f for f in check["findings"] if f["severity"] == "error"] == []
    assert check["steps"] == dict.fromkeys(
        ["greeting", "apology", "solution", "follow_up", "closing"], True
    )


def test_edit_needs_a_file_and_does_not_go_with_fix(invoke, tmp_path) -> None:
    result = invoke("check", "--edit", "-", input="Madame,\n")
    assert result.exit_code == 2 and "--edit ouvre un fichier" in result.stderr
    path = tmp_path / "r.txt"
    path.write_text("Madame,\n", encoding="utf-8")
    result = invoke("check", "--edit", "--fix", str(path))
    assert result.exit_code == 2 and "ne vont pas ensemble" in result.stderr


def test_edit_refuses_a_file_it_could_only_read_in_part(invoke, tmp_path) -> None:
    from reponse_cli.limits import REPLY_LIMIT

    path = tmp_path / "long.txt"
    text = ("Madame, votre colis part demain.\n" * (REPLY_LIMIT // 30))[: REPLY_LIMIT + 500]
    path.write_text(text, encoding="utf-8")
    result = invoke("check", "--edit", str(path))
    assert result.exit_code == 2 and "trop long" in result.stderr
    assert path.read_text(encoding="utf-8") == text  # nothing lost
