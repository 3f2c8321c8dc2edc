"""The learned verdict beside the rules (checker/verdict.py, rule `verdict-appris`)."""

from __future__ import annotations

from pathlib import Path

from reponse_cli.checker.check import check_text
from reponse_cli.checker.rules import load_rules
from reponse_cli.checker.verdict import trained_verdict
from reponse_cli.env import Environment
from reponse_cli.listening.alarm import escalation_model

RULES = load_rules(Environment(variables={"REPONSE_NO_CACHE": "1"}))

# Blame by implication, in words no rule holds: the care label « clearly » says it.
IMPLIED = """\
Bonjour,

Nous avons bien noté votre remarque. Un pull de cette qualité demande un lavage à la main, \
comme l'indique clairement l'étiquette cousue à l'intérieur.

Bonne journée,
L'équipe Laine & Co
"""

# A careful reply: the firm sentence about quotes is a fact the customer can check, the
# rest apologises, explains and offers to go through the invoice together.
FIRM_BUT_FAIR = """\
Bonjour Madame Perrin,

Je comprends qu'une facture de 640 € surprenne quand on attendait un simple entretien. \
Le remplacement du ballon vous a été proposé par téléphone le 4 novembre, et vous nous \
avez envoyé votre accord par SMS le jour même ; nous ne faisons jamais rien sans votre \
accord. \
Si un point vous paraît encore flou, je passe volontiers avec le devis pour le reprendre \
ligne par ligne, à l'heure qui vous convient.

Bien cordialement,
Antoine, Chauffage Lebrun
"""


def errors(text: str, learned: bool = True) -> dict[str, str]:
    return {f.rule: f.excerpt for f in check_text(text, RULES, learned=learned).errors}


def test_the_model_catches_what_the_rules_miss_and_points_at_the_sentence() -> None:
    assert errors(IMPLIED, learned=False) == {}  # the rules alone let it through
    (finding,) = check_text(IMPLIED, RULES).errors
    assert finding.rule == "verdict-appris"
    assert finding.excerpt.startswith("Un pull de cette qualité demande un lavage")
    assert finding.line == 3 and "sans lui attribuer le problème" in finding.suggestion


def test_a_rule_error_in_a_reply_that_reads_well_becomes_a_warning_to_look_at() -> None:
    assert "refus-ferme" in errors(FIRM_BUT_FAIR, learned=False)
    found = {f.rule: f for f in check_text(FIRM_BUT_FAIR, RULES).findings}
    assert found["refus-ferme"].severity == "warning" and found["refus-ferme"].softened
    assert "Lue en entier, la réponse ressemble à celles qui peuvent partir" in (
        found["refus-ferme"].message
    )
    assert not check_text(FIRM_BUT_FAIR, RULES).errors


def test_a_plain_fault_inside_a_good_reply_stays_an_error() -> None:
    spoiled = FIRM_BUT_FAIR.replace("Si un point", "Calmez-vous, c'est de votre faute. Si un point")
    assert {"calmez-vous", "faute-client"} <= set(errors(spoiled))


def test_placeholders_capitals_and_the_shops_own_rules_are_never_overruled(
    tmp_path: Path,
) -> None:
    assert "champ-a-remplir" in errors(FIRM_BUT_FAIR.replace("Madame Perrin", "[NOM]"))
    shouted = FIRM_BUT_FAIR.replace("Je comprends qu'une", "JE COMPRENDS TRÈS BIEN QU'UNE")
    assert "phrase-majuscules" in errors(shouted)
    own = tmp_path / "regles"
    own.mkdir()
    (own / "boutique.yaml").write_text(
        "rules:\n"
        "  - id: ballon\n"
        "    category: vocabulaire\n"
        "    severity: error\n"
        "    patterns: [ballon]\n"
        "    suggestion: Dites « chauffe-eau ».\n"
        "    why: Le client ne connaît pas ce mot.\n",
        encoding="utf-8",
    )
    shop = load_rules(Environment(variables={"REPONSE_NO_CACHE": "1"}), [own])
    assert "ballon" in {f.rule for f in check_text(FIRM_BUT_FAIR, shop).errors}


def test_a_shop_can_leave_the_verdict_to_the_rules(tmp_path: Path) -> None:
    own = tmp_path / "regles"
    own.mkdir()
    (own / "boutique.yaml").write_text(
        "rules:\n  - id: verdict-appris\n    enabled: false\n", encoding="utf-8"
    )
    shop = load_rules(Environment(variables={"REPONSE_NO_CACHE": "1"}), [own])
    assert check_text(IMPLIED, shop).ok
    assert "refus-ferme" in {f.rule for f in check_text(FIRM_BUT_FAIR, shop).errors}


def test_follow_up_messages_and_huge_texts_are_judged_by_the_rules_alone() -> None:
    result = check_text(IMPLIED, RULES, fragment=True)
    assert "verdict-appris" not in {f.rule for f in result.findings}
    huge = IMPLIED + "Merci de votre confiance.\n" * 1_000
    assert "verdict-appris" not in {f.rule for f in check_text(huge, RULES).findings}


def test_the_weights_are_read_once_and_give_probabilities() -> None:
    verdict = trained_verdict()
    assert verdict is not None and verdict is trained_verdict()
    whole, each = verdict.read(["vous auriez dû lire la notice.", "bonne journée"])
    assert 0.0 <= whole <= 1.0 and each[0] > each[1]


def test_a_lone_surrogate_is_read_not_a_crash() -> None:
    """Text decoded with « surrogateescape » (a file in a broken encoding) can hold lone
    surrogates: the models hash them like any other letters."""
    findings = check_text("Bonjour \ud800, votre colis part demain.", RULES).findings
    assert all(f.rule != "verdict-appris" or f.excerpt for f in findings)
    model = escalation_model()
    assert model is not None
    assert set(model.probabilities("je porte plainte \udcff")) == set(model.kinds)
