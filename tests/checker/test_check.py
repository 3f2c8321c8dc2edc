"""The reply checker: the corpus figures, the pattern language, structure, typography, rules."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from helpers import CORPUS as CORPORA
from reponse_cli.checker.check import check_text
from reponse_cli.checker.fix import fix_text
from reponse_cli.checker.rules import load_rules
from reponse_cli.env import Environment
from reponse_cli.method import CHECKED_PARTS
from reponse_cli.text.french import NBSP, NNBSP

CORPUS = CORPORA / "check"
RULES = load_rules(Environment(variables={"REPONSE_NO_CACHE": "1"}))


def _load(prefix: str) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    for path in sorted(CORPUS.glob(f"{prefix}*.yaml")):
        entries += yaml.safe_load(path.read_text(encoding="utf-8"))
    return entries


BAD = _load("mauvaises")
GOOD = _load("bonnes")


def check(text: str) -> Any:
    return check_text(text, RULES)


def rules_of(text: str) -> set[str]:
    return {f.rule for f in check_text(text, RULES).findings}


def errors_of(text: str, fragment: bool = False) -> list[tuple[str, str]]:
    found = check_text(text, RULES, fragment=fragment).findings
    return [(f.rule, f.excerpt) for f in found if f.severity == "error"]


# --- the corpus ----------------------------------------------------------------------


def test_corpus_is_big_enough_and_names_known_rules() -> None:
    assert len(BAD) >= 50
    assert len(GOOD) >= 25
    known = {rule.id for rule in RULES.rules}
    for entry in BAD:
        assert set(entry["expect"]) <= known, entry["id"]
    ids = [e["id"] for e in BAD + GOOD]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("entry", BAD, ids=[e["id"] for e in BAD])
def test_bad_reply_is_caught_with_its_rule(entry: dict[str, Any]) -> None:
    found = rules_of(entry["text"])
    assert set(entry["expect"]) <= found, f"attendu {entry['expect']}, trouvé {sorted(found)}"


@pytest.mark.parametrize("entry", GOOD, ids=[e["id"] for e in GOOD])
def test_good_reply_has_no_error(entry: dict[str, Any]) -> None:
    assert errors_of(entry["text"]) == []


def test_corpus_figures(capsys: pytest.CaptureFixture[str]) -> None:
    caught = sum(set(e["expect"]) <= rules_of(e["text"]) for e in BAD)
    blocked = sum(bool(errors_of(e["text"])) for e in BAD)
    clean = sum(not errors_of(e["text"]) for e in GOOD)
    with capsys.disabled():
        print(
            f"\n[reponse check] mauvaises détectées avec la règle attendue : {caught}/{len(BAD)}"
            f" (bloquées par une erreur : {blocked}/{len(BAD)}) ;"
            f" bonnes sans erreur : {clean}/{len(GOOD)}"
        )
    assert caught == len(BAD)
    assert clean == len(GOOD)


def test_every_builtin_playbook_example_passes_the_checker(env) -> None:
    from reponse_cli.playbooks.validate import example_worker, render_example

    worker = example_worker(env)
    rendered = 0
    for ref in worker.library.discover().values():
        playbook = worker.library.load(ref)
        for index in range(len(playbook.examples)):
            draft = render_example(worker, ref, playbook, index)
            assert errors_of(draft.text) == [], f"{ref.id} exemple {index + 1}"
            rendered += 1
    assert rendered > 0


# --- matching: accents, apostrophes, inflections, precision ----------------------------


@pytest.mark.parametrize(
    "text",
    [
        "C'est de votre faute.",
        "C’est de votre faute.",
        "Cʼest de votre faute.",
        "c est de votre faute",
        "cest votre faute",
        "C'EST VOTRE FAUTE",
        "C’est de VOTRE faute.",
    ],
)
def test_blame_is_found_whatever_the_apostrophe_or_case(text: str) -> None:
    assert "faute-client" in rules_of(text)


@pytest.mark.parametrize(
    "text",
    [
        "Vous vous êtes trompé de taille.",
        "Vous vous êtes trompée de taille.",
        "Vous vous êtes trompés de taille.",
        "Vous vous êtes trompées de taille.",
        "vous vous etes trompee de taille",
        "Vous vous êtes sans doute trompée de taille.",
    ],
)
def test_small_inflections_and_missing_accents(text: str) -> None:
    assert "vous-vous-etes-trompe" in rules_of(text)


def test_the_carrier_example_from_the_brief() -> None:
    assert "renvoi-transporteur" in rules_of("Nous ne sommes pas responsables du transporteur.")
    assert "renvoi-transporteur" in rules_of("Voyez avec le transporteur.")
    fine = "C'est à nous de régler la situation avec le transporteur, pas à vous."
    assert rules_of(fine) & {"renvoi-transporteur"} == set()
    assert errors_of(fine, fragment=True) == []


@pytest.mark.parametrize(
    "text",
    [
        "Ce n'est pas de votre faute : notre formulaire a effacé votre adresse.",
        "Vous avez reçu un article défectueux, et nous le remplaçons à nos frais.",
        "Le transporteur nous a confirmé la livraison ; j'ouvre une enquête aujourd'hui.",
        "Même pendant les soldes, la garantie légale de conformité s'applique.",
        "Si ce n'est pas possible pour vous, le livreur peut passer samedi.",
        "Il n'est pas question de vous laisser sans solution.",
        "Nous regrettons sincèrement ce retard.",
        "Je vous rembourse sous 14 jours ; si vous le préférez, je peux vous établir un avoir.",
        "Vous êtes la première cliente à nous signaler ce défaut : merci de votre vigilance.",
        "Le ton de notre précédent message était maladroit.",
        "Vous pouvez saisir notre médiateur, Médiation Exemple, sur www.mediation-exemple.fr.",
    ],
)
def test_mentioning_a_word_is_not_an_error(text: str) -> None:
    assert errors_of(text, fragment=True) == []


def test_a_finding_knows_where_it_is() -> None:
    text = "Madame,\n\nMerci. Calmez-vous, le colis arrive."
    (finding,) = [f for f in check_text(text, RULES).findings if f.rule == "calmez-vous"]
    assert (finding.line, finding.column) == (3, 8)
    assert finding.excerpt == "Calmez-vous"
    assert finding.severity == "error"
    assert finding.category == "order"
    assert finding.suggestion and finding.message


def test_quoted_customer_lines_are_not_the_agents_words() -> None:
    text = "Madame,\n\n> C'est de votre faute, calmez-vous !\n\nJe comprends votre colère."
    assert errors_of(text) == []


# --- categories --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Bonjour {{ prenom }},", "champ-a-remplir"),
        ("Bonjour {% if x %}Marc{% endif %},", "champ-a-remplir"),
        ("Bonjour [NOM],", "champ-a-remplir"),
        ("Votre commande n° XXX est partie.", "champ-a-remplir"),
        ("TODO : numéro de suivi", "champ-a-remplir"),
        ("Bonjour <nom>,", "champ-a-remplir"),
        ("Remboursé le XX/XX/2026.", "champ-a-remplir"),
        ("Voir https://ec.europa.eu/consumers/odr pour le litige.", "lien-odr"),
        ("Garantie constructeur uniquement.", "garantie-constructeur"),
        ("Article soldé ni repris ni échangé.", "ni-repris-ni-echange"),
        ("Pas de garantie sur les soldes.", "garantie-soldes"),
        ("Après votre rétractation, le remboursement se fera en avoir.", "avoir-impose"),
        ("NOUS AVONS DÉJÀ RÉPONDU À CELA.", "phrase-majuscules"),
        ("Votre colis est parti !!!", "points-exclamation"),
        ("Désolé si vous l'avez mal pris.", "fausse-excuse"),
        ("C'est notre politique.", "politique-maison"),
        ("Comme indiqué dans nos CGV, c'est trop tard.", "renvoi-cgv"),
        ("Je regrette, c'est trop tard.", "je-regrette"),
        ("Comme je vous l'ai déjà dit, c'est en cours.", "deja-dit"),
    ],
)
def test_each_category_is_detected(text: str, rule: str) -> None:
    assert rule in rules_of(text)


def test_acronyms_order_numbers_and_names_are_not_shouting() -> None:
    text = (
        "Madame,\n\nLa facture TTC de la commande CMD-2026-0817 indique la TVA ; le SAV et la "
        "DGCCRF ont été prévenus, comme le prévoient nos CGV. Monsieur DUPONT vous rappellera."
        "\n\nBien cordialement,\nCamille MARTIN\nATELIER LUNA"
    )
    assert {f.category for f in check_text(text, RULES).findings} & {"shouting"} == set()


def test_a_shouted_word_is_a_warning_and_a_shouted_sentence_an_error() -> None:
    (word,) = [f for f in check("Le colis est DÉJÀ parti.").findings if f.category == "shouting"]
    assert (word.rule, word.severity) == ("majuscules", "warning")
    found = {
        f.rule: f.severity
        for f in check("VOTRE COLIS EST PARTI.").findings
        if f.category == "shouting"
    }
    assert found == {"phrase-majuscules": "error"}


def test_tutoiement_mixed_with_vous() -> None:
    mixed = check("Merci pour votre message. Ton colis arrive demain.").findings
    found = [(f.rule, f.excerpt, f.severity) for f in mixed if f.category == "tutoiement"]
    assert found == [("tutoiement", "Ton", "error")]
    assert "tutoiement" in rules_of("Nous vous remercions. Je t’envoie le bon de retour.")
    assert "tutoiement-imperatif" in rules_of("Votre colis arrive. N'hésite pas à revenir.")
    # « tu » inside words, « ton » the noun, quoted words, a family name
    for text in (
        "Votre tutoriel est en ligne, et votre statut est à jour.",
        "Le ton de votre message est compréhensible.",
        "Vous citez notre slogan « Fais-toi plaisir », et vous avez raison.",
        "Monsieur Tu, votre colis est arrivé.",
    ):
        assert "tutoiement" not in rules_of(text), text


def test_tutoiement_alone_is_only_a_warning() -> None:
    (finding,) = [
        f
        for f in check("Salut Léa, ton colis arrive demain.").findings
        if f.category == "tutoiement"
    ]
    assert (finding.rule, finding.severity) == ("tutoiement", "warning")


# --- structure -------------------------------------------------------------------------

COMPLETE = """Madame,

