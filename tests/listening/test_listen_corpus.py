"""`reponse listen` measured on labelled messages written for the purpose.

messages.yaml is the development set (the keywords were tuned while reading it);
heldout.yaml was written separately and only measured. The README states both.
Targets (development set): family ≥ 90 %, playbook ≥ 80 %, facts ≥ 95 %, escalation
recall ≥ 95 % with at most 1 false alarm in 20 calm messages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
import yaml

from helpers import CORPUS as CORPORA
from reponse_cli.env import Environment
from reponse_cli.listening.engine import Listener
from reponse_cli.playbooks.library import Library

CORPUS = CORPORA / "listen"
LIBRARY = Library(Environment(variables={"REPONSE_NO_CACHE": "1"}))
TODAY = dt.date(2026, 11, 22)


@dataclass
class Scores:
    messages: int = 0
    playbook: int = 0
    family: int = 0
    facts: int = 0
    facts_found: int = 0
    signals: int = 0
    signals_found: int = 0
    alarms: int = 0
    false_alarms: int = 0
    calm: int = 0
    calm_alarmed: int = 0

    def line(self, name: str) -> str:
        return (
            f"{name}: {self.messages} messages — famille {self.family / self.messages:.1%}, "
            f"playbook {self.playbook / self.messages:.1%}, faits "
            f"{self.facts_found / self.facts:.1%}, escalade rappel "
            f"{self.signals_found / self.signals:.1%} précision "
            f"{(self.alarms - self.false_alarms) / max(self.alarms, 1):.1%}, fausses alertes "
            f"{self.calm_alarmed}/{self.calm} messages calmes"
        )


def measure(name: str) -> Scores:
    messages = yaml.safe_load((CORPUS / name).read_text(encoding="utf-8"))
    playbooks = {pid: spec for pid, (_, spec) in LIBRARY.load_all().items()}
    families = {pid: spec.family for pid, spec in playbooks.items()}
    listener = Listener(playbooks)
    scores = Scores()
    for message in messages:
        result = listener.read(message["text"], TODAY)
        top = result.candidates[0]
        scores.messages += 1
        scores.playbook += top.playbook == message["playbook"]
        scores.family += top.family == families[message["playbook"]]
        facts = message.get("facts", {})
        orders = set(result.facts.orders)
        amounts = {a.value for a in result.facts.amounts}
        dates = {d.value.isoformat() for d in result.facts.dates}
        for order in facts.get("orders", []):
            scores.facts += 1
            scores.facts_found += order in orders
        for amount in facts.get("amounts", []):
            scores.facts += 1
            scores.facts_found += Decimal(amount) in amounts
        for date in facts.get("dates", []):
            scores.facts += 1
            scores.facts_found += date in dates
        wanted = set(message.get("escalation", []))
        found = {signal.category for signal in result.escalation}
        scores.signals += len(wanted)
        scores.signals_found += len(wanted & found)
        scores.alarms += len(found)
        scores.false_alarms += len(found - wanted)
        if not wanted:
            scores.calm += 1
            scores.calm_alarmed += bool(found)
    print(scores.line(name))
    return scores


def test_corpus_is_large_varied_and_labelled_with_known_playbooks() -> None:
    known = set(LIBRARY.discover())
    messages = yaml.safe_load((CORPUS / "messages.yaml").read_text(encoding="utf-8"))
    assert len(messages) >= 100
    assert {m["playbook"] for m in messages} == known  # every playbook is covered
    assert len({m["style"] for m in messages}) >= 5
    assert sum(1 for m in messages if m["escalation"]) >= 20
    assert sum(1 for m in messages if not m["escalation"]) >= 20


def test_development_set_meets_the_targets() -> None:
    s = measure("messages.yaml")
    assert s.family / s.messages >= 0.90
    assert s.playbook / s.messages >= 0.80
    assert s.facts_found / s.facts >= 0.95
    assert s.signals_found / s.signals >= 0.95
    assert s.calm_alarmed <= s.calm / 20


@pytest.mark.parametrize("name", ["heldout.yaml"])
def test_held_out_set_does_not_regress(name: str) -> None:
    """Not tuned on: the floors sit a little under what was measured, to catch regressions."""
    s = measure(name)
    assert s.family / s.messages >= 0.80
    assert s.playbook / s.messages >= 0.70
    assert s.facts_found / s.facts >= 0.95
    assert s.signals_found / s.signals >= 0.80
    assert s.calm_alarmed <= s.calm / 20
