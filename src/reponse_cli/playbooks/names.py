"""The names a playbook's texts may use beyond its own questions — listed once.

The renderer builds its context from these lists, `validate` accepts exactly these, and
a question may not take one of them as its id.
"""

from __future__ import annotations

from reponse_cli.config import FIELDS

# From the agent's settings (`reponse init`).
CONFIG_NAMES = tuple(FIELDS)
# Always there: today's date, the responsibility chosen, each follow-up step's date.
PROVIDED_NAMES = ("aujourdhui", "responsabilite", "suivi", "solutions_choisies")
# In a follow-up text only: that step's date and delay.
FOLLOW_UP_NAMES = ("due", "after_days")
# In the reply template only: the rendered parts of the reply.
RENDERED_NAMES = (
    "greeting",
    "reformulation",
    "apology",
    "empathy",
    "solutions",
    "gestures",
    "follow_up",
    "closing",
    "mediation",
    "solutions_intro",
    "solutions_outro",
    "signature",
)
# The agent's decisions, given with --answers or --set like answers.
DECISIONS = ("responsibility", "solutions", "empathy", "follow_up", "promise", "reformulation")

RESERVED_NAMES = frozenset(
    (*CONFIG_NAMES, *PROVIDED_NAMES, *FOLLOW_UP_NAMES, *RENDERED_NAMES, *DECISIONS, "subject")
)
