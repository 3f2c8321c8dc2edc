"""What the agent is asked about a dossier — how it ended, its tags — as prompts for any
asker (questionary at a terminal, pipe input in tests)."""

from __future__ import annotations

from typing import Any

from reponse_cli.drafting.flow import Asker, Option, Prompt
from reponse_cli.history.models import RESULT_LABELS, RESULTS, TAG_KINDS

NO_SCORE = "__none__"
TAG_PROMPTS = {
    "transporteur": "Transporteur (ex. Colissimo)",
    "produit": "Produit (ex. bottes cuir)",
    "cause": "Cause (ex. emballage, retard entrepôt)",
}


def ask_closing(asker: Asker) -> tuple[str, int | None, str | None]:
    """How it ended, the customer's satisfaction (1–5, or not given) and their comment."""
    result = asker.ask(
        Prompt(
            key="resultat",
            kind="select",
            message="Comment le litige s'est-il terminé ?",
            options=[Option(r, RESULT_LABELS[r].capitalize()) for r in RESULTS],
        )
    )
    score = asker.ask(
        Prompt(
            key="satisfaction",
            kind="select",
            message="Satisfaction du client (1 à 5)",
            options=[
                Option(5, "5 · très satisfait"),
                Option(4, "4 · satisfait"),
                Option(3, "3 · mitigé"),
                Option(2, "2 · peu satisfait"),
                Option(1, "1 · pas du tout satisfait"),
                Option(NO_SCORE, "Le client n'a pas répondu"),
            ],
        )
    )
    comment = asker.ask(
        Prompt(key="commentaire", kind="text", message="Son commentaire", required=False)
    )
    return result, None if score == NO_SCORE else int(score), comment or None


def ask_tags(asker: Asker) -> list[str]:
    """Carrier, product and cause, each optional, as `kind:value` tags."""
    wanted = asker.ask(
        Prompt(
            key="etiqueter",
            kind="select",
            message="Étiqueter ce dossier (transporteur, produit, cause) ?",
            options=[Option(False, "Non, merci"), Option(True, "Oui")],
        )
    )
    if not wanted:
        return []
    tags: list[str] = []
    for kind in TAG_KINDS:
        value: Any = asker.ask(
            Prompt(key=kind, kind="text", message=TAG_PROMPTS[kind], required=False)
        )
        if value and str(value).strip():
            tags.append(f"{kind}:{str(value).strip()}")
    return tags
