r"""What `reponse init` asks: each setting as a prompt, for any asker.

The signature is typed on several lines, as it will be read; the order numbers are
asked by example (« CMD-2026-0817, CMD-2026-1203 ») and the pattern derived from them
(`CMD-\d{4}-\d{4}`), rather than asking a merchant for a regular expression.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from reponse_cli.config import FIELDS, check_value
from reponse_cli.drafting.flow import Asker, Prompt
from reponse_cli.errors import ReponseError
from reponse_cli.text.saferegex import PatternError, pattern_from_examples

MULTILINE = {
    "signature": "Telle qu'elle finira vos réponses, sur plusieurs lignes ; laissez vide pour "
    "votre nom et votre entreprise."
}
ORDERS_PROMPT = "Deux ou trois de vos numéros de commande, séparés par des virgules"
ORDERS_HELP = (
    "Par exemple CMD-2026-0817, CMD-2026-1203 : « reponse listen » reconnaîtra cette forme "
    "dans les messages des clients. Laissez vide pour les formes courantes (n° 48213, "
    "#48213, CMD-2026-0817…)."
)
# What a person types when they write a regular expression rather than examples.
_REGEX = re.compile(r"[\\\[\](){}^$*+?|]")


def checked(key: str) -> Callable[[Any], str]:
    """The prompt's parser for setting `key`: its value, or the French reason it is not."""

    def parse(raw: Any) -> str:
        try:
            return check_value(key, str(raw or ""))
        except ReponseError as error:
            raise ValueError(error.message) from None

    return parse


def order_pattern_of(raw: str, current: str | None) -> str | None:
    """The pattern for what the agent typed: examples, or a pattern written as such.
    Nothing typed keeps the current one."""
    text = raw.strip()
    if not text:
        return current
    if _REGEX.search(text):
        return checked("motif_commande")(text)
    try:
        return pattern_from_examples([part for part in re.split(r"[,;\s]+", text) if part])
    except PatternError as error:
        raise ValueError(f"Numéros de commande illisibles : {error}.") from None


def ask_settings(
    asker: Asker, values: dict[str, str], say: Callable[[str], None]
) -> dict[str, str]:
    """Every setting asked, the current value offered back; `say` shows a derived value."""
    answers = dict(values)
    for key, (label, help_text) in FIELDS.items():
        multiline = key in MULTILINE
        answers[key] = asker.ask(
            Prompt(
                key=key,
                kind="multiline" if multiline else "text",
                message=label,
                default=values.get(key) or "",
                required=False,
                parse=checked(key),
                help=MULTILINE.get(key, help_text),
                optional_mark=False,
            )
        )
    current = values.get("motif_commande")
    pattern = asker.ask(
        Prompt(
            key="motif_commande",
            kind="text",
            message=ORDERS_PROMPT,
            required=False,
            parse=lambda raw: order_pattern_of(str(raw or ""), current),
            help=ORDERS_HELP + (f" Motif actuel : {current} (Entrée le garde)." if current else ""),
            optional_mark=False,
        )
    )
    if pattern:
        answers["motif_commande"] = pattern
        if pattern != current:
            say(f"→ motif de vos numéros de commande : {pattern}")
    return answers
