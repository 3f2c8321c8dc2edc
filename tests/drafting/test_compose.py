"""Composing a reply: real choices, gestures on top, `when`, one promised date, the plan."""

import datetime as dt

import pytest

from reponse_cli.config import Config
from reponse_cli.drafting.compose import Composer, DraftState, on_top
from reponse_cli.drafting.flow import DictAsker, Flow
from reponse_cli.errors import ReponseError
from reponse_cli.playbooks.library import PlaybookRef
from reponse_cli.playbooks.loading import parse_playbook

DAY = dt.date(2026, 11, 20)
CONFIG = Config(
    values={
        "agent": "Camille Martin",
        "mediateur_nom": "Médiation Exemple",
        "mediateur_site": "https://www.mediation-exemple.fr",
    },
    exists=True,
)

LATE = """\
title: Retard
family: contractuel
description: d
subject: "Commande {{ commande }}"
questions:
  - {id: essentielle, prompt: Date essentielle ?, type: bool, default: false, help: h}
listen: {reformulation: "Votre commande {{ commande }} est en retard."}
apologies:
  nous: Toutes nos excuses pour ce retard.
  client: Nous sommes désolés de ce contretemps.
empathy:
  - {text: "Je sais que ce colis était attendu pour une date précise.", when: essentielle}
  - Attendre un colis est pénible.
solutions:
  - {id: express, label: Express, text: Je renvoie votre commande en express., recommended: true}
  - id: annulation
    label: Annuler
    text: Si vous préférez, j'annule la commande et je vous rembourse tout.
    when: essentielle
  - {id: port, label: Port offert, geste: true, text: Je vous rembourse les frais de port.}
  - {id: bon, label: Bon, geste: true, text: Je vous offre un bon de 10 €.}
follow_up:
  - {id: confirmation, stage: before, after_days: 0, label: Confirmer,
     text: Je vous confirme la solution dès votre réponse., message: C'est confirmé.}
  - id: remboursement
    stage: during
    after_days: 3
    label: Remboursement
    when: "'annulation' in solutions_choisies"
    text: Je vous confirme le remboursement au plus tard le {{ due }}.
    message: Le remboursement est parti.
  - id: nouvelles
    stage: during
    after_days: 2
    label: Nouvelles
    text: Je vous donne des nouvelles au plus tard le {{ due }}.
    message: >-
      {% if 'port' in solutions_choisies %}Les frais de port vous ont été remboursés.
      {% endif %}Votre colis avance.
  - id: satisfaction
    stage: after
    after_days: 10
    label: Satisfaction
    text: Je prendrai de vos nouvelles vers le {{ due }}.
    message: Tout va bien ?
closing:
  - {text: Merci de votre patience., when: "responsabilite == 'nous'"}
  - Merci de votre compréhension.
mediation: "responsabilite == 'client'"
"""


@pytest.fixture
def late(write_playbook) -> Composer:
    path = write_playbook("retard", LATE)
    return Composer(PlaybookRef("retard", path, "file"), parse_playbook(path), CONFIG, DAY)


def draft(composer: Composer, **state):
    answers = {"commande": "7", **state.pop("answers", {})}
    return composer.compose(DraftState("retard", answers=answers, **state))


def test_two_alternatives_are_a_choice_and_the_gesture_comes_on_top(late) -> None:
    text = draft(
        late, answers={"essentielle": True}, solutions=["express", "annulation", "port", "bon"]
    ).sections["solutions"]
    assert text == (
        "Je vous propose, au choix :\n\n"
        "- Je renvoie votre commande en express.\n"
        "- Si vous préférez, j'annule la commande et je vous rembourse tout.\n\n"
        "Dites-moi simplement ce que vous préférez.\n\n"
        "En plus, je vous rembourse les frais de port. Je vous offre un bon de 10 €."
    ).replace(" :", "\u00a0:").replace(" €", "\u00a0€")


def test_a_gesture_alone_is_simply_given(late) -> None:
    reply = draft(late, solutions=["port"])
    assert reply.sections["solutions"] == "Je vous rembourse les frais de port."
    assert reply.gestures == ["port"]


def test_on_top_keeps_an_acronym() -> None:
    assert on_top("Je vous offre") == "En plus, je vous offre"
    assert on_top("TVA offerte.") == "En plus, TVA offerte."


