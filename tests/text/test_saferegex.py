"""Users' own regular expressions run with RE2: no pattern can make reponse hang."""

from __future__ import annotations

import textwrap
import time
from pathlib import Path

import pytest

from reponse_cli.listening.facts import find_orders
from reponse_cli.text.saferegex import (
    PatternError,
    compile_safe,
    order_pattern,
    pattern_from_examples,
)

CATASTROPHIC = r"(a+)+$"


def test_a_catastrophic_pattern_runs_in_linear_time() -> None:
    text = "a" * 100_000 + "b"
    start = time.monotonic()
    assert compile_safe(CATASTROPHIC).search(text) is None
    assert time.monotonic() - start < 1


@pytest.mark.parametrize(
    "pattern, reason",
    [
        (r"(a)\1", "références arrière"),
        (r"(?<=a)b", "regards en arrière"),
        (r"a(?!b)", "regards en avant"),
        ("(ab", "manquante"),
        ("((a{1000}){1000}){1000}", "trop grande"),
    ],
)
def test_what_re2_cannot_run_safely_is_refused_in_french(pattern, reason) -> None:
    with pytest.raises(PatternError, match=reason):
        compile_safe(pattern)


def test_the_shop_order_pattern_finds_its_references_with_re2() -> None:
    assert find_orders("Ma commande BX12/345, puis BX99/001.", r"BX\d{2}/\d{3}") == [
        "BX12/345",
        "BX99/001",
    ]
    start = time.monotonic()
    assert find_orders("a" * 50_000 + "!", CATASTROPHIC) == []
    assert time.monotonic() - start < 1
    with pytest.raises(PatternError):
        order_pattern(" ")


def test_init_refuses_an_order_pattern_it_cannot_run_safely(invoke) -> None:
    result = invoke("init", "--set", r"motif_commande=(\d)\1")
    assert result.exit_code == 2
    assert "Motif de commande invalide" in result.stderr and "références arrière" in result.stderr


def test_a_hand_edited_order_pattern_is_checked_at_load(invoke, isolated: Path, tmp_path) -> None:
    (isolated / "config.yaml").write_text("agent: Sam\nmotif_commande: '(?=x)'\n", encoding="utf-8")
    message = tmp_path / "m.txt"
    message.write_text("Bonjour, ma commande 48213 n'est pas arrivée.", encoding="utf-8")
    result = invoke("listen", str(message))
    assert result.exit_code == 2
    assert "config.yaml:2" in result.stderr and "regards en avant" in result.stderr


@pytest.fixture
def rules_dir(tmp_path: Path):
    def write(regex: str) -> Path:
        folder = tmp_path / "regles"
        folder.mkdir(exist_ok=True)
        (folder / "r.yaml").write_text(
            textwrap.dedent(
                f"""\
                rules:
                  - id: mes-a
                    category: style
                    severity: warning
                    regex: '{regex}'
                    suggestion: Écrivez moins de a.
                    why: Trop de a.
                """
            ),
            encoding="utf-8",
        )
        return folder

    return write


def test_a_user_rule_with_a_catastrophic_regex_does_not_hang(invoke, rules_dir, tmp_path) -> None:
    reply = tmp_path / "r.txt"
    reply.write_text("Madame,\n\n" + "a" * 30_000 + "b\n\nBien cordialement,\n", encoding="utf-8")
    start = time.monotonic()
    result = invoke(
        "check", str(reply), "--rules", str(rules_dir(CATASTROPHIC)), "--format", "json"
    )
    assert time.monotonic() - start < 10
    assert result.exit_code in (0, 1), result.stderr
    assert '"mes-a"' not in result.stdout  # « (a+)+$ » does not match: a « b » ends the line


def test_a_user_rule_regex_still_finds_what_it_should(invoke, rules_dir, tmp_path) -> None:
    reply = tmp_path / "r.txt"
    reply.write_text("Madame,\n\naaaa\n\nBien cordialement,\n", encoding="utf-8")
    result = invoke(
        "check", str(reply), "--rules", str(rules_dir(CATASTROPHIC)), "--format", "json"
    )
    assert '"mes-a"' in result.stdout


def test_a_user_rule_regex_re2_cannot_run_is_refused_at_load(invoke, rules_dir, tmp_path) -> None:
    reply = tmp_path / "r.txt"
    reply.write_text("Madame,\n\nMerci.\n", encoding="utf-8")
    result = invoke("check", str(reply), "--rules", str(rules_dir(r"(a)\1")))
    assert result.exit_code == 2
    assert "r.yaml:5" in result.stderr and "références arrière" in result.stderr


@pytest.mark.parametrize(
    ("examples", "pattern"),
    [
        (["CMD-2026-0817", "CMD-2026-1203"], r"CMD-\d{4}-\d{4}"),
        (["BX12/345"], r"BX\d{2}/\d{3}"),
        (["48213", "512"], r"\d{3,5}"),
        (["AB-123", "XY-45"], r"[A-Z]{2}-\d{2,3}"),
        (["A-1", "#44"], r"(?:A-\d|#\d{2})"),
    ],
)
def test_an_order_pattern_from_a_few_numbers(examples: list[str], pattern: str) -> None:
    assert pattern_from_examples(examples) == pattern
    compiled = order_pattern(pattern)
    assert all(compiled.fullmatch(example) for example in examples)


def test_special_characters_of_an_example_stay_literal() -> None:
    pattern = pattern_from_examples(["F.2026(1)"])
    assert order_pattern(pattern).fullmatch("F.2026(1)")
    assert not order_pattern(pattern).fullmatch("Fx2026(1)")
