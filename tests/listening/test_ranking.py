"""Ranking playbooks for a message: phrases close together, asides, a second problem."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from helpers import MINIMAL
from reponse_cli.env import Environment
from reponse_cli.listening.engine import Listener
from reponse_cli.playbooks.library import Library
from reponse_cli.playbooks.loading import parse_playbook

TODAY = dt.date(2026, 11, 25)


@pytest.fixture(scope="module")
def builtin() -> Listener:
    loaded = Library(Environment(variables={"REPONSE_NO_CACHE": "1"})).load_all()
    return Listener({pid: spec for pid, (_, spec) in loaded.items()})


def listener_of(folder: Path, specs: list[tuple[str, str, str, str | None]]) -> Listener:
    """Playbooks of one keyword list each: (name, family, keywords, listen.age or None)."""
    paths: list[Path] = []
    for name, family, keywords, age in specs:
        text = MINIMAL.replace("family: qualite\n", f"family: {family}\n").replace(
            "description: Un playbook d'essai.\n",
            f"description: Essai.\nkeywords: [{keywords}]\n",
        )
        if age:
            text = text.replace("listen:\n", f"listen:\n  age: {age}\n")
        path = folder / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    playbooks = {path.stem: parse_playbook(path) for path in paths}
    return Listener(playbooks, None, paths)


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Listener:
    """Three playbooks of one keyword list each."""
    return listener_of(
        tmp_path_factory.mktemp("playbooks"),
        [
            ("ecrase", "qualite", '"colis écrasé"', None),
            ("double", "financier", '"double paiement", "paiement en double", "paiement"', None),
            ("erreur", "contractuel", '"commandé … reçu"', None),
        ],
    )


def hits(listener: Listener, text: str, playbook: str) -> list[str]:
    reading = listener.read(text, TODAY)
    return next(c.matched for c in reading.candidates if c.playbook == playbook)


def test_a_keyword_counts_when_its_words_are_close(small: Listener) -> None:
    assert hits(small, "Le colis est arrivé tout écrasé.", "ecrase") == ["colis écrasé"]
    far = "Le colis est arrivé hier soir chez ma voisine qui rentrait, le gâteau était écrasé."
    assert hits(small, far, "ecrase") == []
    assert hits(small, "Colis arrivé. Écrasé ? Non, tout va bien.", "ecrase") == []


def test_an_ellipsis_lets_words_come_between(small: Listener) -> None:
    text = "J'ai commandé la lampe en rotin pour la chambre de mon fils et j'ai reçu un miroir."
    assert hits(small, text, "erreur") == ["commandé … reçu"]


def test_the_same_words_count_once(small: Listener) -> None:
    """« paiement » inside « double paiement » (or « paiement en double ») is one finding."""
    assert hits(small, "Je vois un double paiement sur mon relevé.", "double") == [
        "double paiement"
    ]
    assert hits(small, "Mon paiement a échoué.", "double") == ["paiement"]


def test_an_announced_aside_is_a_second_problem(builtin: Listener) -> None:
    text = (
        "Bonjour, ma commande 5512 devait arriver le 10 novembre et je n'ai toujours rien "
        "reçu, le suivi indique « étiquette créée » depuis quinze jours.\n\n"
        "Autre chose : le code promo BIENVENUE a été refusé au paiement, la réduction "
        "n'a pas été appliquée et j'ai payé plein tarif."
    )
    reading = builtin.read(text, TODAY)
    assert reading.candidates[0].playbook == "retard-livraison"
    assert reading.second is not None and reading.second.playbook == "code-promo"
    problems = [p["playbook"] for p in reading.as_json()["problems"]]
    assert problems == ["retard-livraison", "code-promo"]


def test_an_aside_counts_less_for_the_main_problem(builtin: Listener) -> None:
    text = (
        "Bonjour, je souhaite vous renvoyer la lampe reçue samedi : finalement elle ne me "
        "convient pas, et je suis dans le délai de 14 jours.\n\n"
        "Au passage, mon code de parrainage a été refusé, le code promo n'a pas été "
        "appliqué, la réduction n'a pas été déduite et j'ai payé plein pot."
    )
    assert builtin.read(text, TODAY).candidates[0].playbook == "retractation"


def test_one_problem_told_two_ways_is_one(builtin: Listener) -> None:
    """Late, or lost? One problem in two sentences, not two problems."""
    text = (
        "Ma commande devait arriver lundi et elle n'est toujours pas arrivée : la date de "
        "livraison promise est dépassée depuis une semaine.\n\n"
        "Le suivi du transporteur la dit marquée distribuée, mais il n'y a rien dans ma "
        "boîte aux lettres, personne ne l'a reçue, ni le gardien ni les voisins."
    )
    reading = builtin.read(text, TODAY)
    assert reading.candidates[0].playbook in {"retard-livraison", "colis-perdu"}
    assert reading.second is None
    assert len(reading.as_json()["problems"]) == 1


def test_an_aside_after_et_or_par_la_meme_occasion_is_announced(builtin: Listener) -> None:
    for opening in ("Et au passage,", "Par la même occasion,", "Et pour ne rien arranger,"):
        text = (
            "Bonjour, pourriez-vous m'envoyer la facture de ma commande 3310 ? Elle n'apparaît "
            f"pas dans mon espace client.\n{opening} le code promo HIVER15 n'a pas été appliqué."
        )
        reading = builtin.read(text, TODAY)
        assert reading.candidates[0].playbook == "facture-manquante", opening
        assert reading.second is not None and reading.second.playbook == "code-promo", opening


def test_compound_words_and_idioms_are_not_their_parts(builtin: Listener) -> None:
    """A « chauffe-eau » is not wet, a « grille-pain » has not burnt out, and changing
    one's rating is no change of mind about the purchase."""
    heater = builtin.read(
        "Le changement du chauffe-eau a été facturé plus cher que le devis.", TODAY
    )
    assert all("trempé" not in c.matched for c in heater.candidates)
    toaster = builtin.read("Le grille-pain affiché 24,90 € m'a été facturé 29,90 €.", TODAY)
    assert toaster.candidates[0].playbook == "prix-facture"
    rating = builtin.read("Je changerai ma note quand ce sera réglé.", TODAY)
    assert rating.candidates[0].playbook == "avis-negatif"


