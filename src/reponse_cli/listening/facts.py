"""Facts in a customer's message: order numbers, amounts, dates (with their role).

Customers write « n° 48213 », « #48213 », « CMD-2026-0817 », « 49.90€ », « 1 440 euros »,
« le 3 novembre », « il y a deux semaines ». Each fact keeps the text it came from, so
the agent sees what was read, and amounts and dates are parsed by the same functions
as the answers an agent types (french.py).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import msgspec

from reponse_cli.text.fold import fold
from reponse_cli.text.french import ParseError, parse_date, parse_money
from reponse_cli.text.lazy import lazy_compile


class Amount(msgspec.Struct):
    value: Decimal
    text: str
    currency: str = "EUR"

    def as_json(self) -> dict[str, str]:
        return {"value": format(self.value, "f"), "currency": self.currency, "text": self.text}


class FoundDate(msgspec.Struct):
    value: dt.date
    text: str
    role: str  # commande | livraison | promesse | retour | autre

    def as_json(self) -> dict[str, str]:
        return {"value": self.value.isoformat(), "text": self.text, "role": self.role}


class Facts(msgspec.Struct):
    orders: list[str] = msgspec.field(default_factory=list)
    amounts: list[Amount] = msgspec.field(default_factory=list)
    dates: list[FoundDate] = msgspec.field(default_factory=list)
    product: str | None = None

    def as_json(self) -> dict[str, object]:
        return {
            "orders": self.orders,
            "amounts": [a.as_json() for a in self.amounts],
            "dates": [d.as_json() for d in self.dates],
            "product": self.product,
        }


# --- order numbers ------------------------------------------------------------------

# A reference: letters, digits and dashes, with at least one digit.
_REF = r"(?=[A-Za-z0-9-]*\d)[A-Za-z0-9][A-Za-z0-9-]{2,24}"
# Announced by a word: « commande 48213 », « facture n° FA-118 », « ma cde #4821 ».
_ANNOUNCED = lazy_compile(
    r"(?i)\b(?:commandes?|comandes?|cmd|cde|facture|devis|r[ée]f[ée]rence|r[ée]f|"
    r"dossier|contrat|num[ée]ro)\b"
    r"(?:\s+(?:de\s+commande|de\s+facture|num[ée]ro|no|nr))?"
    r"(?:\s+(?:c['’]est|c['’][ée]tait|est|[ée]tait))?(?:\s+le)?"
    r"\s*(?:n[°o º]\.?|#|:|-)?\s*(?:[:#])?\s*"
    rf"(?P<ref>#?{_REF})\b"
)
# Shapes that are references on their own: « #48213 », « n° 48213 », « CMD-2026-0817 ».
_SHAPES = (
    lazy_compile(rf"(?<![\w#])#\s?(?P<ref>{_REF})\b"),
    lazy_compile(rf"(?i)(?<!\w)n\s?[°º]\s?(?P<ref>{_REF})\b"),
    lazy_compile(r"(?i)(?<![\w'’])n[o.]?\s(?P<ref>\d{4,})\b"),
    lazy_compile(r"\b(?P<ref>[A-Z]{1,5}-?\d{4}-\d{2,6}|[A-Z]{1,5}-\d{3,8}|[A-Z]{1,3}\d{4,9})\b"),
)
_PHONE = lazy_compile(r"^0\d{9}$")
_YEAR = lazy_compile(r"^(19|20)\d{2}$")


def find_orders(text: str, custom: str | None = None) -> list[str]:
    """Order or invoice references in their order of appearance, without duplicates.

    `custom` is the shop's own pattern (config `motif_commande`); it replaces the
    generic shapes, while references announced by a word are always found.
    """
    found: list[tuple[int, str]] = []
    patterns: list[Any] = [_ANNOUNCED]
    if custom:
        patterns.append(lazy_compile(custom))
    else:
        patterns.extend(_SHAPES)
    for pattern in patterns:
        for match in pattern.finditer(text):
            ref = match.groupdict().get("ref") or match.group(0)
            ref = ref.lstrip("#").strip("-")
            digits = re.sub(r"\D", "", ref)
            if not digits or _PHONE.match(ref) or _YEAR.match(ref):
                continue
            if ref.isdigit() and len(ref) < 3:
                continue
            found.append((match.start(), ref))
    refs = [ref for _, ref in sorted(found)]
    result: list[str] = []
    for ref in refs:
        # « CMD-2026-0817 » is read whole and, after « cmd », as « 2026-0817 »: keep it whole.
        if ref not in result and not any(ref in other and ref != other for other in refs):
            result.append(ref)
    return result


# --- amounts ----------------------------------------------------------------------------

_NUMBER = r"\d{1,3}(?:[ \u00a0\u202f.]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
_AMOUNTS = (
    # « 12€50 »
    lazy_compile(r"(?<![\d,.])(?P<units>\d+)\s?€\s?(?P<cents>\d{2})(?!\d)"),
    # « 49,90 € », « 120 euros », « 1 440 EUR », « 30 balles »
    lazy_compile(
        rf"(?<![\d,.])(?P<n>{_NUMBER})\s?(?:€|euros?\b|eur\b|e\b(?=\s|[.,;!?]|$)|balles\b)",
        re.IGNORECASE,
    ),
    # « € 49,90 », « EUR 49,90 »
    lazy_compile(rf"(?:€|\bEUR)\s?(?P<n>{_NUMBER})(?![\d,.])"),
)


def find_amounts(text: str) -> list[Amount]:
    found: dict[int, Amount] = {}
    taken: list[tuple[int, int]] = []
    for pattern in _AMOUNTS:
        for match in pattern.finditer(text):
            if any(s <= match.start() < e for s, e in taken):
                continue
            groups = match.groupdict()
            raw = f"{groups['units']},{groups['cents']}" if groups.get("units") else groups["n"]
            try:
                value = parse_money(raw)
            except ParseError:
                continue
            taken.append(match.span())
            found[match.start()] = Amount(Decimal(value), match.group(0).strip())
    return [found[key] for key in sorted(found)]


# --- dates ------------------------------------------------------------------------------

_WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_NUMBERS = {
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "quinze": 15, "vingt": 20,
    "trente": 30, "quelques": None,
}  # fmt: skip
_UNIT_DAYS = {"jour": 1, "jours": 1, "semaine": 7, "semaines": 7, "mois": 30}
_MONTH = (
    r"janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre|"
    r"janv|fevr|fev|avr|juil|sept|oct|nov|dec"
)
_DATE_PATTERNS = (
    (
        "numeric",
        lazy_compile(r"(?<![\d/.-])(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{4}|\d{2}))?(?![\d/])"),
    ),
    ("iso", lazy_compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")),
    (
        "words",
        lazy_compile(
            rf"(?:(?:{'|'.join(_WEEKDAYS)})\s+)?(\d{{1,2}})(?:er)?\s+({_MONTH})\.?(?:\s+(\d{{4}}))?\b"
        ),
    ),
    ("relative", lazy_compile(r"\b(avant-hier|avant hier|hier|aujourd'hui|aujourdhui|ce matin)\b")),
    (
        "ago",
        lazy_compile(
            rf"\bil y a\s+(\d+|{'|'.join(k for k in _NUMBERS if k != 'quelques')})\s+"
            r"(jours?|semaines?|mois)\b"
        ),
    ),
    ("weekday", lazy_compile(rf"\b({'|'.join(_WEEKDAYS)})\s+dernier\b")),
    # « le 17 », « d'ici le 25 », « entre le 12 et le 14 novembre »: the month comes from
    # the words that follow, or from the last date given before.
    (
        "day",
        lazy_compile(
            r"\b(?:le|du|au|jusqu'au|des le)\s+(\d{1,2})(?:er)?\b"
            r"(?!\s*(?:h\b|heures?|€|euros?|eur\b|%|ans?\b|jours?|mois|semaines?|minutes?|"
            r"fois|pieces?|articles?|exemplaires?|[/.,:]\d))"
        ),
    ),
)
_ROLES = (
    ("commande", lazy_compile(r"command|achet|pass[eé]|pay[eé]|cmd|cde|re[gç]l")),
    ("promesse", lazy_compile(r"pr[eé]vu|promi|annonc|devai|cens[eé]|attendu|estim|garanti")),
    ("retour", lazy_compile(r"renvoy|retourn|retour|d[eé]pos|rapport")),
    ("livraison", lazy_compile(r"livr|re[çc]u|arriv|recept|r[eé]ceptionn")),
)


_MONTH_AFTER = lazy_compile(rf"^[^.!?\n]{{0,30}}?\b({_MONTH})\b")


def find_dates(text: str, today: dt.date) -> list[FoundDate]:
    folded = fold(text)
    found: dict[int, FoundDate] = {}
    taken: list[tuple[int, int]] = []
    for kind, pattern in _DATE_PATTERNS:
        for match in pattern.finditer(folded):
            start, end = match.span()
            if any(s <= start < e or s < end <= e for s, e in taken):
                continue
            if kind == "numeric" and re.search(r"\bnot[eé]", folded[max(0, start - 12) : start]):
                continue  # « note 2/5 » is a rating
            if kind == "day":
                value = _day_only(match, folded, found, today)
            else:
                value = _date_value(kind, match, today)
            if value is None:
                continue
            taken.append((start, end))
            role = _role(folded[max(0, start - 45) : start])
            found[start] = FoundDate(value, text[start:end], role)
    return [found[key] for key in sorted(found)]


def _day_only(
    match: re.Match[str], folded: str, found: dict[int, FoundDate], today: dt.date
) -> dt.date | None:
    day = int(match.group(1))
    if not 1 <= day <= 31:
        return None
    following = _MONTH_AFTER.match(folded, match.end())
    try:
        if following:
            return parse_date(f"{day} {following.group(1)}", today)
        earlier = [d for start, d in sorted(found.items()) if start < match.start()]
        if earlier:
            last = earlier[-1].value
            return parse_date(f"{day}/{last.month}/{last.year}", today)
        return parse_date(f"{day}/{today.month}", today)
    except ParseError:
        return None


def _date_value(kind: str, match: re.Match[str], today: dt.date) -> dt.date | None:
    try:
        if kind == "numeric":
            day, month, year = match.group(1), match.group(2), match.group(3)
            if int(month) > 12 or int(day) > 31:
                return None
            return parse_date(f"{day}/{month}" + (f"/{year}" if year else ""), today)
        if kind == "iso":
            return parse_date(match.group(0), today)
        if kind == "words":
            day, month, year = match.group(1), match.group(2), match.group(3)
            return parse_date(f"{day} {month}" + (f" {year}" if year else ""), today)
        if kind == "relative":
            word = match.group(1).replace(" ", "-")
            word = {"aujourdhui": "aujourd'hui", "ce matin": "aujourd'hui"}.get(word, word)
            return parse_date(word, today)
        if kind == "ago":
            count = match.group(1)
            number = int(count) if count.isdigit() else _NUMBERS[count]
            if number is None:
                return None
            return today - dt.timedelta(days=number * _UNIT_DAYS[match.group(2)])
        if kind == "weekday":
            target = _WEEKDAYS.index(match.group(1))
            back = (today.weekday() - target) % 7 or 7
            return today - dt.timedelta(days=back)
    except ParseError:
        return None
    return None


def _role(before: str) -> str:
    """What a date is about, from the words just before it (« commandé le », « prévu »)."""
    clause = re.split(r"[.!?;\n]", before)[-1]
    best, position = "autre", -1
    for role, pattern in _ROLES:
        for match in pattern.finditer(clause):
            if match.start() > position:
                best, position = role, match.start()
    # « devait arriver le 12 »: a promise about a delivery is a promise; « retourné ma
    # commande le 5 »: folded, the noun « commande » reads like « commandé ».
    if best == "livraison" and _ROLES[1][1].search(clause):
        return "promesse"
    if best == "commande" and _ROLES[2][1].search(clause):
        return "retour"
    return best


# --- the product ------------------------------------------------------------------------

_PRODUCT = lazy_compile(
    r"(?i)\b(?:command[ée]e?s?|achet[ée]e?s?|re[çc]ue?s?|offert|pris)\s+"
    r"(?:(?:un|une|des|le|la|les|mon|ma|mes|votre|ce|cette)\s+)"
    r"(?P<product>[^\s,.;:!?()]+(?:\s+(?:de|en|à|a|d'|du)?\s*[^\s,.;:!?()]+){0,3})"
)
_STOP_AT = lazy_compile(
    r"(?i)\s+(?:pour|le|la|les|chez|sur|il|elle|qui|que|et|mais|avec|depuis|car|en|au|aux)\b.*$"
)


def find_product(text: str) -> str | None:
    """The thing bought, when the message says « j'ai commandé un … »; else None."""
    match = _PRODUCT.search(text)
    if not match:
        return None
    product = _STOP_AT.sub("", match.group("product")).strip(" '")
    if not product or any(ch.isdigit() for ch in product):
        return None
    return product


def extract(text: str, today: dt.date, order_pattern: str | None = None) -> Facts:
    return Facts(
        orders=find_orders(text, order_pattern),
        amounts=find_amounts(text),
        dates=find_dates(text, today),
        product=find_product(text),
    )
