"""Facts read in a customer's message: orders, amounts, dates and their role."""

import datetime as dt
from decimal import Decimal

import pytest

from reponse_cli.listening.facts import (
    extract,
    find_amounts,
    find_customer,
    find_dates,
    find_orders,
    find_product,
    read_date,
)

TODAY = dt.date(2026, 11, 22)  # a Sunday


@pytest.mark.parametrize(
    ("text", "orders"),
    [
        ("ma commande n° 48213 est en retard", ["48213"]),
        ("commande #48213", ["48213"]),
        ("Réf. CMD-2026-0817, merci", ["CMD-2026-0817"]),
        ("j'ai reçu A-55120 hier", ["A-55120"]),
        ("la facture FA-2026-118 est fausse", ["FA-2026-118"]),
        ("le numéro de commande c'est le 10293", ["10293"]),
        ("casque (n 77104) en panne", ["77104"]),
        ("cmd W40775 et #W40775", ["W40775"]),
        ("débité deux fois pour la même commande (2026-3391).", ["2026-3391"]),
        ("pour ma commande suivante (8841), le plaid est gris", ["8841"]),
    ],
)
def test_order_numbers_in_many_shapes(text: str, orders: list[str]) -> None:
    assert find_orders(text) == orders


@pytest.mark.parametrize(
    "text",
    [
        "appelez-moi au 0612345678",
        "depuis 2026 je suis cliente",
        "mon code BIENVENUE15 ne marche pas",
        "j'habite au 12 rue des Lilas, 75011 Paris",
    ],
)
def test_not_order_numbers(text: str) -> None:
    assert find_orders(text) == []


def test_a_shop_pattern_replaces_the_generic_shapes() -> None:
    text = "Dossier BX77/123 et référence X-99999"
    assert find_orders(text, r"BX\d{2}/\d{3}") == ["BX77/123", "X-99999"]
    assert "BX77/123" not in find_orders(text)


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("payé 49,90 €", ["49.90"]),
        ("49.90€ de frais", ["49.90"]),
        ("120 euros quand même", ["120"]),
        ("1 440 € au lieu de 1 200 €", ["1440", "1200"]),
        ("un câble à 12€50", ["12.50"]),
        ("30 balles", ["30"]),
        ("EUR 15,00", ["15"]),
        ("toujours pas vu la couleur des 74,95.", ["74.95"]),
        ("le devis disait 450 et la facture arrive à 612 !", ["450", "612"]),
        ("vous m'avez remboursé 45 au lieu de 90.", ["45", "90"]),
        ("l'offre à 49.- par mois, une ligne de 19.50 en plus", ["49", "19.50"]),
        ("des baskets à 94 euros 90, toujours rien", ["94.90"]),
        ("120 euros 12 fois", ["120"]),
    ],
)
def test_amounts(text: str, values: list[str]) -> None:
    assert [a.value for a in find_amounts(text)] == [Decimal(v) for v in values]


def test_percentages_and_sizes_are_not_amounts() -> None:
    assert find_amounts("une remise de 20 % sur un écran 27 pouces de 2,5 kg") == []


@pytest.mark.parametrize(
    "text",
    [
        "la facture 2026-0934 reste due",
        "payé en 3 fois",
        "remboursé le 12 novembre",
        "j'ai reçu 2 au lieu de 3 articles",
        "le prix de 12 palettes",
        "la facture de 2025 était fausse",
        "la facture 12 du mois dernier",
    ],
)
def test_numbers_near_money_words_that_are_not_amounts(text: str) -> None:
    assert find_amounts(text) == []


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("Montant : septante-quatre euros nonante.", "74.90", "EUR"),
        ("elle me revient à septante-neuf francs de plus", "79", "CHF"),
        ("quatre-vingt-dix-neuf euros et cinquante centimes", "99.50", "EUR"),
        ("deux cents euros pour rien", "200", "EUR"),
        ("le facteur me demande 38.60 CHF de dédouanement", "38.60", "CHF"),
        ("un contrat de 18 500 $, il devait finir", "18500", "CAD"),
    ],
)
def test_amounts_in_words_and_other_currencies(text: str, value: str, currency: str) -> None:
    (amount,) = find_amounts(text)
    assert (amount.value, amount.currency) == (Decimal(value), currency)


def test_vingt_euros_deux_fois_has_no_cents() -> None:
    assert [a.value for a in find_amounts("payé vingt euros deux fois")] == [Decimal(20)]


