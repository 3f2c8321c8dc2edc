"""French formats: money, numbers and dates through Babel, and the typography pass.

Both the renderer and the checker use this module, so it must stay free of Jinja and
Rich. Babel is imported inside the functions: `reponse --help` never pays for it.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from functools import cache

from reponse_cli.text.fold import strip_accents

LOCALE = "fr_FR"
NBSP = "\u00a0"  # before « : » and inside « »
NNBSP = "\u202f"  # narrow, before « ; ! ? »

# --- typography -----------------------------------------------------------------

# An ordinary space (or none) before ; ! ? becomes a narrow no-break space; before :
# a no-break space. A mark is only touched when it closes a word: "https://",
# "14:30", "?id=3" and "!!" runs inside code stay as they are.
_SPACE_BEFORE = re.compile(r"(?<=[\w)»\"'’.…%€+])[ \u00a0\u202f]?([;!?:]+)(?=\s|$|[)»\"'’])")
_OPEN_QUOTE = re.compile(r"«[ \u00a0\u202f]?")
_CLOSE_QUOTE = re.compile(r"[ \u00a0\u202f]?»")
_PERCENT = re.compile(r"(?<=\d)[ \u00a0]?%")
# An amount typed by hand, « 29 € » or « 1 440€ », spaced like Babel's: a no-break space
# before €, narrow ones between groups of digits.
_EURO = re.compile(r"(?<=\d)[ \u202f]?€")
_GROUPS = re.compile(r"(?<![\d,.])\d{1,3}(?:[ \u00a0]\d{3})+(?=(?:,\d+)?\u00a0€)")
_TRAILING_SPACE = re.compile(r"[ \t]+$", re.MULTILINE)


def _space_for(marks: str) -> str:
    return NBSP if marks[0] == ":" else NNBSP


def _spaced(match: re.Match[str]) -> str:
    marks = match.group(1)
    following = match.string[match.end() : match.end() + 1]
    if marks in (":", ";") and following in ")(":
        return match.group(0)  # an emoticon, « merci :) », is not punctuation
    return _space_for(marks) + marks


def typography(text: str) -> str:
    """Apply the safe French typography fixes; idempotent.

    Non-breaking space before « : », narrow one before « ; ! ? » and « % » after a
    number, non-breaking spaces inside « » and in an amount (« 1 440 € »). It never
    changes letters, so it is safe on text the agent typed.
    """
    # Each pass runs only when its mark is there: drafts are typeset piece by piece.
    if any(mark in text for mark in ";!?:"):
        text = _SPACE_BEFORE.sub(_spaced, text)
    if "%" in text:
        text = _PERCENT.sub(NNBSP + "%", text)
    if "€" in text:
        text = _EURO.sub(NBSP + "€", text)
        text = _GROUPS.sub(lambda m: re.sub(r"[ \u00a0]", NNBSP, m.group(0)), text)
    if "«" in text:
        text = _OPEN_QUOTE.sub("«" + NBSP, text)
    if "»" in text:
        text = _CLOSE_QUOTE.sub(NBSP + "»", text)
    return _TRAILING_SPACE.sub("", text)


# --- formatting -------------------------------------------------------------------


def format_money(value: Decimal | float | int, currency: str = "EUR") -> str:
    """« 1 234,56 € », or « 10 € » for a round amount, with Babel's non-breaking spaces."""
    amount = Decimal(value) if isinstance(value, Decimal) else Decimal(str(value))
    return _format_money(amount, currency)


@cache
def _format_money(amount: Decimal, currency: str) -> str:
    from babel.numbers import format_currency

    if amount == amount.to_integral_value():
        # French writes round amounts without cents: « un bon de 10 € ».
        return format_currency(
            amount, currency, format="#,##0\u00a0¤", locale=LOCALE, currency_digits=False
        )
    return format_currency(amount, currency, locale=LOCALE)


def plural(count: int, word: str, words: str | None = None) -> str:
    """« 1 litige », « 0 litige », « 2 litiges », « 1 440 réponses »: French agreement
    (one and zero take the singular) and separators."""
    number = format_number(count) if abs(count) >= 1000 else str(count)
    return f"{number} {word if abs(count) <= 1 else (words or word + 's')}"