def test_a_solution_that_does_not_apply_is_neither_offered_nor_written(late) -> None:
    # Cancellation is opened by an essential date (L216-6): not offered otherwise.
    assert [s.id for s in late.offered(DraftState("retard"))] == ["express", "port", "bon"]
    reply = draft(late, solutions=["express", "annulation"])
    assert reply.solutions == ["express"]
    assert "annule" not in reply.text
    # Asked for explicitly by a script, it is refused with the reason.
    asker = DictAsker({"commande": "7", "solutions": ["annulation"]})
    Flow(late, asker, DraftState("retard")).run()
    with pytest.raises(ReponseError, match="« annulation » ne s'applique pas ici"):
        asker.finish()


def test_an_empathy_phrase_with_a_condition(late) -> None:
    assert draft(late).sections["empathy"] == "Attendre un colis est pénible."
    essential = draft(late, answers={"essentielle": True})
    assert essential.sections["empathy"].startswith("Je sais que ce colis")
    with pytest.raises(ReponseError, match="ne s'applique pas"):
        draft(late, empathy=1)


def test_the_reply_promises_one_date_and_the_plan_keeps_every_step(late) -> None:
    reply = draft(late, solutions=["express", "port"])
    assert [(f.id, f.promised) for f in reply.follow_up] == [
        ("confirmation", False),
        ("nouvelles", True),
        ("satisfaction", False),
    ]
    assert reply.sections["follow_up"] == (
        "Je vous donne des nouvelles au plus tard le 23 novembre 2026."
    )
    # The later messages see which solutions were chosen.
    assert reply.follow_up[1].message.startswith("Les frais de port vous ont été remboursés.")
    assert draft(late, solutions=["express"]).follow_up[1].message == "Votre colis avance."
    chosen = draft(late, promise="satisfaction").sections["follow_up"]
    assert chosen == "Je prendrai de vos nouvelles vers le 30 novembre 2026."
    assert [f["promised"] for f in reply.as_json()["follow_up"]] == [False, True, False]


def test_a_follow_up_step_about_a_refund_only_when_a_refund_is_offered(late) -> None:
    ids = [f.id for f in draft(late, solutions=["express"]).follow_up]
    assert "remboursement" not in ids
    refund = draft(late, answers={"essentielle": True}, solutions=["annulation"])
    assert [f.id for f in refund.follow_up if f.promised] == ["remboursement"]


def test_closing_and_mediator_follow_the_responsibility(late) -> None:
    ours = draft(late, responsibility="nous")
    assert "Merci de votre patience." in ours.sections["closing"]
    assert "médiateur" not in ours.text
    theirs = draft(late, responsibility="client")
    closing = theirs.sections["closing"]
    assert closing.startswith("Si cette réponse ne vous satisfait pas")
    assert "Médiation Exemple (https://www.mediation-exemple.fr)" in closing
    assert "Merci de votre compréhension." in closing


def test_an_edited_text_is_the_agents_data(late) -> None:
    reply = draft(
        late,
        texts={"apology.nous": "Pardon : 12 € offerts {{ commande }}.", "solution.express": ""},
    )
    assert reply.sections["apology"] == "Pardon\u00a0: 12\u00a0€ offerts {{ commande }}."
    assert reply.sections["solutions"] == "Je renvoie votre commande en express."


def test_a_public_reply_has_no_subject(write_playbook) -> None:
    path = write_playbook("public", LATE.replace('subject: "Commande {{ commande }}"\n', ""))
    composer = Composer(PlaybookRef("public", path, "file"), parse_playbook(path), CONFIG, DAY)
    assert draft(composer).subject == ""


def test_a_default_reply_carries_a_fix_not_only_a_gesture(write_playbook) -> None:
    text = LATE.replace(
        "text: Je renvoie votre commande en express., recommended: true}",
        "text: Je renvoie votre commande en express.}",
    ).replace(
        "label: Port offert, geste: true,", "label: Port offert, geste: true, recommended: true,"
    )
    path = write_playbook("geste", text)
    composer = Composer(PlaybookRef("geste", path, "file"), parse_playbook(path), CONFIG, DAY)
    assert composer.recommended(DraftState("geste")) == ["express", "port"]


def test_a_composition_for_its_sections_alone_has_the_same_sections(late) -> None:
    """`validate` composes without typesetting the whole text: every section, step and
    offer is the one the agent's draft carries."""
    for solutions in (["express"], ["express", "bon"], ["annulation", "port"]):
        state = {"answers": {"commande": "7", "essentielle": True}, "solutions": solutions}
        whole = late.compose(DraftState("retard", **state))
        parts = late.compose(DraftState("retard", **state), typeset=False)
        assert parts.sections == whole.sections
        assert parts.follow_up == whole.follow_up
        assert parts.offers == whole.offers
        assert parts.text != whole.text  # « : » and « € » not yet spaced