def test_a_review_that_says_to_flee_is_no_leak(builtin: Listener) -> None:
    """« Site à fuir », « fuyez » warn other buyers; « le lave-vaisselle fuit » is a fault."""
    review = builtin.read("Site à fuir, aucun respect du client.", TODAY)
    assert review.candidates[0].playbook == "avis-negatif"
    leak = builtin.read("Reçu la semaine dernière, le lave-vaisselle fuit et goutte.", TODAY)
    # A fault of the product (the learned model leans to a damage from use first).
    assert leak.candidates[0].family == builtin.playbooks["produit-defectueux"].family
    assert "produit-defectueux" in [c.playbook for c in leak.candidates[:3]]


def test_the_quoted_thread_says_what_a_short_reply_is_about(builtin: Listener) -> None:
    """« Toujours rien » under the shop's own words about an exchange is about the exchange;
    the quote is weak evidence: it decides only when the customer's words do not."""
    reply = "Je ne vois toujours rien venir, et ça fait bientôt un mois."
    quote = (
        "\n\nLe 12 nov. 2026 à 09:15, Boutique Nova a écrit :\n"
        "> Bonjour,\n"
        "> Nous avons bien reçu l'article que vous nous avez retourné ; l'échange contre la "
        "taille au-dessus part cette semaine.\n"
        "> Le service client\n"
    )
    assert builtin.read(reply, TODAY).candidates[0].playbook != "echange-attente"
    assert builtin.read(reply + quote, TODAY).candidates[0].playbook == "echange-attente"
    own = "Le code promo HIVER15 n'a pas été appliqué, j'ai payé plein tarif."
    assert builtin.read(own + quote, TODAY).candidates[0].playbook == "code-promo"


@pytest.fixture(scope="module")
def aged(tmp_path_factory: pytest.TempPathFactory) -> Listener:
    """A merchant's playbooks told apart by the product's age alone, and one without."""
    return listener_of(
        tmp_path_factory.mktemp("aged"),
        [
            ("neuf", "qualite", '"ne marche plus", "en panne"', "{max: 1 mois}"),
            ("garanti", "qualite", '"ne marche plus"', "{min: 1 mois, max: 2 ans}"),
            ("ancien", "qualite", '"ne marche plus"', "{min: 2 ans}"),
            ("perdu", "contractuel", '"colis perdu", "jamais reçu"', None),
        ],
    )


def first(listener: Listener, text: str) -> str:
    return listener.read(text, TODAY).candidates[0].playbook


def test_the_products_age_chooses_among_playbooks_with_an_age(aged: Listener) -> None:
    """« Ne marche plus » is the same words at any age; the age decides, even against a
    keyword more (« en panne »)."""
    assert first(aged, "Le grille-pain est en panne, il ne marche plus.") == "neuf"
    assert first(aged, "Reçu hier, le grille-pain ne marche plus.") == "neuf"
    assert first(aged, "Acheté en mars, le grille-pain en panne ne marche plus.") == "garanti"
    assert first(aged, "Il a quatre ans, le grille-pain est en panne et ne marche plus.") == (
        "ancien"
    )
    reading = aged.read("Acheté il y a trois ans, il ne marche plus.", TODAY)
    assert any(hit.keyword.startswith("âge du produit") for hit in reading.candidates[0].hits)


def test_the_age_never_outweighs_clear_words(aged: Listener) -> None:
    """A parcel lost is a parcel lost, whatever the age of what was in it."""
    text = (
        "Colis perdu, jamais reçu : c'était un grille-pain pour remplacer le mien, acheté "
        "il y a quatre ans, qui ne marche plus."
    )
    assert first(aged, text) == "perdu"


@pytest.mark.parametrize(
    ("text", "playbook"),
    [
        ("Ma tondeuse a cinq ans, le moteur ne part plus, vous réparez ?", "panne-hors-garantie"),
        ("Le grille-pain acheté en mars ne chauffe plus que d'un côté.", "usure-prematuree"),
        ("Le mixeur livré samedi sent le brûlé dès qu'on l'allume.", "produit-defectueux"),
    ],
)
def test_the_builtin_playbooks_read_the_age(builtin: Listener, text: str, playbook: str) -> None:
    assert first(builtin, text) == playbook