def format_number(value: Decimal | float | int, decimals: int | None = None) -> str:
    """« 1 440 », « 11,0 » with `decimals=1`: French separators, Babel's spaces."""
    from babel.numbers import format_decimal

    if decimals is None:
        return format_decimal(value, locale=LOCALE)
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=LOCALE)


def format_percent(share: float | Decimal) -> str:
    """« 47 % » for 0.47: a whole number, a narrow no-break space before « % »."""
    return f"{format_number(round(float(share) * 100))}{NNBSP}%"


def format_date(value: dt.date, style: str = "long") -> str:
    """« 12 juin 2026 », « 1er juin 2026 »; style "jour" gives « vendredi 12 juin »."""
    from babel.dates import format_date as babel_format_date

    pattern = {"long": "d MMMM y", "jour": "EEEE d MMMM", "court": "d MMMM"}.get(style, style)
    text = babel_format_date(value, pattern, locale=LOCALE)
    if value.day == 1 and style in ("long", "jour", "court"):
        # French writes the first of the month as an ordinal: « le 1er juin ».
        text = re.sub(r"(?<!\d)1(?= )", "1er", text, count=1)
    return text


class Money(Decimal):
    """An amount that prints itself in French: `{{ montant }}` → « 49,90 € »."""

    __slots__ = ()

    def __str__(self) -> str:
        return format_money(self)

    def __format__(self, spec: str) -> str:
        return str(self) if not spec else Decimal.__format__(self, spec)


class FrenchDate(dt.date):
    """A date that prints itself in French: `{{ date_promise }}` → « 12 juin 2026 »."""

    __slots__ = ()

    def __str__(self) -> str:
        return format_date(self)

    def __format__(self, spec: str) -> str:
        return str(self) if not spec else dt.date.__format__(self, spec)

    @classmethod
    def of(cls, value: dt.date) -> FrenchDate:
        return cls(value.year, value.month, value.day)


# --- parsing what an agent types --------------------------------------------------


class ParseError(ValueError):
    """A value the agent typed is not of the expected type; the message is French."""


_CURRENCY_WORDS = re.compile(r"(€|eur(?:os?)?\b|euro\b|ttc\b|ht\b)", re.IGNORECASE)
_SPACES = re.compile(r"[\s\u00a0\u202f']")


# Beyond this, an amount is a typing slip (a pasted reference, a finger on a key).
MAX_AMOUNT = Decimal("999999999.99")
# Days, percentages, quantities: a larger integer is a typing slip too.
INT_LIMITS = (0, 1_000_000)


def parse_money(text: str | int | float | Decimal) -> Money:
    """Accept what people write: « 49,90 », « 49.90€ », « 1 440 € », « 120 euros ».

    Never NaN, an infinity, a negative amount or more than a billion.
    """
    error = ParseError(f"montant invalide : « {text} » (exemple : 49,90)")
    if isinstance(text, bool):
        raise error
    if isinstance(text, Decimal):
        value = Decimal(text)
    elif isinstance(text, int | float):
        value = Decimal(str(text))
    elif isinstance(text, str):
        from babel.numbers import NumberFormatError, parse_decimal

        raw = _SPACES.sub("", _CURRENCY_WORDS.sub("", text.strip()))
        if "," not in raw and raw.count(".") == 1:
            raw = raw.replace(".", ",")
        if not re.fullmatch(r"[\d.,]{1,40}", raw):
            raise error  # « NaN », « inf », « 1e309 »: not how an amount is written
        try:
            value = parse_decimal(raw, locale=LOCALE, strict=True)
        except (NumberFormatError, InvalidOperation, ValueError):
            raise error from None
    else:
        raise error
    if not value.is_finite() or value < 0 or value.as_tuple().exponent < -2:  # type: ignore[operator]
        raise error
    if value > MAX_AMOUNT:
        raise ParseError(
            f"montant trop grand : « {text} » (au plus 999{NBSP}999{NBSP}999,99{NBSP}€)"
        )
    return Money(value.quantize(Decimal("0.01")))


