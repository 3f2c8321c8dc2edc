"""Scoring `listen` and `check` on the labelled corpora (tests/corpus/*/reel-*.yaml).

Shared by the corpus tests (floors) and `bench/accuracy.py` (the README's figures).
The « reel » sets were written blind, modelled on real customers' and merchants'
writing; the « tenu à part » ones are never tuned on.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

CORPUS = Path(__file__).parent / "corpus"
LISTEN_TODAY = dt.date(2026, 11, 25)  # the day the blind sets were written for


def _sets(kind: str) -> dict[str, str]:
    """Every « reel » set of a corpus, named as the README names it: « développement 2 »
    for reel-dev-2.yaml, « tenu à part C » for reel-tenu-a-part-c.yaml."""
    sets: dict[str, str] = {}
    for path in sorted((CORPUS / kind).glob("reel-dev*.yaml"), key=lambda p: (len(p.name), p.name)):
        number = path.stem.removeprefix("reel-dev").lstrip("-")
        sets[f"développement {number}".strip()] = path.name
    for path in sorted((CORPUS / kind).glob("reel-tenu-a-part-*.yaml")):
        sets[f"tenu à part {path.stem[-1].upper()}"] = path.name
    return sets


LISTEN_SETS = _sets("listen")
CHECK_SETS = _sets("check")
# Held-out listen sets measured once, never read, then given to the learned models as
# training data: from then on their figures are not blind. The later sets stay blind.
LISTEN_TRAINED_HELD_OUT = {f"tenu à part {letter}" for letter in "ABCDEFGHIJKLMNOPQRST"}
LISTEN_TRAINING = {
    label: name
    for label, name in LISTEN_SETS.items()
    if "tenu" not in label or label in LISTEN_TRAINED_HELD_OUT
}
LISTEN_BLIND = {label: name for label, name in LISTEN_SETS.items() if label not in LISTEN_TRAINING}


def load(kind: str, name: str) -> list[dict[str, Any]]:
    return yaml.safe_load((CORPUS / kind / name).read_text(encoding="utf-8"))


# --- listen -----------------------------------------------------------------------------


@dataclass
class ListenScores:
    messages: int = 0
    skipped: int = 0  # labelled with a playbook the library does not have
    top1: int = 0
    top3: int = 0
    family: int = 0
    facts: int = 0
    facts_found: int = 0
    people: int = 0  # civility and family name labelled
    people_found: int = 0
    people_wrong: int = 0
    signals: int = 0
    signals_found: int = 0
    calm: int = 0
    calm_alarmed: int = 0
    seconds: int = 0  # messages with a second problem labelled
    seconds_found: int = 0
    seconds_false: int = 0  # a second problem announced where none was labelled
    missed: list[str] = field(default_factory=list)

    def rate(self, part: int, whole: int) -> float:
        return part / whole if whole else 1.0

    def line(self, name: str) -> str:
        return (
            f"{name} : {self.messages} messages — playbook "
            f"{self.rate(self.top1, self.messages):.1%}"
            f" (dans les 3 premiers {self.rate(self.top3, self.messages):.1%}), famille "
            f"{self.rate(self.family, self.messages):.1%} ; faits "
            f"{self.rate(self.facts_found, self.facts):.1%} ; civilité et nom "
            f"{self.people_found}/{self.people} ({self.people_wrong} faux) ; escalade "
            f"{self.rate(self.signals_found, self.signals):.1%}, fausses alertes "
            f"{self.calm_alarmed}/{self.calm} ; second problème "
            f"{self.seconds_found}/{self.seconds} ({self.seconds_false} à tort)"
        )


def score_listen(
    name: str, listener: Any, playbooks: dict[str, Any], today: dt.date = LISTEN_TODAY
) -> ListenScores:
    scores = ListenScores()
    for message in load("listen", name):
        if message["playbook"] not in playbooks:
            scores.skipped += 1
            continue
        result = listener.read(message["text"], today)
        ranked = [c.playbook for c in result.candidates]
        right = {message["playbook"], *(message.get("acceptable") or [])}
        scores.messages += 1
        top1 = bool(ranked) and ranked[0] in right
        scores.top1 += top1
        scores.top3 += bool(right & set(ranked[:3]))
        # The family is right when the first playbook is (an accepted one may belong to
        # another family: a public review about a late parcel) or shares the label's.
        family = playbooks[message["playbook"]].family
        scores.family += top1 or (bool(ranked) and playbooks[ranked[0]].family == family)
        if not top1:
            scores.missed.append(message["id"])
        facts = message.get("facts") or {}
        orders = set(result.facts.orders)
        amounts = {a.value for a in result.facts.amounts}
        dates = {d.value.isoformat() for d in result.facts.dates}
        for order in facts.get("orders") or []:
            scores.facts += 1
            scores.facts_found += order in orders
        for amount in facts.get("amounts") or []:
            scores.facts += 1
            scores.facts_found += Decimal(amount) in amounts
        for date in facts.get("dates") or []:
            scores.facts += 1
            scores.facts_found += date in dates
        for label, found in (
            (facts.get("civilite"), result.facts.civilite),
            (facts.get("nom"), result.facts.name),
        ):
            if label:
                scores.people += 1
                scores.people_found += found is not None and found.lower() == label.lower()
            if found is not None and (not label or found.lower() != label.lower()):
                scores.people_wrong += 1
        wanted = set(message.get("escalation") or [])
        found_signals = {signal.category for signal in result.escalation}
        scores.signals += len(wanted)
        scores.signals_found += len(wanted & found_signals)
        if not wanted:
            scores.calm += 1
            scores.calm_alarmed += bool(found_signals)
        second = message.get("second")
        announced = result.second.playbook if result.second else None
        if second in playbooks:
            scores.seconds += 1
            scores.seconds_found += announced == second
        if announced and announced != second:
            scores.seconds_false += 1
    return scores


# --- check ------------------------------------------------------------------------------


@dataclass
class CheckScores:
    bad: int = 0
    caught: int = 0
    good: int = 0
    clean: int = 0
    by_fault: Counter[str] = field(default_factory=Counter)
    caught_by_fault: Counter[str] = field(default_factory=Counter)
    missed: list[str] = field(default_factory=list)
    flagged: list[str] = field(default_factory=list)  # good replies given an error

    def line(self, name: str) -> str:
        return (
            f"{name} : mauvaises avec une erreur {self.caught}/{self.bad} "
            f"({self.caught / self.bad:.1%}), bonnes sans erreur {self.clean}/{self.good}"
        )


def score_check(name: str, rules: Any) -> CheckScores:
    from reponse_cli.checker.check import check_text

    scores = CheckScores()
    for reply in load("check", name):
        errors = check_text(reply["text"], rules).errors
        if reply["verdict"] == "bad":
            scores.bad += 1
            scores.caught += bool(errors)
            for fault in reply["faults"]:
                scores.by_fault[fault] += 1
                scores.caught_by_fault[fault] += bool(errors)
            if not errors:
                scores.missed.append(reply["id"])
        else:
            scores.good += 1
            scores.clean += not errors
            if errors:
                scores.flagged.append(reply["id"])
    return scores