Je vous présente toutes nos excuses pour ce retard. Je vous renvoie un exemplaire aujourd'hui,
à nos frais, et je vous donne des nouvelles d'ici le 24 novembre.

Bien cordialement,
Camille
"""


def test_a_complete_reply_has_all_five_steps() -> None:
    result = check(COMPLETE)
    assert result.steps == dict.fromkeys(CHECKED_PARTS, True)
    assert [f for f in result.findings if f.category == "structure"] == []


@pytest.mark.parametrize(
    "delay",
    [
        "sous 48 heures",
        "dans les 14 jours",
        "d'ici vendredi",
        "au plus tard le 3 décembre",
        "demain",
    ],
)
def test_a_follow_up_needs_a_date_or_a_delay(delay: str) -> None:
    vague = COMPLETE.replace("d'ici le 24 novembre", "rapidement")
    assert check(vague).steps["follow_up"] is False
    assert "manque-suivi" in rules_of(vague)
    dated = COMPLETE.replace("d'ici le 24 novembre", delay)
    assert check(dated).steps["follow_up"] is True


def test_missing_steps_are_warnings_with_their_place() -> None:
    result = check("Votre colis arrivera quand il arrivera.")
    assert result.steps == dict.fromkeys(CHECKED_PARTS, False)
    missing = {f.rule: f for f in result.findings if f.category == "structure"}
    assert set(missing) == {
        "manque-salutation",
        "manque-excuses",
        "manque-solution",
        "manque-suivi",
        "manque-formule",
    }
    assert {f.severity for f in missing.values()} == {"warning"}
    assert missing["manque-salutation"].line == 1
    assert missing["manque-suivi"].line == 0  # the whole reply, no single place
    # Neither an apology nor a solution: that, together, is an error.
    (dry,) = [f for f in result.findings if f.rule == "reponse-seche"]
    assert dry.severity == "error" and dry.line == 0
    assert not result.ok


def test_a_reply_with_an_apology_or_a_solution_is_not_dry() -> None:
    sorry = check("Madame,\n\nToutes nos excuses pour ce retard.\n\nCordialement,\nLéa")
    fix = check("Madame,\n\nJe vous renvoie un colis demain.\n\nCordialement,\nLéa")
    assert "reponse-seche" not in {f.rule for f in sorry.findings + fix.findings}


@pytest.mark.parametrize(
    "body",
    [
        # A fault owned in plain words, and an offer that says « sans ».
        "C'est loupé de notre côté : la commande est partie sans le câble.",
        "Mea culpa, le colis attendait à l'entrepôt.",
        "Votre table sera livrée jeudi, sans frais.",
    ],
)
def test_owning_a_fault_or_an_offer_without_charge_is_not_dry(body: str) -> None:
    result = check(f"Bonjour Monsieur,\n\n{body}\n\nBonne journée,\nLéa")
    assert "reponse-seche" not in {f.rule for f in result.findings}


def test_the_brands_warranty_named_while_we_take_charge_is_only_a_warning() -> None:
    text = (
        "Bonjour Madame,\n\nVotre lave-vaisselle est sous garantie du fabricant, mais vous "
        "n'avez rien à faire : nous nous occupons de tout et le technicien passe lundi.\n\n"
        "Bien cordialement,\nLéa"
    )
    findings = [f for f in check(text).findings if f.rule == "garantie-marque"]
    assert findings and all(f.severity == "warning" for f in findings)
    alone = "Bonjour,\n\nVoyez avec la garantie du fabricant.\n\nCordialement,\nLéa"
    assert ("garantie-marque", "error") in {(f.rule, f.severity) for f in check(alone).findings}


def test_telling_where_the_return_costs_were_announced_is_not_a_lesson() -> None:
    told = (
        "Comme indiqué sur la fiche produit, les frais de retour de ce canapé restent à votre "
        "charge ; nous vous remboursons 640 € dès réception."
    )
    lesson = "Comme indiqué sur la notice, le filtre se nettoie chaque semaine."
    assert "condescendance" not in rules_of(f"Bonjour,\n\n{told}\n\nCordialement,\nLéa")
    assert "condescendance" in rules_of(f"Bonjour,\n\n{lesson}\n\nCordialement,\nLéa")


def test_a_non_apology_or_a_refusal_does_not_count() -> None:
    text = (
        "Madame,\n\nNous sommes désolés si vous avez été déçue. Il n'y aura pas de "
        "remboursement.\n\nCordialement,\nLéa"
    )
    result = check(text)
    assert result.steps["apology"] is False and result.steps["solution"] is False
    assert {"reponse-seche", "refus-nie"} <= {f.rule for f in result.errors}


def test_a_refusal_with_an_alternative_is_a_warning() -> None:
    text = (
        "Madame,\n\nToutes nos excuses. Nous ne pouvons pas rembourser les frais express, "
        "mais je vous propose un bon de 10 € en plus du remboursement de l'article."
        "\n\nCordialement,\nLéa"
    )
    (refusal,) = [f for f in check(text).findings if f.rule == "refus-nie"]
    assert refusal.severity == "warning"


def test_fragments_are_checked_for_wording_only() -> None:
    piece = "Votre remboursement de 49,90 € est parti aujourd'hui."
    assert check_text(piece, RULES, fragment=True).findings == []
    assert "calmez-vous" in {
        f.rule for f in check_text("Calmez-vous, c'est parti.", RULES, fragment=True).findings
    }


def test_greeting_after_a_subject_line_counts() -> None:
    text = "Objet\u00a0: votre commande\n\n" + COMPLETE
    assert check(text).steps["greeting"] is True


# --- typography and --fix -------------------------------------------------------------


def test_typography_findings_point_at_the_mark() -> None:
    text = "Madame,\n\nMerci: je m'en occupe ; c'est « urgent» !"
    found = [f for f in check_text(text, RULES).findings if f.category == "typography"]
    assert [(f.rule, f.line, f.excerpt) for f in found] == [
        ("espace-insecable", 3, "Merci:"),
        ("espace-insecable", 3, "occupe ;"),
        ("guillemets", 3, "« urgent"),
        ("guillemets", 3, "urgent»"),
        ("espace-insecable", 3, "» !"),
    ]
    assert {f.severity for f in found} == {"warning"}


def test_correct_typography_and_code_like_text_are_clean() -> None:
    text = (
        f"Madame,\n\nMerci{NBSP}: rendez-vous à 14:30{NNBSP}; voir https://exemple.fr/a?b=1 "
        f"et «{NBSP}merci{NBSP}»{NNBSP}!"
    )
    assert [f for f in check_text(text, RULES).findings if f.category == "typography"] == []


def test_fix_applies_french_typography_and_nothing_else() -> None:
    from reponse_cli.text.french import typography

    text = "Madame,\n\nMerci: votre «colis» part demain !\nC'est de votre faute.\n\nCdt\n"
    fixed = fix_text(text)
    assert fixed == typography(text).replace("Cdt", "Bien cordialement,")
    assert f"Merci{NBSP}:" in fixed
    assert f"«{NBSP}colis{NBSP}»" in fixed
    assert "C'est de votre faute." in fixed  # words are the agent's
    assert fix_text(fixed) == fixed
    assert [f for f in check(fixed).findings if f.category == "typography"] == []


def test_fix_leaves_cdt_inside_a_sentence() -> None:
    assert fix_text("Voir Cdt Martin demain.") == "Voir Cdt Martin demain."
    assert fix_text("Merci.\n  cdt.\nLéa") == "Merci.\n  Bien cordialement,\nLéa"


# --- results and speed ----------------------------------------------------------------


def test_json_shape() -> None:
    data = check("Bonjour,\n\nC'est de votre faute.").as_json()
    assert set(data) >= {"ok", "findings", "steps"}
    assert data["ok"] is False
    assert set(data["steps"]) == {"greeting", "apology", "solution", "follow_up", "closing"}
    finding = data["findings"][0]
    assert set(finding) >= {
        "rule",
        "category",
        "severity",
        "line",
        "column",
        "excerpt",
        "suggestion",
        "message",
    }
    assert finding["rule"] == "faute-client"
    assert (finding["line"], finding["column"]) == (3, 1)


def test_builtin_rules_are_sound() -> None:
    """Every built-in rule explains itself in French, and no pattern slipped into `regex`."""
    import re

    ruleset = RULES
    assert len(ruleset.rules) >= 30
    for rule in ruleset.rules:
        assert rule.severity in ("error", "warning"), rule.id
        assert rule.why.endswith((".", "»")) and rule.suggestion, rule.id
        assert " :" not in rule.why.replace(f"{NBSP}:", ""), rule.id  # typography applied
        for matcher in rule.raw:
            looks_like_pattern = re.match(r"^\[[a-zà-ÿ' -]+\|[a-zà-ÿ' -]+", matcher.source)
            assert not looks_like_pattern, f"{rule.id}: « {matcher.source} » est un motif"
            assert " … " not in matcher.source, rule.id
    categories = {rule.category for rule in ruleset.rules}
    assert {
        "blame",
        "refusal",
        "policy",
        "non-apology",
        "cold",
        "order",
        "shouting",
        "legal",
        "placeholder",
        "tutoiement",
        "structure",
        "typography",
    } <= categories


PHRASES = yaml.safe_load((CORPUS / "phrases.yaml").read_text(encoding="utf-8"))
# A reply that can go out, but for the phrase set in it: an apology, a solution, a date.
FRAME = (
    "Madame,\n\nToutes nos excuses pour ce contretemps.\n\n{}\n\n"
    "Je vous renvoie l'article aujourd'hui et je reviens vers vous d'ici le 24 novembre."
    "\n\nBien cordialement,\nCamille"
)


@pytest.mark.parametrize("phrase", PHRASES["mauvaises"])
def test_bad_phrase_in_a_good_frame_is_flagged(phrase: str) -> None:
    found = check(FRAME.format(phrase)).findings
    assert [f for f in found if f.category not in ("structure", "typography")], phrase


@pytest.mark.parametrize("phrase", PHRASES["bonnes"])
def test_good_phrase_in_a_good_frame_has_no_error(phrase: str) -> None:
    assert errors_of(FRAME.format(phrase)) == []


# --- the verdict on the whole reply: thanks are not an apology, a regret can be hollow -----


def rules_hit(text: str) -> set[str]:
    return {f.rule for f in check(text).errors}


def test_thanks_and_a_refusal_are_a_dry_reply() -> None:
    text = (
        "Bonjour Monsieur,\n\nMerci pour votre message. Votre demande de dédommagement "
        "a bien été étudiée.\n\nCordialement,\nL'agence"
    )
    assert "reponse-seche" in rules_hit(text)  # the customer's « dédommagement » is no offer


def test_a_hollow_regret_does_not_save_a_reply_from_being_dry() -> None:
    text = (
        "Madame,\n\nNous sommes désolés que votre ressenti soit négatif. Notre équipe a "
        "fait son travail.\n\nCordialement,\nLa direction"
    )
    assert {"reponse-seche", "excuse-conditionnelle"} <= rules_hit(text)


def test_a_real_apology_without_a_solution_is_advice_not_an_error() -> None:
    text = (
        "Madame,\n\nJe suis désolée pour ce retard, c'est notre erreur.\n\n"
        "Bien cordialement,\nCamille"
    )
    assert rules_hit(text) == set()
    assert "manque-solution" in {f.rule for f in check(text).warnings}


def test_only_if_can_look_further_than_unless(isolated) -> None:
    # « garantie » anywhere in the reply makes the return costs an error; « à nos frais »
    # elsewhere does not excuse the sentence that charges them.
    text = (
        "Madame,\n\nToutes nos excuses : votre machine est sous garantie et nous la réparons "
        "à nos frais.\n\nLes frais d'envoi vers notre atelier (15 €) restent toutefois à "
        "votre charge.\n\nBien cordialement,\nÉlise"
    )
    assert "retour-payant-defaut" in rules_hit(text)
    assert "retour-payant-defaut" not in rules_hit(text.replace("sous garantie", "réglée"))


# --- a mention is not an act: what a good reply may say (issue 12) ------------------------


@pytest.mark.parametrize(
    "text",
    [
        # A finding handed over with its evidence is no suspicion.
        "L'atelier a constaté une infiltration d'eau dans le boîtier, photos ci-jointes à l'appui.",
        # The terms quoted for what they give the customer.
        "Conformément à nos conditions, nous vous remboursons les trois jours sans service.",
        # The brand's warranty named only to say that the legal one takes over.
        "Même si la garantie du fabricant est terminée, la garantie légale s'applique : "
        "nous réparons votre lave-vaisselle à nos frais.",
        # A real exception to the right of withdrawal, stated as the law gives it.
        "Une bague gravée à votre prénom n'entre pas dans le droit de rétractation : "
        "nous ne pouvons donc pas la reprendre pour ce seul motif ; en revanche, nous "
        "réparons son fermoir.",
        # A charge denied, not announced.
        "Votre four est en panne : ni la pièce ni la main-d'œuvre ne vous seront facturées.",
    ],
)
def test_a_mention_or_a_denial_is_no_error(text: str) -> None:
    assert errors_of(text, fragment=True) == []


def test_owning_a_fault_and_an_invitation_make_a_reply_not_dry() -> None:
    text = (
        "Bonjour Monsieur, c'était à nous de vous avertir du retard en cuisine, et nous ne "
        "l'avons pas fait. Nous aimerions vous inviter à revenir dîner. L'équipe du Bistrot"
    )
    assert "reponse-seche" not in rules_hit(text)


# --- issue 12: what a reply does, read by meaning -------------------------------------------


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        # The customer's duty told after the fact, or what would have spared him.
        ("Il vous incombait de vérifier le colis devant le livreur.", "devoir-du-client"),
        ("Un simple coup d'œil à la fiche vous aurait évité cette erreur.", "devoir-du-client"),
        ("Je constate que vous aviez validé le panier tel quel.", "devoir-du-client"),
        # Refusals written without « pas ».
        ("Le prélèvement ne peut donc être annulé.", "refus-definitif"),
        ("Votre acompte reste non remboursable.", "refus-definitif"),
        ("Les frais de diagnostic restent donc dus.", "refus-definitif"),
        ("Notre logiciel ne nous permet plus de modifier la facture.", "abri-reglement"),
        ("C'est écrit dans le contrat.", "abri-reglement"),
        # Passing the buck to a third party, named or not.
        (
            "Nous vous invitons à adresser votre réclamation directement au transporteur.",
            "renvoi-direct",
        ),
        ("Ils sont les seuls à pouvoir retrouver le colis.", "renvoi-tiers"),
        ("La marque a son propre service après-vente, bien plus rapide que nous.", "renvoi-tiers"),
        ("Pour nous, la commande est donc livrée.", "livre-selon-nous"),
        # The legal guarantee and its duration.
        (
            "La garantie légale de conformité ne s'applique qu'aux articles neufs.",
            "garantie-legale-ecartee",
        ),
        ("Passé un an, la garantie légale ne s'applique plus.", "garantie-legale-ecartee"),
        (
            "Faute d'avoir souscrit notre extension, l'appareil n'est plus garanti.",
            "extension-exigee",
        ),
        ("Il vous revient désormais de prouver que la panne existait.", "preuve-au-client"),
        ("C'est donc leur garantie qui s'applique.", "garantie-marque"),
        # Withdrawal, delivery dates, refunds.
        ("Le délai de rétractation court à compter de l'expédition.", "retractation-depart"),
        ("Les délais de livraison sont donnés à titre indicatif.", "date-indicative"),
        (
            "Votre remboursement vous parviendra par chèque sous quatre à six semaines.",
            "remboursement-tardif",
        ),
        ("Votre article soldé est uniquement échangé contre un avoir.", "garantie-soldes"),
        # Tone.
        ("Je vais devoir vous demander de vous calmer.", "calmez-vous"),
        ("Désolés que notre menu ne vous ait pas convenu.", "excuse-conditionnelle"),
        (
            "Comme indiqué dans le mode d'emploi, ce voyant signale un filtre plein.",
            "condescendance",
        ),
        ("Vous êtes la seule cliente à trouver la chambre trop petite.", "client-isole"),
        ("Voilà une remarque pour le moins originale.", "ironie"),
        ("Nous maintenons donc notre décision.", "refus-definitif"),
        ("Nous clôturons donc votre dossier.", "refus-definitif"),
        ("Votre requête ne peut recevoir de suite favorable.", "refus-definitif"),
        ("Nous n'avons rien à nous reprocher.", "refus-definitif"),
        ("Je vous prie de demeurer courtois.", "calmez-vous"),
        ("Nous vous demandons de ne pas nous recontacter.", "calmez-vous"),
        ("Notre société ne participe pas à la médiation de la consommation.", "mediateur-refuse"),
        (
            "Aucune réserve n'ayant été notée sur le bon de livraison, l'échange est exclu.",
            "reserves-livraison",
        ),
        ("Vous aviez tout loisir de nous prévenir pendant votre séjour.", "devoir-du-client"),
        ("Ces rayures sont compatibles avec une chute.", "faute-insinuee"),
        ("Ces taches ne sont pas apparues toutes seules.", "faute-insinuee"),
        ("C'est la règle dans la profession.", "abri-reglement"),
        ("Ce tarif s'applique à tous sans exception.", "abri-reglement"),
        ("C'est le fabricant qui est responsable de la panne.", "renvoi-tiers"),
        ("Cet avoir ne peut faire l'objet d'aucun remboursement.", "avoir-au-lieu-remboursement"),
        ("Votre fameux colis jamais reçu a pourtant été signé.", "ironie"),
        ("Nul besoin d'être un expert pour régler ces charnières.", "condescendance"),
        ("Le suivi dit livré, la signature est là \U0001f644", "emoji-moqueur"),
        ("Si vous n'êtes pas satisfaite, allez voir ailleurs.", "condescendance"),
        (
            "Les chaussures ont été portées, ce qui annule le droit de rétractation.",
            "retractation-limitee",
        ),
        ("La prochaine fois, écoutez bien les consignes du vendeur.", "condescendance"),
    ],
)
def test_issue_12_faults_are_read_by_meaning(text: str, rule: str) -> None:
    assert rule in {r for r, _ in errors_of(text, fragment=True)}, errors_of(text, fragment=True)


@pytest.mark.parametrize(
    "text",
    [
        "Notre technicien est le mieux placé pour diagnostiquer la panne ; il passera mardi.",
        "Nous sommes désolés que le plat ne vous ait pas plu ; nous vous l'avons offert.",
        "Nous vous remboursons aujourd'hui, après trois semaines d'attente : toutes nos excuses.",
        "La garantie légale ne couvre que les défauts de conformité, pas la casse accidentelle ; "
        "nous examinons votre appareil à nos frais.",
        "Je vois que vous avez choisi le retrait en magasin : votre colis vous y attend.",
        "Nous vous envoyons aujourd'hui un article conforme à ce que vous avez commandé.",
        "Vous n'avez pas souscrit d'extension de garantie, mais la garantie légale couvre votre "
        "téléviseur : nous le réparons.",
        "Le colis est considéré comme livré par le transporteur ; comme vous ne l'avez pas reçu, "
        "je vous renvoie la commande aujourd'hui.",
        "Le plus simple est de nous renvoyer directement l'article avec l'étiquette prépayée.",
        "Je vous invite à contacter directement notre service client au 01 23 45 67 89.",
        "Un message de notre part vous aurait évité ce déplacement : toutes nos excuses.",
        "Rien de ce qui s'est passé n'était de votre responsabilité.",
        "Votre commande ne peut être modifiée qu'avant son expédition ; je l'ai corrigée à temps.",
        "Après deux ans, la garantie légale ne s'applique plus, mais nous vous proposons une "
        "réparation à prix coûtant.",
        "Je vous invite à déposer votre demande directement sur votre espace client.",
        "Même sans réserve à la livraison, vous êtes couvert : je vous envoie un nouveau plateau.",
        "Nous vous avions bien indiqué une livraison le 12 ; elle a pris du retard, toutes nos "
        "excuses.",
        "Puisque vous avez oublié votre code, je vous en envoie un nouveau.",
        "Libre à vous de choisir l'une ou l'autre option.",
        "Le problème se situe au niveau de votre box ; je vous envoie un technicien demain.",
        "Les dégâts sont compatibles avec un choc pendant le transport : nous vous renvoyons "
        "l'article.",
        "Nous maintenons bien votre rendez-vous de mardi.",
        "Je peux reprendre la table contre un remboursement intégral ou un avoir, à votre choix.",
        "Il n'y a pas de frais prévus pour ce retour.",
        "Après votre visite, la chambre a été contrôlée : rien de ce qui s'est passé ne relève "
        "de votre responsabilité.",
        "Vous n'avez rien à faire : nous reprenons contact avec le livreur nous-mêmes.",
        "Votre dossier est désormais clos, puisque le remboursement vous est parvenu.",
        "Le technicien n'a constaté aucune trace de choc : la panne est couverte, nous remplaçons "
        "l'écran.",
    ],
)
def test_issue_12_near_misses_are_no_error(text: str) -> None:
    assert errors_of(text, fragment=True) == []


def test_the_matchers_the_index_leaves_out_could_not_have_matched(rules) -> None:
    """A reply reaches its candidate matchers through its own words: on real-looking
    replies, every matcher left out would have failed its own test before the regex."""
    from reponse_cli.checker.check import MatcherIndex
    from reponse_cli.text.fold import fold
    from reponse_cli.text.patterns import WordIndex

    texts = []
    for name in ("reel-dev.yaml", "reel-dev-2.yaml", "mauvaises.yaml", "bonnes.yaml"):
        texts += [e["text"] for e in yaml.safe_load((CORPORA / "check" / name).read_text())]
    matchers = [m for rule in rules.rules for m in (*rule.matchers, *rule.raw)]
    index = MatcherIndex(matchers)
    left_out = 0
    for text in texts:
        folded = fold(text)
        words = WordIndex(folded)
        candidates = index.candidates(words)
        for matcher in matchers:
            if id(matcher) not in candidates:
                left_out += 1
                assert not matcher.possible(folded, words), (matcher.source, text[:60])
    assert left_out > len(texts) * len(matchers) // 2  # most are never asked


def test_a_reply_gets_the_same_findings_before_and_after_the_matchers_are_filed(rules) -> None:
    """A long run files the matchers after its first replies: nothing found changes."""
    from reponse_cli.checker.check import INDEX_AFTER

    replies = [
        e["text"] for e in yaml.safe_load((CORPORA / "check" / "mauvaises.yaml").read_text())
    ]
    replies = replies[:INDEX_AFTER]
    first = [check_text(text, rules).as_json() for text in replies]  # every matcher asked
    again = [check_text(text, rules).as_json() for text in replies]  # the filed ones
    assert again == first
    assert any(result["findings"] for result in first)
