"""The one YAML reader refuses what would explode or crash, in every file it reads."""

from __future__ import annotations

import textwrap
import time
from pathlib import Path

import pytest

from helpers import DRAFT, MINIMAL
from reponse_cli.errors import FileProblems
from reponse_cli.files.yaml import parse_yaml


def billion_laughs() -> str:
    """10 levels of 10 aliases, about 530 bytes: 10¹⁰ values once expanded."""
    lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    previous = "a"
    for name in "bcdefghij":
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 10) + "]")
        previous = name
    return "\n".join(lines) + "\n"


BOMBS = {
    "alias bomb": (billion_laughs(), "représentent plus de"),
    "self-referencing list": ("a: &x [1, *x]\n", "« *x » se contient lui-même"),
    "self-referencing mapping": ("a: &m {b: *m}\n", "« *m » se contient lui-même"),
    "integer out of range": ("n: 99999999999999999999\n", "nombre trop grand"),
    "not a number": ("n: .nan\n", "nombre non fini"),
    "infinity": ("n: -.inf\n", "nombre non fini"),
    "deep nesting": ("[" * 3000 + "]" * 3000, "imbrication trop profonde"),
}


@pytest.mark.parametrize("text, message", list(BOMBS.values()), ids=list(BOMBS))
def test_a_hostile_yaml_text_is_refused_at_its_line(text: str, message: str) -> None:
    start = time.monotonic()
    with pytest.raises(FileProblems) as caught:
        parse_yaml(text, "f.yaml")
    assert time.monotonic() - start < 2
    assert message in caught.value.message
    assert caught.value.message.startswith("f.yaml:")


def test_the_alias_bomb_is_found_at_the_line_where_it_explodes() -> None:
    assert len(billion_laughs()) < 600
    with pytest.raises(FileProblems) as caught:
        parse_yaml(billion_laughs(), "f.yaml")
    line = int(caught.value.message.split(":")[1])
    assert 3 <= line <= 6  # « d » or « e »: where the count first passes the limit


def test_a_few_aliases_are_still_welcome() -> None:
    text = "base: &d {type: int, default: 10}\nun: *d\ndeux: *d\n"
    assert parse_yaml(text, "f.yaml").data["deux"] == {"type": "int", "default": 10}


def test_a_playbook_bomb_is_a_validation_error_not_a_crash(invoke, write_playbook) -> None:
    path = write_playbook("bombe", MINIMAL + billion_laughs().replace("a:", "x_a:", 1))
    result = invoke("playbooks", "validate", str(path))
    assert result.exit_code == 1
    assert f"{path}:" in result.stdout and "représentent plus de" in result.stdout


def test_aliases_in_a_question_default_do_not_hang_validate(invoke, write_playbook) -> None:
    text = MINIMAL.replace(
        "{id: remise_pct, prompt: Remise, type: int, default: 10}",
        "{id: remise_pct, prompt: Remise, type: int, default: *j}",
    )
    text = billion_laughs() + text
    path = write_playbook("defaut", text)
    result = invoke("playbooks", "validate", str(path))
    assert result.exit_code == 1
    assert "représentent plus de" in result.stdout


def test_a_config_bomb_is_a_french_error(invoke, isolated: Path) -> None:
    (isolated / "config.yaml").write_text(billion_laughs(), encoding="utf-8")
    result = invoke(*DRAFT)
    assert result.exit_code == 2
    assert "Configuration illisible" in result.stderr and "représentent plus de" in result.stderr


def test_a_rules_file_with_a_huge_integer_is_a_french_error(invoke, tmp_path: Path) -> None:
    rules = tmp_path / "regles"
    rules.mkdir()
    (rules / "r.yaml").write_text(
        textwrap.dedent(
            """\
            rules:
              - id: essai
                min_words: 99999999999999999999
            """
        ),
        encoding="utf-8",
    )
    reply = tmp_path / "r.txt"
    reply.write_text("Madame,\n\nMerci.\n", encoding="utf-8")
    result = invoke("check", str(reply), "--rules", str(rules))
    assert result.exit_code == 2
    assert f"{rules / 'r.yaml'}:3" in result.stderr and "nombre trop grand" in result.stderr


def test_an_answers_file_with_a_self_reference_is_a_french_error(invoke, tmp_path) -> None:
    answers = tmp_path / "reponses.yaml"
    answers.write_text("commande: &c [*c]\n", encoding="utf-8")
    result = invoke(*DRAFT, "--answers", str(answers))
    assert result.exit_code == 2
    assert "se contient lui-même" in result.stderr
    assert "Traceback" not in result.output


def test_a_binary_config_value_is_refused_at_load(invoke, isolated: Path) -> None:
    (isolated / "config.yaml").write_text("agent: !!binary aGVsbG8=\n", encoding="utf-8")
    result = invoke(*DRAFT)
    assert result.exit_code == 2
    assert "config.yaml:1" in result.stderr and "attendu : un texte" in result.stderr


