"""The method, named once: its five steps, the parts of a reply, what the checker looks for.

The flow, the templates, the displays and the checker all read these tables, so a step
is renamed in one place.
"""

from __future__ import annotations

import msgspec


class Step(msgspec.Struct, frozen=True):
    id: str
    title: str  # shown to the agent: « Étape 2/5 · S'excuser »
    advice: str  # the method's advice at this step, whatever the playbook


STEPS: tuple[Step, ...] = (
    Step(
        "listen",
        "Écouter",
        "Lisez le message jusqu'au bout, repérez la vraie source du mécontentement et les "
        "faits. Reformulez : le client doit se sentir compris.",
    ),
    Step(
        "apology",
        "S'excuser",
        "Excusez-vous quel que soit le responsable : vous prenez en charge la réclamation. "
        "Si l'erreur vient du client, expliquez avec douceur, sans jamais reprocher.",
    ),
    Step(
        "empathy",
        "Faire preuve d'empathie",
        "Montrez que vous êtes du même côté : validez le problème, expliquez-le, puis "
        "apportez la solution.",
    ),
    Step(
        "solutions",
        "Proposer des solutions",
        "Proposez vite de vraies options et laissez le client choisir. Un geste commercial "
        "s'ajoute à la solution, il ne la remplace pas.",
    ),
    Step(
        "follow_up",
        "Assurer le suivi",
        "Avant : confirmez la solution. Pendant : un mot à chaque étape. Après : vérifiez "
        "que le client est pleinement satisfait.",
    ),
)
STEP_IDS = tuple(step.id for step in STEPS)
STEP_BY_ID = {step.id: step for step in STEPS}

# The blocks of a reply template, in reading order, with their names for the agent.
SECTIONS: dict[str, str] = {
    "greeting": "Salutation",
    "listen": "Écoute",
    "apology": "Excuses",
    "empathy": "Empathie",
    "solutions": "Solutions",
    "follow_up": "Suivi",
    "closing": "Formule de politesse",
}

# What `reponse check` looks for in any reply, written by reponse or not.
CHECKED_PARTS: dict[str, str] = {
    "greeting": "salutation",
    "apology": "excuses",
    "solution": "solution",
    "follow_up": "suivi daté",
    "closing": "formule finale",
}
