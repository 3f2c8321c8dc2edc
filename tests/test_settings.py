"""What `reponse init` asks, through the real prompts (prompt_toolkit's pipe input): the
signature on several lines, the order numbers by example."""

from __future__ import annotations

from io import StringIO

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from rich.console import Console

from reponse_cli.drafting.prompts import QuestionaryAsker
from reponse_cli.settings import ask_settings, order_pattern_of

ENTER, ESC = "\r", "\x1b"


def ask(keys: str, values: dict[str, str] | None = None) -> tuple[dict[str, str], list[str]]:
    said: list[str] = []
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        pipe.close()
        asker = QuestionaryAsker(
            Console(file=StringIO(), width=100), input=pipe, output=DummyOutput()
        )
        answers = ask_settings(asker, dict(values or {}), said.append)
    return answers, said


def test_the_signature_is_typed_on_several_lines_and_orders_by_example() -> None:
    keys = (
        "Léa Dubois" + ENTER  # agent
        + "Atelier Léa" + ENTER  # entreprise
        + "Léa Dubois" + ENTER + "Atelier Léa, Lyon" + ESC + ENTER  # signature
        + ENTER + ENTER  # contact, médiateur
        + "https://www.mediation-exemple.fr" + ENTER
        + "CMD-2026-0817, CMD-2026-1203" + ENTER
    )  # fmt: skip
    answers, said = ask(keys)
    assert answers["signature"] == "Léa Dubois\nAtelier Léa, Lyon"
    assert answers["motif_commande"] == r"CMD-\d{4}-\d{4}"
    assert said == ["→ motif de vos numéros de commande\u00a0: CMD-\\d{4}-\\d{4}"]


def test_enter_keeps_every_current_setting() -> None:
    current = {
        "agent": "Léa Dubois",
        "signature": "Léa\nAtelier",
        "mediateur_site": "https://www.mediation-exemple.fr",
        "motif_commande": r"BX\d{2}/\d{3}",
    }
    answers, said = ask(ENTER + ENTER + ESC + ENTER + ENTER * 4, current)
    assert {key: answers[key] for key in current} == current
    assert said == []


def test_a_pattern_may_still_be_written_as_such() -> None:
    assert order_pattern_of(r"BX\d{2}/\d{3}", None) == r"BX\d{2}/\d{3}"
    with pytest.raises(ValueError, match="Motif de commande invalide"):
        order_pattern_of("BX(", None)