@pytest.mark.parametrize(
    ("text", "iso", "role"),
    [
        ("commandé le 3 novembre", "2026-11-03", "commande"),
        ("livraison prévue le 12/11", "2026-11-12", "promesse"),
        ("colis reçu hier", "2026-11-21", "livraison"),
        ("renvoyé il y a deux semaines", "2026-11-08", "retour"),
        ("je l'ai renvoyé lundi dernier", "2026-11-16", "retour"),
        ("passée le 02/11/2026", "2026-11-02", "commande"),
        ("on est le 22 et rien", "2026-11-22", "autre"),
        ("achetée il y a deux mois", "2026-09-22", "commande"),  # the same day, not 60 days
        ("achetée il y a 2 ans et 3 mois", "2024-08-22", "commande"),
        ("ça fait 3 semaines que j'attends", "2026-11-01", "autre"),
        ("je l'ai depuis 10 jours à peine", "2026-11-12", "autre"),
        ("le code est valable jusqu'au 30", "2026-11-30", "autre"),
        ("si je n'ai rien d'ici lundi", "2026-11-23", "autre"),
        ("si je n'ai pas de date avant vendredi", "2026-11-27", "autre"),
    ],
)
def test_dates_resolved_against_today(text: str, iso: str, role: str) -> None:
    (found,) = find_dates(text, TODAY)
    assert found.value.isoformat() == iso
    assert found.role == role


def test_a_day_alone_takes_its_month_from_the_context() -> None:
    dates = find_dates("livraison entre le 12 et le 14 novembre, relancé le 16", TODAY)
    assert [d.value.day for d in dates] == [12, 14, 16]
    assert {d.value.month for d in dates} == {11}


def test_ratings_and_times_are_not_dates() -> None:
    assert find_dates("note 2/5, livré à 14:30, le 3ème colis", TODAY) == []


def test_extract_keeps_the_written_text() -> None:
    facts = extract("Commande n° 48213 payée 49,90 € le 3 novembre", TODAY)
    data = facts.as_json()
    assert data["orders"] == ["48213"]
    assert data["amounts"] == [{"value": "49.90", "currency": "EUR", "text": "49,90 €"}]
    assert data["dates"][0]["text"] == "3 novembre"


def test_roles_when_two_cues_meet() -> None:
    (promised,) = find_dates("le colis devait arriver le 15 novembre", TODAY)
    assert promised.role == "promesse"
    (returned,) = find_dates("j'ai retourné ma commande n° 48213 le 5 novembre", TODAY)
    assert returned.role == "retour"


@pytest.mark.parametrize(
    ("text", "occasion"),
    [
        ("c pour l'anniv de ma fille samedi, ça arrive à temps ?", "l'anniversaire de votre fille"),
        ("C'était pour l anniversaire de mon Neveu", "l'anniversaire de votre neveu"),
        ("je voulais l'offrir pour Noël", "Noël"),
        ("un cadeau de mariage, pour le mariage de ma sœur", "le mariage de votre sœur"),
        ("à l'occasion de la fête des mères", "la fête des Mères"),
    ],
)
def test_the_occasion_the_order_was_for(text: str, occasion: str) -> None:
    assert extract(text, TODAY).occasion == occasion


@pytest.mark.parametrize(
    "text",
    ["Joyeux anniversaire à toute l'équipe", "mon anniversaire est passé", "pourtant, rien"],
)
def test_a_word_in_passing_is_no_occasion(text: str) -> None:
    assert extract(text, TODAY).occasion is None


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("le suivi ne bouge plus depuis lundi", "bloque"),
        ("Colis bloqué depuis une semaine à Rungis", "bloque"),
        ("le colis est indiqué comme livré mais je n'ai rien reçu", "livre"),
        ("soi-disant livré, ma boîte aux lettres est vide", "livre"),
        ("ma commande n'a toujours pas été expédiée", "non-expedie"),
        ("elle est toujours en préparation", "non-expedie"),
        ("j'ai bien reçu le colis, mais il est abîmé", None),
    ],
)
def test_what_the_customer_says_the_tracking_shows(text: str, status: str | None) -> None:
    assert extract(text, TODAY).parcel == status


