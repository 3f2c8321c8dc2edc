"""French formats and parsing: money, dates, numbers, typography (Babel)."""

import datetime as dt
from decimal import Decimal

import pytest

from reponse_cli.text.french import (
    NBSP,
    NNBSP,
    FrenchDate,
    Money,
    ParseError,
    format_date,
    parse_bool,
    parse_date,
    parse_int,
    parse_money,
    typography,
)

TODAY = dt.date(2026, 11, 22)


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        ("Bonjour!", f"Bonjour{NNBSP}!"),
        ("Note: voici", f"Note{NBSP}: voici"),
        ("Merci ; au revoir ? oui !", f"Merci{NNBSP}; au revoir{NNBSP}? oui{NNBSP}!"),
        ("«bonjour»", f"«{NBSP}bonjour{NBSP}»"),
        ("« bonjour »", f"«{NBSP}bonjour{NBSP}»"),
        # An amount typed by hand is spaced like one rendered by Babel.
        ("soit 29 € de port", f"soit 29{NBSP}€ de port"),
        ("soit 29€", f"soit 29{NBSP}€"),
        ("1 440 € HT", f"1{NNBSP}440{NBSP}€ HT"),
        ("12 500,50 €", f"12{NNBSP}500,50{NBSP}€"),
        ("au 06 12 34 56 78", "au 06 12 34 56 78"),
        # A name that ends with a sign: « Forme+ ? ».
        ("votre abonnement Forme+ ?", f"votre abonnement Forme+{NNBSP}?"),
    ],
)
def test_typography_puts_the_french_spaces(raw: str, fixed: str) -> None:
    assert typography(raw) == fixed


@pytest.mark.parametrize(
    "untouched",
    ["https://www.mediation-exemple.fr", "rendez-vous à 14:30", "page?id=3", "C:\\dossier"],
)
def test_typography_leaves_urls_and_times_alone(untouched: str) -> None:
    assert typography(untouched) == untouched


def test_typography_is_idempotent() -> None:
    text = "Objet : votre colis ! « Merci » ; à bientôt ? 1 440 €"
    assert typography(typography(text)) == typography(text)


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("49,90", "49.90"),
        ("49.90€", "49.90"),
        ("1 440 €", "1440.00"),
        ("120 euros", "120.00"),
        ("1\u202f234,56 €", "1234.56"),
        (12, "12.00"),
    ],
)
def test_parse_money_accepts_what_people_write(raw: object, value: str) -> None:
    assert parse_money(raw) == Decimal(value)


@pytest.mark.parametrize("bad", ["12,3,4", "-5", "douze", "3.456", ""])
def test_parse_money_refuses_in_french(bad: str) -> None:
    with pytest.raises(ParseError, match="montant invalide"):
        parse_money(bad)


def test_money_prints_in_french_with_non_breaking_spaces() -> None:
    assert str(Money("1234.5")) == "1\u202f234,50\u00a0€"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12/06/2026", dt.date(2026, 6, 12)),
        ("12/06/26", dt.date(2026, 6, 12)),
        ("2026-06-12", dt.date(2026, 6, 12)),
        ("12 juin 2026", dt.date(2026, 6, 12)),
        ("le 3 novembre", dt.date(2026, 11, 3)),
        ("1er mai", dt.date(2026, 5, 1)),
        ("3 fevrier 2026", dt.date(2026, 2, 3)),
        ("hier", dt.date(2026, 11, 21)),
        ("15/12", dt.date(2026, 12, 15)),  # soon: this year's (a promised date)
    ],
)
def test_parse_date(raw: str, expected: dt.date) -> None:
    assert parse_date(raw, TODAY) == expected


def test_a_date_without_year_far_ahead_is_last_years() -> None:
    assert parse_date("20/12", dt.date(2026, 1, 10)) == dt.date(2025, 12, 20)


@pytest.mark.parametrize("bad", ["31/02/2026", "fevrier", "12 brumaire 2026", "demain matin"])
def test_parse_date_refuses_in_french(bad: str) -> None:
    with pytest.raises(ParseError, match="date invalide"):
        parse_date(bad, TODAY)


def test_dates_print_like_a_french_letter() -> None:
    assert str(FrenchDate(2026, 6, 12)) == "12 juin 2026"
    assert format_date(dt.date(2026, 6, 1)) == "1er juin 2026"
    assert format_date(dt.date(2026, 6, 1), "jour") == "lundi 1er juin"
    assert format_date(dt.date(2026, 6, 11)) == "11 juin 2026"


def test_int_and_bool() -> None:
    assert parse_int("20 %") == 20
    assert parse_bool("Oui") is True
    assert parse_bool("non") is False
    with pytest.raises(ParseError):
        parse_bool("peut-être")
    with pytest.raises(ParseError):
        parse_int("vingt")


def test_round_amounts_have_no_cents() -> None:
    assert str(Money("10")) == "10\u00a0€"
    assert str(Money("1440.00")) == "1\u202f440\u00a0€"
    assert str(Money("4.9")) == "4,90\u00a0€"


def test_emoticons_are_not_punctuation() -> None:
    assert typography("Merci :)") == "Merci :)"
    assert typography("À bientôt ;)") == "À bientôt ;)"


@pytest.mark.parametrize(
    "raw",
    [
        "NaN",
        "nan",
        "inf",
        "-inf",
        "Infinity",
        "1e309",
        "1E5",
        float("nan"),
        float("inf"),
        [1],
        None,
    ],
)
def test_money_refuses_what_is_not_an_amount(raw) -> None:
    with pytest.raises(ParseError, match="montant invalide"):
        parse_money(raw)


def test_money_refuses_an_absurd_amount() -> None:
    with pytest.raises(ParseError, match="montant trop grand"):
        parse_money("1" * 38)
    assert parse_money("999 999 999,99") == Decimal("999999999.99")


@pytest.mark.parametrize("raw", ["-5", -5, "99999999999999999999", 10**20, [1], 1.5, True])
def test_an_integer_answer_stays_within_bounds(raw) -> None:
    with pytest.raises(ParseError):
        parse_int(raw)
    assert parse_int("15", low=-20, high=20) == 15


@pytest.mark.parametrize("raw", ["12/06/9999", dt.date(9999, 12, 31), ["12/06"], 12, "31/02/2026"])
def test_a_date_answer_is_a_plausible_date(raw) -> None:
    with pytest.raises(ParseError):
        parse_date(raw, TODAY)
