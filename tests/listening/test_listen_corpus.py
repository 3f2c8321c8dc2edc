"""`reponse listen` measured on labelled messages (tests/corpus/listen/).

reel-dev.yaml to reel-dev-9.yaml were written blind — their author saw
neither the code nor the playbooks — by people modelling real customers: long narrative
e-mails, forum posts, replies in a thread, SMS, several problems in one message, French
from Belgium, Switzerland and Québec. `listen` is tuned while
reading them, so the floors sit just under what it reaches: they catch a regression, they
do not promise these figures on new messages. messages.yaml and heldout.yaml are the
earlier, shorter sets, kept as a second check. The held-out « reel-tenu-a-part » sets are
never read here: `python bench/accuracy.py` measures them for the README.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from reponse_cli.env import Environment
from reponse_cli.listening.engine import Listener
from reponse_cli.playbooks.library import Library
from scoring import ListenScores, load, score_listen

DEVELOPMENT = (
    "reel-dev.yaml",
    "reel-dev-2.yaml",
    "reel-dev-3.yaml",
    "reel-dev-4.yaml",
    "reel-dev-5.yaml",
    "reel-dev-6.yaml",
    "reel-dev-7.yaml",
    "reel-dev-8.yaml",
    "reel-dev-9.yaml",
    "reel-dev-10.yaml",
    "reel-dev-11.yaml",
)
# What a set must keep: top-1, top-3 and family shares, escalation recall, second problems
# found and wrongly announced (at most), as measured when the floors were set.
FLOORS = {
    "reel-dev.yaml": {"top1": 0.95, "top3": 0.99, "family": 0.96, "signals": 0.95, "found": 12},
    "reel-dev-2.yaml": {"top1": 0.95, "top3": 0.99, "family": 0.97, "signals": 0.97, "found": 11},
    "reel-dev-3.yaml": {"top1": 0.94, "top3": 0.98, "family": 0.95, "signals": 0.95, "found": 11},
    # On arrival, before the product's age: 83.8 % / 94.4 % / 85.6 %; its facts were not
    # tuned on: four wrong names or civilities stay (`wrong`).
    "reel-dev-4.yaml": {
        "top1": 0.86,
        "top3": 0.98,
        "family": 0.90,
        "signals": 0.88,
        "found": 12,
        "wrong": 4,
    },
    # On arrival, untouched (no change since): 77.5 % / 92.5 % / 86.2 %; three second
    # problems announced for nothing, one wrong name.
    "reel-dev-5.yaml": {
        "top1": 0.77,
        "top3": 0.92,
        "family": 0.86,
        "signals": 0.97,
        "found": 10,
        "wrong": 1,
        "false": 2,
    },
    # On arrival, scored once before anything was trained on it: 93.8 % / 97.5 % / 96.9 %,
    # escalation 87.0 %; six calm messages alarmed by the rules (`alarms`), untouched.
    "reel-dev-6.yaml": {
        "top1": 0.93,
        "top3": 0.97,
        "family": 0.96,
        "signals": 0.86,
        "found": 10,
        "false": 1,
        "alarms": 6,
    },
    # On arrival, scored once before anything was trained on it: 94.4 % / 98.8 % / 97.5 %,
    # facts 96.3 %, escalation 96.1 % with eight calm messages alarmed; its rule false
    # alarms were then read for their general causes (five fixed), then trained on.
    "reel-dev-7.yaml": {
        "top1": 0.94,
        "top3": 0.98,
        "family": 0.97,
        "signals": 0.96,
        "found": 12,
        "wrong": 4,
        "false": 3,
    },
    # The same way: on arrival 97.5 % / 99.4 % / 99.4 %, facts 95.3 %, escalation 91.1 %
    # with seven calm messages alarmed; its rule misses and false alarms were read for
    # their general causes, then it was trained on.
    "reel-dev-8.yaml": {
        "top1": 0.97,
        "top3": 0.99,
        "family": 0.99,
        "signals": 0.95,
        "found": 11,
        "wrong": 1,
        "false": 5,
    },
    # The same way: on arrival 96.9 % / 99.4 % / 98.8 %, facts 96.7 %, escalation 97.3 %
    # with seven calm messages alarmed (all by the rules: read for their general causes).
    "reel-dev-9.yaml": {
        "top1": 0.96,
        "top3": 0.99,
        "family": 0.98,
        "signals": 0.97,
        "found": 10,
        "false": 2,
    },
    # Written blind for escalation (60 % of the messages threaten, 20 % are calm ones that
    # mention a lawyer, a bank or the press). On arrival 92.5 % / 98.8 % / 96.2 %, facts
    # 96.4 %, escalation 82.2 % with ten calm messages alarmed; its misses and false alarms
    # were read for their general causes (97.5 %, five alarmed), then it was trained on.
    "reel-dev-10.yaml": {
        "top1": 0.92,
        "top3": 0.98,
        "family": 0.96,
        "signals": 0.97,
        "found": 9,
        "false": 7,
    },
    # The same way: on arrival 92.5 % / 97.5 % / 95.0 %, facts 95.8 %, escalation 75.4 %
    # with eight calm messages alarmed; after its general causes, 98.4 %, three alarmed.
    "reel-dev-11.yaml": {
        "top1": 0.92,
        "top3": 0.97,
        "family": 0.95,
        "signals": 0.98,
        "found": 10,
        "wrong": 2,
        "false": 5,
    },
}
# The learned models (listening/model.py, listening/alarm.py) were trained on these sets:
# their figures are now those of training data, near 100 %, and prove nothing; the floors
# above stay those measured before, as a guard. The held-out sets give the real figure.
SECOND_FALSE = 2  # « le message parle aussi d'un autre problème » for nothing, per set


@pytest.fixture(scope="module")
def listening() -> tuple[Listener, dict]:
    loaded = Library(Environment(variables={"REPONSE_NO_CACHE": "1"})).load_all()
    playbooks = {pid: spec for pid, (_, spec) in loaded.items()}
    return Listener(playbooks), playbooks


def rate(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def test_blind_development_sets_cover_every_playbook_and_style(listening) -> None:
    _, playbooks = listening
    messages = [m for name in DEVELOPMENT for m in load("listen", name)]
    labels = Counter(m["playbook"] for m in messages)
    assert set(labels) <= set(playbooks), set(labels) - set(playbooks)
    assert all(labels[pid] >= 2 for pid in playbooks), {p: labels[p] for p in playbooks}
    assert len({m["style"] for m in messages}) >= 6
    assert sum(1 for m in messages if m.get("second")) >= 40
    assert sum(1 for m in messages if m["escalation"]) >= 40
    assert sum(1 for m in messages if not m["escalation"]) >= 100


@pytest.mark.parametrize("name", DEVELOPMENT)
def test_development_set_keeps_its_floors(listening, name: str) -> None:
    listener, playbooks = listening
    s: ListenScores = score_listen(name, listener, playbooks)
    floor = FLOORS[name]
    print(s.line(name))
    assert s.skipped == 0
    assert rate(s.top1, s.messages) >= floor["top1"]
    assert rate(s.top3, s.messages) >= floor["top3"]
    assert rate(s.family, s.messages) >= floor["family"]
    assert rate(s.facts_found, s.facts) >= 0.95
    assert s.people_wrong <= floor.get("wrong", 0)  # a wrong name in the greeting hurts
    assert rate(s.signals_found, s.signals) >= floor["signals"]
    assert s.calm_alarmed <= max(s.calm / 20, floor.get("alarms", 0))
    assert s.seconds_found >= floor["found"]
    assert s.seconds_false <= floor.get("false", SECOND_FALSE)


@pytest.mark.parametrize(
    ("name", "family", "top1"), [("messages.yaml", 0.90, 0.85), ("heldout.yaml", 0.84, 0.78)]
)
def test_earlier_sets_do_not_regress(listening, name: str, family: float, top1: float) -> None:
    listener, playbooks = listening
    s = score_listen(name, listener, playbooks, today=dt.date(2026, 11, 22))
    print(s.line(name))
    assert rate(s.family, s.messages) >= family
    assert rate(s.top1, s.messages) >= top1
    assert rate(s.facts_found, s.facts) >= 0.95
    assert rate(s.signals_found, s.signals) >= 0.85
    assert s.calm_alarmed <= s.calm / 20
