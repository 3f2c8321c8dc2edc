"""The product's age read in a message: dates of purchase, time since, time it lasted."""

from __future__ import annotations

import datetime as dt

import pytest

from reponse_cli.listening.age import duration_days, product_age
from reponse_cli.listening.facts import find_dates

TODAY = dt.date(2026, 11, 25)


def age(text: str) -> int | None:
    found = product_age(text, TODAY, find_dates(text, TODAY))
    return found.days if found else None


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("La cafetière reçue hier ne s'allume pas.", 1, 1),
        ("Livrée samedi, la lampe clignote déjà.", 1, 7),
        ("Ma perceuse, achetée il y a trois ans, ne démarre plus.", 1090, 1100),
        ("Le four a quatorze mois et il ne chauffe plus.", 415, 425),
        ("Mon frigo de 2021 fait un bruit terrible.", 1600, 2000),
        ("En avril 2023 j'ai acheté ce vélo, le dérailleur vient de casser.", 1300, 1350),
        ("Le sac, acheté en juin, a une anse qui lâche.", 150, 180),
        ("J'ai cette imprimante depuis 2020 et elle n'imprime plus.", 2000, 2400),
        ("La veste a craqué au bout de deux mois et demi.", 75, 75),
        ("Même pas six mois et la fermeture est cassée !", 180, 180),
        ("Après environ huit mois d'utilisation normale, le pied s'est fendu.", 240, 240),
        ("Je les porte depuis une dizaine de jours et elles prennent l'eau.", 10, 10),
        ("C'était mon cadeau à Noël, le casque ne charge plus.", 330, 340),
        ("Une tablette de 3 ans qui s'éteint toute seule.", 1095, 1095),
    ],
)
def test_the_age_people_give_is_read(text: str, low: int, high: int) -> None:
    assert low <= (age(text) or -1) <= high


@pytest.mark.parametrize(
    "text",
    [
        "La garantie de deux ans couvre ce défaut, non ?",
        "Ma fille a 12 ans et adore ce jeu, mais il manque une pièce.",
        "Mon neveu, qui a 9 ans, attend ce cadeau.",
        "Je suis cliente depuis 2019 et c'est la première fois que ça arrive.",
        "Ça fait trois semaines que j'attends une réponse.",
        "Un retard de deux mois, ce n'est pas sérieux.",
        "Cela fait deux ans que nous rénovons la maison.",
        "L'abonnement de 12 mois a été renouvelé sans prévenir.",
    ],
)
def test_other_durations_are_not_the_products_age(text: str) -> None:
    assert age(text) is None


def test_the_oldest_statement_is_the_age() -> None:
    """The product existed before everything the customer tells about it."""
    text = "Acheté il y a deux ans et demi ; depuis trois jours l'écran reste noir."
    assert age(text) == 2 * 365 + 182


def test_a_playbook_range_is_written_as_a_duration() -> None:
    assert duration_days("3 semaines") == 21
    assert duration_days("2 ans") == 730
    assert duration_days("10 jours") == 10
    assert duration_days("deux lunes") is None
