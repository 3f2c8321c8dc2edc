"""`reponse check` on replies written blind, the way real merchants write (tests/scoring.py).

The development sets were read while writing the rules; the held-out sets never were
(C's three good replies flagged once were read for the general cause, see README). The
floors sit just under what was measured: they catch a regression, they prove nothing
new. The README gives the figures.
"""

from __future__ import annotations

import pytest

from scoring import CHECK_SETS, score_check

# (share of bad replies given an error at least, good replies given an error at most)
FLOORS = {
    "développement": (0.96, 0),
    "développement 2": (0.97, 0),
    "développement 3": (0.97, 0),
    "développement 4": (0.97, 0),
    "développement 5": (0.98, 0),
    # 6 and 7 were written blind and scored on arrival with the rules alone (6: 87/90,
    # 80/90 good clean; 7: 77/90, 82/90) and with the learned verdict trained without
    # them, which chose its thresholds (177/180, 180/180 together); then trained on.
    "développement 6": (0.98, 1),
    "développement 7": (0.98, 0),
    # 8 was written blind and scored on arrival (rules alone 78/90, 77/90 good clean; with
    # the verdict trained without it 87/90, 88/90); its misses and flagged good replies
    # were read for their general causes, then it was trained on.
    "développement 8": (0.98, 0),
    # 9, the same way (on arrival: rules alone 80/90, 81/90; with the verdict 90/90,
    # 88/90), then trained on, unread.
    "développement 9": (0.98, 0),
    # A, B, Q, T, U and V are never read nor trained on: the learned verdict was scored
    # on them once, its settings fixed before (README).
    "tenu à part A": (0.97, 0),
    "tenu à part B": (0.93, 0),
    # C's misses were read for their general causes this stop (README): no longer blind.
    "tenu à part C": (0.94, 0),
    # D was measured once before any tuning (63/90, 42/45 good clean), then once after
    # dev-5 (65/90, 42/45); its three good replies flagged were then read for the general
    # cause only, and this stop its misses too (README): no longer blind.
    "tenu à part D": (0.96, 0),
    # E, measured once before any change made after it was written (74/90, 36/45 good
    # clean), then once after the merge of frames (the same); its misses and good
    # replies flagged were then read for their general causes (README): no longer blind.
    "tenu à part E": (0.95, 0),
    # F, measured once on arrival (76/90, 37/45 good clean), once after the causes read
    # in C, D and E (77/90, 39/45); its misses and good replies flagged were then read
    # for their general causes (README): no longer blind.
    "tenu à part F": (0.97, 0),
    # G, measured once on arrival (76/90, 37/45), once after the causes read in C-F
    # (81/90, 37/45); its misses and good replies flagged were then read for their
    # general causes (README): no longer blind.
    "tenu à part G": (0.96, 0),
    # H, measured once on arrival, after the causes read in C-G (80/90, 40/45 good
    # clean); its misses and good replies flagged were then read for their general
    # causes (README): no longer blind.
    "tenu à part H": (0.97, 0),
    # I, measured once on arrival, after the causes read in C-H (75/90, 40/45 good
    # clean); its misses and good replies flagged were then read for their general
    # causes (README): no longer blind.
    "tenu à part I": (0.95, 0),
    # J, measured once on arrival, after the causes read in C-I (79/90, 38/45 good
    # clean); its misses and good replies flagged were then read for their general
    # causes (README): no longer blind.
    "tenu à part J": (0.97, 0),
    # K, measured once on arrival, after the causes read in C-J (76/90, 43/45 good
    # clean); its misses and good replies flagged were then read for their general
    # causes (README): no longer blind.
    "tenu à part K": (0.97, 0),
    # L, measured once on arrival, after the causes read in C-K (79/90, 42/45 good
    # clean); its misses and good replies flagged were then read for their general
    # causes (README): no longer blind.
    "tenu à part L": (0.97, 0),
    # M, measured once on arrival, after the causes read in C-L (76/90, 41/45 good
    # clean); its misses and good replies flagged were then read for their general
    # causes (README): no longer blind.
    "tenu à part M": (0.97, 0),
    # N, measured once on arrival, after the causes read in C-M (74/90, 36/45 good
    # clean); its misses and good replies flagged were then read for their general
    # causes (README): no longer blind.
    "tenu à part N": (0.98, 0),
    # O, measured once on arrival, after the causes read in C-N (67/90, 41/45 good
    # clean); its misses and good replies flagged were then read for their general
    # causes (README): no longer blind.
    "tenu à part O": (0.97, 0),
    # P, measured on arrival after the causes read in C-N (78/90, 40/45 good clean), and
    # after those read in O and R (79/90, 40/45); its misses and good replies flagged
    # were then read for their general causes (README): no longer blind.
    "tenu à part P": (0.97, 0),
    # Q, measured on arrival after the causes read in C-R (82/90, 41/45 good clean), and
    # after those read in P and S (the same): never read.
    # With the verdict retrained with dev 8, U and V: 90/90, 44/45; then with dev 9 and
    # W too: 90/90, 45/45.
    "tenu à part Q": (0.98, 0),
    # R, measured once on arrival, after the causes read in C-O (79/90, 38/45 good
    # clean); its misses and good replies flagged were then read for their general
    # causes (README): no longer blind. One good reply stays flagged: a « garantie de six
    # mois » quoted from an order form and called an error in the next sentence.
    "tenu à part R": (0.95, 1),
    # S, measured once on arrival, after the causes read in C-R (72/90, 40/45 good
    # clean); its misses and good replies flagged were then read for their general
    # causes (README): no longer blind. One good reply stays flagged: « toi et ton
    # équipe » and a plural « vous » read as tu and vous mixed.
    "tenu à part S": (0.96, 1),
    # T, measured once on arrival after the causes read in C-S: never read.
    # With the verdict retrained: 86/90, 44/45; then with dev 9 and W: 85/90, 45/45.
    "tenu à part T": (0.94, 0),
    # U and V, written blind for the learned verdict, measured once on arrival with it
    # (rules alone: U 82/90, 42/45 good clean; V 69/90, 40/45).
    # Then, never read, they were trained on (with dev 8) when W arrived: no longer blind.
    "tenu à part U": (0.98, 0),
    "tenu à part V": (0.98, 0),
    # W, written blind, measured once with the verdict retrained on dev 8, U and V
    # (settings unchanged): 84/90, 44/45 good clean. Never read; then trained on.
    "tenu à part W": (0.98, 0),
    # X, written blind, measured once with the verdict retrained on dev 9 and W (settings
    # unchanged): rules alone 77/90, 41/45; with the verdict 86/90, 45/45. Never read.
    "tenu à part X": (0.95, 0),
    # Y, written blind after everything above was fixed, measured once: rules alone 69/90,
    # 44/45 good clean; with the verdict 82/90 (91.1 %), 45/45. Never read.
    "tenu à part Y": (0.91, 0),
}


def test_every_set_has_a_floor_and_enough_replies() -> None:
    assert set(FLOORS) == set(CHECK_SETS)


@pytest.mark.parametrize("label", list(FLOORS))
def test_check_on_replies_written_blind(label: str, rules) -> None:
    scores = score_check(CHECK_SETS[label], rules)
    caught, flagged = FLOORS[label]
    print(scores.line(label))
    assert scores.bad >= 45 and scores.good >= 22
    assert scores.caught / scores.bad >= caught, scores.missed
    assert len(scores.flagged) <= flagged, scores.flagged
