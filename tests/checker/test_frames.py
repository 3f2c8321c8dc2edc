"""Frames: roles in a sentence from classes of words, not one author's phrases."""

from __future__ import annotations

import pytest
from test_rules import write_rules

from reponse_cli.checker.check import check_text
from reponse_cli.checker.rules import load_rules
from reponse_cli.env import Environment
from reponse_cli.errors import RulesError

RULES = load_rules(Environment(variables={"REPONSE_NO_CACHE": "1"}))


def found(text: str) -> set[str]:
    return {f.rule for f in check_text(text, RULES).findings}


@pytest.mark.parametrize(
    "text",
    [
        # Contact verbs and third parties no phrase rule lists in these words.
        "Madame,\n\nMerci de solliciter votre assureur, qui tranchera.\n\nCordialement,",
        "Madame,\n\nJe vous recommande de solliciter le fabricant.\n\nCordialement,",
        "Madame,\n\nTournez-vous vers votre importateur, il vous répondra.\n\nCordialement,",
    ],
)
def test_the_customer_sent_to_a_third_party_in_other_words(text: str) -> None:
    assert "envoi-vers-tiers" in found(text)


@pytest.mark.parametrize(
    "text",
    [
        # We do it, the customer comes to us, or he is told what he does, not ordered.
        "Madame,\n\nJe signale le problème au fabricant dès ce matin.\n\nCordialement,",
        "Madame,\n\nÉcrivez-nous : nous relançons le transporteur pour vous.\n\nCordialement,",
        "Madame,\n\nComme vous le voyez, le transporteur a bien scanné le colis.\n\nCordialement,",
        "Madame,\n\nNe contactez pas le transporteur : nous nous en chargeons.\n\nCordialement,",
    ],
)
def test_what_we_do_with_a_third_party_is_no_buck_passing(text: str) -> None:
    assert "envoi-vers-tiers" not in found(text)


def test_a_remedy_denied_in_any_form_of_the_word() -> None:
    result = check_text("Madame,\n\nNous ne restituerons pas l'acompte.\n", RULES)
    assert [f.excerpt for f in result.findings if f.rule == "refus-du-remede"] == ["restituerons"]


def test_a_denial_reaches_the_remedy_that_follows_it_not_the_next_clause() -> None:
    refused = "Madame,\n\nNous ne sommes pas en mesure de corriger la facture."
    assert "refus-du-remede" in found(refused)
    offered = "Madame,\n\nVous n'avez rien à payer, nous corrigeons la facture."
    assert "refus-du-remede" not in {f.rule for f in check_text(offered, RULES).findings}
    owned = "Madame,\n\nNous n'avons pas su corriger la facture à temps, pardon."
    assert "refus-du-remede" not in {f.rule for f in check_text(owned, RULES).findings}


def test_a_frame_speaks_only_where_no_rule_of_its_kind_spoke() -> None:
    result = check_text("Madame,\n\nVoyez avec le transporteur.", RULES)
    legal = [f.rule for f in result.findings if f.category == "legal"]
    assert legal == ["renvoi-transporteur"]  # the phrase rule's message, said once


def test_a_user_frame_with_its_own_classes(isolated, env) -> None:
    write_rules(
        isolated / "data" / "rules",
        """\
        classes:
          animal: [chat]
          soin: [soigner, "=véto"]
        rules:
          - id: chat-non-soigne
            category: vocabulaire
            severity: error
            frame: {all: [animal], negated: [soin]}
            suggestion: Proposez un rendez-vous.
            why: Un chat se soigne.
        """,
    )
    rules = load_rules(env)
    hit = check_text("Nous ne soignerons pas les chats.", rules).findings
    assert [(f.rule, f.excerpt) for f in hit if f.rule == "chat-non-soigne"] == [
        ("chat-non-soigne", "soignerons pas les chats")
    ]
    assert not [
        f
        for f in check_text("Nous soignons les chats.", rules).findings
        if f.rule == "chat-non-soigne"
    ]


def test_an_unknown_class_in_a_frame_is_a_french_error(isolated, env) -> None:
    path = write_rules(
        isolated / "data" / "rules",
        """\
        rules:
          - id: cadre
            category: x
            severity: error
            frame: {all: [inconnue]}
            suggestion: s
            why: w
        """,
    )
    with pytest.raises(RulesError) as raised:
        load_rules(env)
    assert f"{path}:5" in str(raised.value.problems)
    assert "classe « inconnue » inconnue" in str(raised.value.problems)