@pytest.mark.parametrize(
    ("text", "tense", "iso"),
    [
        ("il y a 3 semaines", None, "2026-11-01"),
        ("lundi dernier", None, "2026-11-16"),
        ("le 14 ou le 15 octobre", None, "2026-10-14"),  # the first one said, in October
        ("lundi", "past", "2026-11-16"),
        ("lundi", "future", "2026-11-23"),
        ("le 5 janvier", "past", "2026-01-05"),
        ("le 5 janvier", "future", "2027-01-05"),
    ],
)
def test_a_short_answer_read_as_a_message_is(text: str, tense: str | None, iso: str) -> None:
    assert read_date(text, TODAY, tense) == dt.date.fromisoformat(iso)


def test_a_day_before_a_month_takes_that_month() -> None:
    dates = find_dates("livraison prévue entre le 12 et le 14 novembre", TODAY)
    assert [d.value.isoformat() for d in dates] == ["2026-11-12", "2026-11-14"]


def test_days_listed_before_their_month() -> None:
    dates = find_dates("les passages prévus les 6, 13 et 20 novembre", TODAY)
    assert [d.value.isoformat() for d in dates] == ["2026-11-06", "2026-11-13", "2026-11-20"]
    assert find_dates("payé 45, 12 fois", TODAY) == []
    assert find_dates("il manque les 5 derniers chiffres du SIRET", TODAY) == []
    assert find_dates("commande n° 25-04-1187 je crois", TODAY) == []


@pytest.mark.parametrize(
    ("text", "civility", "name"),
    [
        ("Bonjour,\n\nRien reçu.\n\nY. Benali\n", None, "Benali"),
        ("Rien reçu.\n\nJulie et Antoine Serrano\n", None, "Serrano"),
        ("Rien reçu.\n\nM. et Mme Bertin\n", None, "Bertin"),
        ("Rien reçu.\n\nRégis Caron, DAF – Transports Caron & Fils\n", None, "Caron"),
        ("Rien reçu.\n\nM. Laurent Besson, gérant\n", "monsieur", "Besson"),
        ("SARL Besson Optique\n12 rue Nationale\n\nMadame,\n\nRien reçu.\n", None, None),
        ("Contact : Thomas Girard\nMessage : rien reçu", None, "Girard"),
        ("Prénom / Nom : Luca Bernasconi\nMessage : rien reçu", None, "Bernasconi"),
        ("Nom : Da Silva (nom d'usage) / Martins\nMessage : rien reçu", None, "Da Silva"),
        ("Rien reçu.\n\nBelle journée,\nAnaïs et Kévin\n", None, None),
        ("Avis Vérifiés – 1/5\nVendeur malhonnête.", None, None),
        ("Rien reçu.\n\nMerci d'avance, à bientôt\n", None, None),
        ("C'est au nom de Mme Aurélie Vasseur.\n\nMerci,\nAurélie", "madame", "Vasseur"),
        ("Mon nom : Arnaud Picard.\n\nMerci beaucoup.\nArnaud", None, "Picard"),
        ("La facture est au nom de la société Dupont.", None, None),
        ("Le bracelet a lâché. Merci. Mme Roux, cde W-2207", "madame", "Roux"),
        ("Rien reçu.\n\nSportivement,\nJérôme Bailly", None, "Bailly"),
    ],
)
def test_who_signs(text: str, civility: str | None, name: str | None) -> None:
    assert find_customer(text) == (civility, name)


@pytest.mark.parametrize(
    ("text", "product"),
    [
        (
            "J'ai commandé le 3 novembre un fauteuil (commande 77120, 389 €), livré cassé.",
            "fauteuil",
        ),
        ("Bonjour, ma commande 7741 (paire de skis, 389.00 CHF) est repartie.", "paire de skis"),
        ("J'ai acheté une table basse en chêne, livrée rayée.", "table basse en chêne"),
        ("J'ai commandé un babyphone (79 €) le 9 novembre.", "babyphone"),
    ],
)
def test_the_product_is_a_noun_phrase_that_stops_at_an_aside(text: str, product: str) -> None:
    assert find_product(text) == product


@pytest.mark.parametrize(
    "text",
    [
        "Ma sœur est furieuse : rien n'est arrivé pour son anniversaire.",
        "Objet : mise en demeure\n\nJe n'ai toujours rien reçu.",
        "Mon nouvel appartement est vide, les meubles ne sont jamais venus.",
        "J'ai acheté l'hiver dernier chez vous, et rien depuis.",
        "Reçu le midi, cassé le soir.",
    ],
)
def test_no_product_rather_than_a_wrong_one(text: str) -> None:
    """A person, a place, a season or a subject line is not the thing bought: the reply
    would read « votre sœur »; none leaves the question to the agent."""
    assert find_product(text) is None