@cache
def _month_numbers() -> dict[str, int]:
    """French month names and abbreviations from Babel's locale data, accents optional."""
    from babel import Locale

    months = Locale.parse(LOCALE).months["format"]
    table: dict[str, int] = {}
    for width in ("wide", "abbreviated"):
        for number, name in months[width].items():
            name = name.rstrip(".").lower()
            table[name] = number
            table[strip_accents(name)] = number
    return table


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_NUMERIC = re.compile(r"^(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2}|\d{4}))?$")
_WORDS = re.compile(r"^(?:le\s+)?(\d{1,2})(?:er)?\s+([a-zéèêûôç]+)\.?(?:\s+(\d{4}))?$")
_RELATIVE = {"aujourd'hui": 0, "aujourdhui": 0, "hier": -1, "avant-hier": -2, "demain": 1}


def parse_date(text: str | dt.date, today: dt.date) -> FrenchDate:
    """Accept « 12/06/2026 », « 12/06 », « 2026-06-12 », « 12 juin 2026 », « hier »."""
    if isinstance(text, dt.date):
        return _plausible(FrenchDate.of(text), text)
    if not isinstance(text, str):
        raise ParseError(f"date attendue, pas « {text} » (exemple : 12/06/2026)")
    raw = text.strip().lower().replace("’", "'")
    error = ParseError(f"date invalide : « {text} » (exemple : 12/06/2026 ou 12 juin 2026)")
    if raw in _RELATIVE:
        return FrenchDate.of(today + dt.timedelta(days=_RELATIVE[raw]))
    year: int | None
    if m := _ISO.match(raw):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    elif m := _NUMERIC.match(raw):
        day, month = int(m[1]), int(m[2])
        year = int(m[3]) if m[3] else None
        if year is not None and year < 100:
            year += 2000
    elif m := _WORDS.match(raw):
        day = int(m[1])
        month_number = _month_numbers().get(m[2])
        if month_number is None:
            raise error
        month = month_number
        year = int(m[3]) if m[3] else None
    else:
        raise error
    if year is None:
        # « le 12/06 » without a year: the most recent such date, or this year's.
        year = today.year
        try:
            if dt.date(year, month, day) > today + dt.timedelta(days=180):
                year -= 1
        except ValueError:
            raise error from None
    try:
        return _plausible(FrenchDate(year, month, day), text)
    except ValueError:
        raise error from None


# Dates a dispute can be about; arithmetic on them (due dates, `plus_jours`) stays in range.
YEARS = (1900, 2200)


def _plausible(value: FrenchDate, text: object) -> FrenchDate:
    if not YEARS[0] <= value.year <= YEARS[1]:
        raise ParseError(f"date invalide : « {text} » (année entre {YEARS[0]} et {YEARS[1]})")
    return value


def parse_int(text: str | int, low: int | None = None, high: int | None = None) -> int:
    """A whole number between `low` and `high` (by default 0 and a million)."""
    low = INT_LIMITS[0] if low is None else low
    high = INT_LIMITS[1] if high is None else high
    if isinstance(text, bool) or not isinstance(text, int | str):
        raise ParseError(f"nombre entier attendu : « {text} »")
    if isinstance(text, int):
        value = text
    else:
        raw = _SPACES.sub("", text).rstrip("%")
        if not re.fullmatch(r"[-+]?\d{1,18}", raw):
            raise ParseError(f"nombre entier attendu : « {text} »")
        value = int(raw)
    if not low <= value <= high:
        raise ParseError(f"nombre entre {low} et {format_plain_int(high)} attendu : « {text} »")
    return value


def format_plain_int(value: int) -> str:
    """« 1 000 000 », for messages (no Babel needed)."""
    return f"{value:,}".replace(",", NBSP)


_TRUE = {"oui", "o", "yes", "y", "vrai", "true", "1"}
_FALSE = {"non", "n", "no", "faux", "false", "0"}


def parse_bool(text: str | bool) -> bool:
    if isinstance(text, bool):
        return text
    if not isinstance(text, str | int):
        raise ParseError(f"réponse oui ou non attendue : « {text} »")
    raw = str(text).strip().lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ParseError(f"réponse oui ou non attendue : « {text} »")