def test_a_list_where_the_config_wants_a_text_is_refused(invoke, isolated: Path) -> None:
    (isolated / "config.yaml").write_text("entreprise: Atelier\nagent: [1, 2]\n", encoding="utf-8")
    result = invoke(*DRAFT)
    assert result.exit_code == 2
    assert "config.yaml:2" in result.stderr and "« reponse init »" in result.stderr


# --- PyYAML's diagnoses, said in French with the fix -------------------------------------

# What a merchant typing a playbook by hand gets wrong: the broken line, the French
# sentence that says how to mend it, and the line named.
SLIPS = {
    "colon inside a text": (
        ("label: Remplacer", "label: Remplacer: tout de suite"),
        "label: Remplacer: tout",
        "un texte qui contient « : » doit être entre guillemets",
    ),
    "bracket at the start": (
        ("label: Remplacer", "label: [urgent] Remplacer"),
        "label: [urgent]",
        "un texte qui commence par « [ » doit être entre guillemets",
    ),
    "star at the start": (
        ("label: Remplacer", "label: *Remplacer*"),
        "label: *Remplacer*",
        "un texte qui commence par « * » doit être entre guillemets",
    ),
    "tab": (
        ("    label: Remplacer", "\tlabel: Remplacer"),
        "\tlabel: Remplacer",
        "une tabulation : l'indentation se fait avec des espaces",
    ),
    "unclosed quote": (
        ('{{ commande }}{% endif %}"', "{{ commande }}{% endif %}"),
        'subject: "Commande',
        "ce guillemet n'est pas refermé sur sa ligne",
    ),
    "over-indented key": (
        ("    label: Remplacer", "      label: Remplacer"),
        "      label: Remplacer",
        "cette ligne est plus indentée que la clé au-dessus : alignez-la",
    ),
    "list item out of line": (
        ("  - id: remise\n", "   - id: remise\n"),
        "   - id: remise",
        "un élément de liste « - » n'est pas aligné sur les autres",
    ),
}


@pytest.mark.parametrize("edit, bad_line, message", list(SLIPS.values()), ids=list(SLIPS))
def test_a_yaml_slip_is_one_french_sentence_at_the_line_to_fix(
    invoke, write_playbook, edit: tuple[str, str], bad_line: str, message: str
) -> None:
    assert edit[0] in MINIMAL
    path = write_playbook("glissade", MINIMAL.replace(*edit, 1))
    result = invoke("playbooks", "validate", str(path))
    assert result.exit_code == 1
    (problem,) = result.stdout.splitlines()
    line = next(i for i, t in enumerate(path.read_text().splitlines(), 1) if bad_line in t)
    assert problem == f"{path}:{line}: YAML invalide : {message}"


def test_every_yaml_message_is_french_whatever_the_slip() -> None:
    # Many broken texts; not one English word of PyYAML's reaches the merchant.
    broken = [
        "a: b: c\n",
        "a:\n  - b\n - c\n",
        "a: [b, c\n",
        "a: {b: c\n",
        "a: 'b\n",
        "- a\nb: c\n",
        "a: b\n---\nc: d\n",
        'a: "b \\q"\n',
        "a: !!python/object:os.system x\n",
        "a: *nowhere\n",
        "a: |x\n  b\n",
        "? [a, b]\n: c\n",
        "a: @b\n",
        "a: `b`\n",
        "a:\n\tb: c\n",
    ]
    english = ("found", "expected", "while", "mapping", "could not", "scanning", "parsing")
    for text in broken:
        with pytest.raises(FileProblems) as caught:
            parse_yaml(text, "f.yaml")
        message = caught.value.message
        assert message.startswith("f.yaml:"), message
        assert not any(word in message for word in english), message


def test_validate_names_every_schema_problem_of_a_file_at_once(invoke, write_playbook) -> None:
    path = write_playbook(
        "plusieurs",
        MINIMAL.replace("label: Remise", "labl: Remise").replace("stage: before", "stage: avant"),
    )
    result = invoke("playbooks", "validate", str(path))
    assert result.exit_code == 1
    problems = result.stdout.splitlines()
    lines = path.read_text().splitlines()

    def line_of(text: str) -> int:
        return next(i for i, t in enumerate(lines, 1) if text in t)

    assert (
        f"{path}:{line_of('labl:')}: champ inconnu : « labl ». Vouliez-vous dire « label » ?"
        in (problems)
    )
    assert f"{path}:{line_of('stage: avant')}: valeur non prévue pour « stage » : « avant »" in (
        problems
    )
    assert any("champ obligatoire manquant : « label »" in p for p in problems)
    assert problems == sorted(problems, key=lambda p: int(p.split(":")[1]))  # in file order
