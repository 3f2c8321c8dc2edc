"""Facts in a customer's message: order numbers, amounts, dates (with their role).

Customers write « n° 48213 », « #48213 », « CMD-2026-0817 », « 49.90€ », « 1 440 euros »,
« le 3 novembre », « il y a deux semaines ». Each fact keeps the text it came from, so
the agent sees what was read, and amounts and dates are parsed by the same functions
as the answers an agent types (french.py).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from bisect import bisect_right
from decimal import Decimal
from typing import Any

import msgspec

from reponse_cli.text.fold import fold
from reponse_cli.text.french import ParseError, parse_date, parse_money
from reponse_cli.text.language import first_names, generic_words, related_words
from reponse_cli.text.lazy import lazy_compile
from reponse_cli.text.saferegex import order_pattern


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
    civilite: str | None = None  # madame | monsieur, when the message shows it
    name: str | None = None  # the customer's family name
    occasion: str | None = None  # « l'anniversaire de votre fille », « Noël »
    parcel: str | None = None  # what the tracking says: bloque | livre | non-expedie

    def as_json(self) -> dict[str, object]:
        return {
            "orders": self.orders,
            "amounts": [a.as_json() for a in self.amounts],
            "dates": [d.as_json() for d in self.dates],
            "product": self.product,
            "civilite": self.civilite,
            "nom": self.name,
            "occasion": self.occasion,
            "parcel": self.parcel,
        }


# --- order numbers ------------------------------------------------------------------

# A reference: letters, digits and dashes, with at least one digit.
_REF = r"(?=[A-Za-z0-9-]*\d)[A-Za-z0-9][A-Za-z0-9-]{2,24}"
# Announced by a word: « commande 48213 », « facture n° FA-118 », « ma cde #4821 ».
_ANNOUNCED = lazy_compile(
    r"(?i)\b(?:commandes?|comandes?|cmd|cde|facture|devis|r[ée]f[ée]rence|r[ée]f|"
    r"dossier|contrat|num[ée]ro)\b"
    r"(?:\s+(?:suivante|pr[ée]c[ée]dente|initiale|d'origine|originale))?"
    r"(?:\s+(?:de\s+commande|de\s+facture|num[ée]ro|no|nr))?"
    r"(?:\s+(?:c['’]est|c['’][ée]tait|est|[ée]tait))?(?:\s+le)?"
    r"\s*(?:n[°o º]\.?|#|:|-)?\s*(?:[:#])?\s*"
    # « la même commande (2026-3391) », « ma commande (58820, le 19/11) »
    r"\(?\s*"
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
        patterns.append(order_pattern(custom))  # RE2: the shop's pattern cannot hang
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
    distinct = list(dict.fromkeys(ref for _, ref in sorted(found)))
    # « CMD-2026-0817 » is read whole and, after « cmd », as « 2026-0817 »: keep it whole.
    return [ref for ref in distinct if not any(ref in other and ref != other for other in distinct)]


# --- spans already read ------------------------------------------------------------------


class Spans:
    """Non-overlapping (start, end) spans already read, kept sorted: each test is a
    bisect, so a long message stays linear in its facts."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        index = bisect_right(self.starts, start)
        if index and self.ends[index - 1] > start:
            return True
        return index < len(self.starts) and self.starts[index] < end

    def add(self, start: int, end: int) -> None:
        index = bisect_right(self.starts, start)
        self.starts.insert(index, start)
        self.ends.insert(index, end)


# --- amounts ----------------------------------------------------------------------------

_MONTH_WORDS = (
    r"janvier|f[eé]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|"
    r"d[eé]cembre"
)
_NUMBER = r"\d{1,3}(?:[ \u00a0\u202f.]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
# The currency after an amount: euros, Swiss francs, dollars (a French-speaking customer
# who writes « $ » is most often in Québec).
_CURRENCY_AFTER = (
    r"(?P<cur>€|euros?\b|eur\b|e\b(?=\s|[.,;!?]|$)|balles\b|chf\b|francs?\b(?:\s+suisses\b)?|"
    r"frs?\.?(?=\s|[,;!?)]|$)|\$\s?(?:ca|can)\b|\$|dollars?\b|cad\b|usd\b)"
)
_UNITS_AFTER = (
    r"\s*(?:%|kg|g\b|cm|mm|m\b|km|l\b|ml|cl|h\b|ans?\b|heures?|min|°|x\b|jours?|mois|semaines?|"
    r"fois|pieces?|pièces?|articles?|exemplaires?|unites?|unités?|personnes?|palettes?|photos?|"
    r"colis|paires?|pages?)"
)
_NOT_A_NUMBER_AFTER = rf"(?!\d|[.,/:-]\d|{_UNITS_AFTER}|\s+(?:{_MONTH_WORDS})\b)"
# Words that say a bare number is money: « remboursé 45 », « le devis disait 450 »,
# « la facture arrive à 612 ». A few linking words may come between.
_MONEY_LINK = (
    r"\s+(?:de|d'|à|a|est|était|etait|disait|indiquait|affichait|annonçait|annoncait|"
    r"mentionne|arrive|monte|passe|grimpe|s'élève|s'eleve|seulement|que|qu'|juste|me|m'|"
    r"vous|nous|m'avez|avez|ai|bien|:)"
)
_MONEY_CUE = (
    # a verb may come right before the number; a noun needs a link (« la facture 12 »
    # names an invoice); never a year (« le devis de 2026 »)
    r"\b(?:(?:rembours[eé]|pay[eé]|r[eé]gl[eé]|d[eé]bit[eé]|pr[eé]lev[eé]|factur(?:é|ee)|co[uû]t[eé])e?s?"
    rf"(?:{_MONEY_LINK}){{0,3}}|(?:devis|facture|montant|prix|total|tarif|co[uû]t)"
    rf"(?:{_MONEY_LINK}){{1,3}})\s+(?!(?:19|20)\d\d\b)"
)
_AMOUNTS = (
    # « 12€50 »
    lazy_compile(r"(?<![\d,.])(?P<units>\d+)\s?€\s?(?P<cents>\d{2})(?!\d)"),
    # « 49 euros 90 », before « 49 euros » takes its units alone
    lazy_compile(
        r"(?<![\d,.])(?P<units>\d+)\s?(?P<cur>euros?|francs?)\s(?P<cents>\d{2})"
        rf"(?![\d,.]?\d|{_UNITS_AFTER})",
        re.IGNORECASE,
    ),
    # « 49,90 € », « 120 euros », « 1 440 EUR », « 30 balles », « 38.60 CHF », « 400 $ »
    lazy_compile(rf"(?<![\d,.])(?P<n>{_NUMBER})\s?{_CURRENCY_AFTER}", re.IGNORECASE),
    # « € 49,90 », « EUR 49,90 », « CHF 38.60 »
    lazy_compile(rf"(?P<cur>€|\bEUR|\bCHF|\$)\s?(?P<n>{_NUMBER})(?![\d,.])"),
    # « 49.- », « 49,– »: the Swiss way of writing a round price
    lazy_compile(r"(?<![\d,.])(?P<n>\d+)[.,][-–](?![\w-])"),
    # « un prélèvement de 29,99 », « les 5,90 de livraison »: cents say it is money;
    # « 19.50 » too when it cannot be a day and a month.
    lazy_compile(
        rf"(?<![\d,.])(?P<n>\d{{1,4}},\d{{2}}|\d{{1,4}}\.(?:1[3-9]|[2-9]\d)){_NOT_A_NUMBER_AFTER}",
        re.IGNORECASE,
    ),
    # « vous m'avez remboursé 45 », « le devis disait 450 »
    lazy_compile(
        rf"{_MONEY_CUE}(?<![\d,.])(?P<n>\d{{1,6}})(?!\d){_NOT_A_NUMBER_AFTER}", re.IGNORECASE
    ),
)
# « 45 au lieu de 90 »: the other side of a comparison with an amount is an amount too.
_INSTEAD = lazy_compile(
    rf"\s*au lieu d(?:e|es)\s+(?P<n>{_NUMBER})(?![,.]?\d|\s\d)(?!\s?{_CURRENCY_AFTER})"
    rf"{_NOT_A_NUMBER_AFTER}",
    re.IGNORECASE,
)
_CURRENCIES = {"chf": "CHF", "fr": "CHF", "frs": "CHF", "franc": "CHF", "francs": "CHF"}


def _currency(written: str | None) -> str:
    word = fold(written or "").strip(" .").split(" ")[0]
    if word.startswith("$") or word in {"dollar", "dollars", "cad", "usd"}:
        return "USD" if word == "usd" else "CAD"
    return _CURRENCIES.get(word, "EUR")


def find_amounts(text: str) -> list[Amount]:
    found: dict[int, Amount] = {}
    taken = Spans()
    for pattern in _AMOUNTS:
        for match in pattern.finditer(text):
            start = match.start("n") if match.groupdict().get("n") else match.start()
            if taken.overlaps(start, start + 1):
                continue
            groups = match.groupdict()
            raw = f"{groups['units']},{groups['cents']}" if groups.get("units") else groups["n"]
            try:
                value = parse_money(raw)
            except ParseError:
                continue
            end = match.end()
            taken.add(start, end)
            shown = min(start, match.start("cur")) if groups.get("cur") else start
            written = text[shown:end].strip()
            found[start] = Amount(Decimal(value), written, _currency(groups.get("cur")))
            if instead := _INSTEAD.match(text, end):
                try:
                    other = Decimal(parse_money(instead["n"]))
                except ParseError:
                    continue
                found[instead.start("n")] = Amount(other, instead["n"], found[start].currency)
                taken.add(instead.start("n"), instead.end())
    for amount_start, amount in _amounts_in_words(text):
        if not taken.overlaps(amount_start, amount_start + 1):
            found[amount_start] = amount
    return [found[key] for key in sorted(found)]


# « septante-quatre euros nonante », « deux cents euros », « vingt francs »: amounts in
# words, with the Belgian and Swiss tens.
_NUMBER_WORDS = {
    "zero": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6,
    "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13,
    "quatorze": 14, "quinze": 15, "seize": 16, "vingt": 20, "vingts": 20, "trente": 30,
    "quarante": 40, "cinquante": 50, "soixante": 60, "septante": 70, "huitante": 80,
    "octante": 80, "nonante": 90, "cent": 100, "cents": 100, "mille": 1000,
}  # fmt: skip
_NUMBER_WORD = "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
_IN_WORDS = rf"(?:{_NUMBER_WORD})(?:(?:[\s-]+et[\s-]+|[\s-]+)(?:{_NUMBER_WORD}))*"
_AMOUNT_IN_WORDS = lazy_compile(
    rf"\b(?P<n>{_IN_WORDS})\s+(?P<cur>euros?|francs?|dollars?|balles)\b"
    rf"(?:\s+(?:et\s+)?(?P<cents>{_IN_WORDS}|\d{{2}})\b(?P<centimes>\s+centimes?)?)?",
    re.IGNORECASE,
)


def _words_value(words: str) -> int | None:
    """« septante-quatre » → 74, « quatre-vingt-dix » → 90, « deux mille trois cents »."""
    total = current = 0
    previous = None
    for word in re.split(r"[\s-]+", words.lower()):
        if word == "et":
            continue
        value = _NUMBER_WORDS.get(word)
        if value is None:
            return None
        if value == 1000:
            total += (current or 1) * 1000
            current = 0
        elif value == 100:
            current = (current or 1) * 100
        elif value == 20 and previous == "quatre":
            current += 80 - 4  # « quatre-vingts »
        else:
            current += value
        previous = word
    return total + current


def _amounts_in_words(text: str) -> list[tuple[int, Amount]]:
    found = []
    for match in _AMOUNT_IN_WORDS.finditer(text):
        units = _words_value(match["n"])
        if units is None:
            continue
        value = Decimal(units).quantize(Decimal("0.01"))
        if match["cents"]:
            cents = (
                int(match["cents"]) if match["cents"].isdigit() else _words_value(match["cents"])
            )
            # « vingt euros deux fois » is no cents; « euros nonante » and « 50 centimes » are.
            if cents is not None and (10 <= cents <= 99 or (match["centimes"] and cents < 100)):
                value += Decimal(cents) / 100
            else:
                match_end = match.end("cur")
                found.append(
                    (
                        match.start(),
                        Amount(value, text[match.start() : match_end], _currency(match["cur"])),
                    )
                )
                continue
        found.append((match.start(), Amount(value, match.group(0), _currency(match["cur"]))))
    return found


# --- dates ------------------------------------------------------------------------------

_WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_NUMBERS = {
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "quinze": 15, "vingt": 20,
    "trente": 30, "quelques": None,
}  # fmt: skip
_COUNT = "|".join(k for k in _NUMBERS if k != "quelques")
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
    (
        "relative",
        lazy_compile(
            r"\b(avant-hier|avant hier|hier|aujourd'hui|aujourdhui|ce matin|ce midi|ce soir|"
            r"cet apres-midi|cet aprem|demain|apres-demain)\b"
        ),
    ),
    # « il y a deux semaines », « ça fait 3 semaines que… », « je l'ai depuis 10 jours »,
    # « il y a 2 ans et 3 mois »
    (
        "ago",
        lazy_compile(
            r"\b(?:il y a|ca fait|cela fait|voila|depuis)\s+"
            r"(?:(?:plus de|pres de|presque|bientot|environ|au moins|deja|a peine)\s+)?"
            rf"(\d+|{_COUNT})\s+(jours?|semaines?|mois|ans?|annees?)"
            rf"(?:\s+et\s+(\d+|{_COUNT})\s+(jours?|semaines?|mois))?\b"
        ),
    ),
    # « le 17 », « d'ici le 25 », « prévu le samedi 21 », « entre le 12 et le 14 novembre »:
    # the month comes from the words that follow, or from the last date given before.
    (
        "day",
        lazy_compile(
            r"(?:\b(?:le|du|au|jusqu'au|des le|des|et|ou)|\b(?P<listed>les)|(?<=\d)(?P<next>,))\s+"
            rf"(?:(?:{'|'.join(_WEEKDAYS)})\s+)?(?P<day>\d{{1,2}})(?:er)?\b"
            r"(?!\s*(?:h\b|heures?|€|euros?|eur\b|%|ans?\b|jours?|mois|semaines?|minutes?|"
            r"fois|pieces?|articles?|exemplaires?|personnes?|kg|km|cm|m\b|[/.,:]\d))"
        ),
    ),
    # « reçue vendredi », « jeudi dernier », « lundi prochain »; not « tous les lundis »
    # nor « le mardi de 10 h à 12 h » (every Tuesday).
    (
        "weekday",
        lazy_compile(
            rf"(?<!\ble )(?<!\bles )\b({'|'.join(_WEEKDAYS)})\b(?!s\b)"
            r"(?:\s+(dernier|passe|prochain|soir|matin|apres-midi|midi))?"
        ),
    ),
    ("next-to", lazy_compile(r"\b(le lendemain|la veille|le surlendemain)\b")),
)
_ROLES = (
    ("commande", lazy_compile(r"command|achet|pass[eé]|pay[eé]|cmd|cde|re[gç]l")),
    ("promesse", lazy_compile(r"pr[eé]vu|promi|annonc|devai|cens[eé]|attendu|estim|garanti")),
    ("retour", lazy_compile(r"renvoy|retourn|retour|d[eé]pos|rapport")),
    ("livraison", lazy_compile(r"livr|re[çc]u|arriv|recept|r[eé]ceptionn")),
)
# Words before a date that say the event is past, or still to come.
_PAST = lazy_compile(
    r"\b(?:recu|recue|recus|livre|livree|livres|arrive|arrivee|commande|commandee|achete|"
    r"achetee|paye|payee|regle|reglee|renvoye|renvoyee|retourne|retournee|depose|deposee|"
    r"envoye|envoyee|expedie|expediee|passe|passee|depuis|debite|debitee|preleve|prelevee|"
    r"rembourse|remboursee|annule|annulee|signe|valide|contacte|ecrit|appele|eu lieu|etait|"
    r"etais|avait|avais|a ete|ont ete|installe|recupere|recuperee|casse|tombe|ouvert|"
    # a compound past: « j'ai souscrit », « nous avons signé »
    r"(?:ai|as|a|avons|avez|ont)\s+(?:\w+\s+)?\w+(?:e|es|ee|ees|i|is|it|u|us|ert|ait))\b"
)
_FUTURE = lazy_compile(
    r"\b(?:d'ici|a partir|avant|prochain|prochaine|serai|sera|aura|vais|va|doit|dois|devra|"
    r"pourrai|pourrez|compte|reporte|reportee|commence|peux|pourriez|pouvez|jusqu'a|jusqu'au)\b"
)
_MONTH_AFTER = lazy_compile(rf"[^.!?\n]{{0,30}}?\b({_MONTH})\b")


def find_dates(text: str, today: dt.date, tense: str | None = None) -> list[FoundDate]:
    """The dates of a message, each with its role; `tense` (« past », « future ») says
    which occurrence a date without a year means when the words around it do not."""
    folded = fold(text)
    found = FoundDates()
    taken = Spans()
    for kind, pattern in _DATE_PATTERNS:
        for match in pattern.finditer(folded):
            start, end = match.span()
            if taken.overlaps(start, end):
                continue
            if kind == "numeric" and _looks_like_a_rating(match, folded):
                continue
            clause = _clause_before(folded, start)
            if kind == "day":
                # « jusqu'au 30 », « d'ici le 25 »: the word before the day says its tense.
                clause = _clause_before(folded, match.start("day"))
                value = _day_only(match, folded, found, today, clause, tense)
            elif kind == "next-to":
                value = _next_to(match, found)
            else:
                value = _date_value(kind, match, today, clause, tense)
            if value is None:
                continue
            taken.add(start, end)
            found.add(start, FoundDate(value, text[start:end].lstrip(", "), _role(clause)))
    return found.in_order()


class FoundDates:
    """The dates found so far, by where they start; « the last date before » is a bisect."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.dates: list[FoundDate] = []

    def add(self, start: int, date: FoundDate) -> None:
        index = bisect_right(self.starts, start)
        self.starts.insert(index, start)
        self.dates.insert(index, date)

    def last_before(self, start: int) -> FoundDate | None:
        index = bisect_right(self.starts, start - 1)
        return self.dates[index - 1] if index else None

    def in_order(self) -> list[FoundDate]:
        return list(self.dates)


def _looks_like_a_rating(match: re.Match[str], folded: str) -> bool:
    """« note 2/5 », « 4/5 étoiles », « 8/10 »: a rating, not a date."""
    if re.search(r"\bnot[eé]|etoile", folded[max(0, match.start() - 12) : match.start()]):
        return True
    if re.match(r"\s*etoile", folded[match.end() : match.end() + 10]):
        return True
    # « 2/5 » in a review is a score; « 28/10 » is a date.
    return match.group(3) is None and match.group(2) == "5" and int(match.group(1)) <= 5


def _clause_before(folded: str, start: int) -> str:
    return re.split(r"[.!?;\n]", folded[max(0, start - 60) : start])[-1]


def nearest(
    candidates: list[dt.date], today: dt.date, clause: str, tense: str | None = None
) -> dt.date:
    """The occurrence a person means: past after « reçu », future after « d'ici », else the
    nearest to today (« le 14 octobre » said in November is past, « le 5 janvier » ahead).
    """
    past = max((d for d in candidates if d <= today), default=None)
    future = min((d for d in candidates if d > today), default=None)
    if past is None or future is None:
        return past or future  # type: ignore[return-value]
    tense = tense or tense_before(clause)
    if tense == "past":
        return past
    if tense == "future":
        return future
    return future if (future - today) < (today - past) else past


def tense_before(clause: str) -> str | None:
    """« past » or « future » from the cue nearest the date, or None."""
    last_past = max(
        (m.end() for m in _PAST.finditer(clause) if not _passive(clause, m)), default=-1
    )
    last_future = max((m.end() for m in _FUTURE.finditer(clause)), default=-1)
    if last_past < 0 and last_future < 0:
        return None
    return "past" if last_past > last_future else "future"


def _passive(clause: str, match: re.Match[str]) -> bool:
    """« doit être déposé vendredi »: a participle after « être » is still to come."""
    return clause[: match.start()].rstrip().endswith("etre")


def _occurrences(day: int, month: int, today: dt.date) -> list[dt.date]:
    found = []
    for year in (today.year - 1, today.year, today.year + 1):
        try:
            found.append(dt.date(year, month, day))
        except ValueError:
            continue
    return found


def _day_month(
    day: int, month: int, year: int | None, today: dt.date, clause: str, tense: str | None
) -> dt.date | None:
    if year is not None:
        try:
            return dt.date(year, month, day)
        except ValueError:
            return None
    candidates = _occurrences(day, month, today)
    return nearest(candidates, today, clause, tense) if candidates else None


def _month_number(word: str) -> int | None:
    try:
        return parse_date(f"1 {word}", dt.date(2000, 1, 1)).month
    except ParseError:
        return None


def _day_only(
    match: re.Match[str],
    folded: str,
    found: FoundDates,
    today: dt.date,
    clause: str,
    tense: str | None,
) -> dt.date | None:
    day = int(match.group("day"))
    if not 1 <= day <= 31:
        return None
    following = _MONTH_AFTER.match(folded, match.end())
    if (match.group("listed") or match.group("next")) and not following:
        return None  # « les 6, 13 et 20 novembre », not « les 5 derniers chiffres »
    if following:
        month = _month_number(following.group(1))
        return _day_month(day, month, None, today, clause, tense) if month else None
    previous = found.last_before(match.start())
    if previous is not None:
        last = previous.value
        try:
            return dt.date(last.year, last.month, day)
        except ValueError:
            return None
    # The month is not said: this month's day, or last month's if it is still to come
    # and nothing says so.
    candidates = []
    for month_back in (0, 1, -1):
        month = (today.month - month_back - 1) % 12 + 1
        year = today.year + (today.month - month_back - 1) // 12
        try:
            candidates.append(dt.date(year, month, day))
        except ValueError:
            continue
    return nearest(candidates, today, clause, tense) if candidates else None


def _next_to(match: re.Match[str], found: FoundDates) -> dt.date | None:
    """« le lendemain », « la veille »: next to the last date given."""
    previous = found.last_before(match.start())
    if previous is None:
        return None
    shift = {"le lendemain": 1, "la veille": -1, "le surlendemain": 2}[match.group(1)]
    return previous.value + dt.timedelta(days=shift)


def _date_value(
    kind: str, match: re.Match[str], today: dt.date, clause: str, tense: str | None
) -> dt.date | None:
    try:
        if kind == "numeric":
            day, month, year = int(match.group(1)), int(match.group(2)), match.group(3)
            if not (1 <= month <= 12 and 1 <= day <= 31):
                return None
            full_year = None if year is None else int(year) + (2000 if len(year) == 2 else 0)
            if full_year is not None and not 1990 <= full_year <= today.year + 10:
                return None  # « commande n° 25-04-1187 »: a reference, not a date
            return _day_month(day, month, full_year, today, clause, tense)
        if kind == "iso":
            return parse_date(match.group(0), today)
        if kind == "words":
            month_number = _month_number(match.group(2))
            if month_number is None:
                return None
            year = int(match.group(3)) if match.group(3) else None
            return _day_month(int(match.group(1)), month_number, year, today, clause, tense)
        if kind == "relative":
            word = match.group(1).replace(" ", "-")
            shift = {"avant-hier": -2, "hier": -1, "demain": 1, "apres-demain": 2}.get(word, 0)
            return today + dt.timedelta(days=shift)
        if kind == "ago":
            return _ago(match, today)
        if kind == "weekday":
            target = _WEEKDAYS.index(match.group(1))
            qualifier = match.group(2) or ""
            back = (today.weekday() - target) % 7 or 7
            ahead = (target - today.weekday()) % 7 or 7
            if qualifier in ("prochain", "dernier", "passe") or tense is None:
                # « si je n'ai rien avant vendredi »: the cue nearest the day counts.
                future = qualifier == "prochain" or (
                    qualifier not in ("dernier", "passe") and tense_before(clause) == "future"
                )
            else:
                future = tense == "future"
            return today + dt.timedelta(days=ahead) if future else today - dt.timedelta(days=back)
    except (ParseError, ValueError):
        return None
    return None


def _ago(match: re.Match[str], today: dt.date) -> dt.date | None:
    """« il y a deux mois » is the same day two months back, not sixty days."""
    days = months = 0
    for count, unit in ((match.group(1), match.group(2)), (match.group(3), match.group(4))):
        if count is None:
            continue
        number = int(count) if count.isdigit() else _NUMBERS[count]
        if number is None:
            return None
        if unit.startswith(("an", "annee")):
            months += 12 * number
        elif unit == "mois":
            months += number
        else:
            days += number * (7 if unit.startswith("semaine") else 1)
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    day = min(today.day, calendar.monthrange(year, month + 1)[1])
    return dt.date(year, month + 1, day) - dt.timedelta(days=days)


def read_date(text: str, today: dt.date, tense: str | None = None) -> dt.date | None:
    """The date in a short answer, read as `listen` reads a message: « il y a 3 semaines »,
    « lundi dernier », « le 14 ou le 15 octobre » (the first one said), or None."""
    found = find_dates(text, today, tense)
    return found[0].value if found else None


def _role(clause: str) -> str:
    """What a date is about, from the words just before it (« commandé le », « prévu »)."""
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

# Where a product is named: after a purchase verb and its determiner (« j'ai commandé un
# fauteuil »). « mon/ma/mes » before what went wrong and the subject line were read too,
# and were wrong more often than right on the development sets (« ma sœur », « mon nouvel
# appartement », « Objet : mise en demeure »): 52 right, 71 wrong. A wrong product goes
# into the reply; none leaves the question to the agent.
_BOUGHT = lazy_compile(
    r"\b(?:commande|commandee|commandes|commandees|achete|achetee|achetes|achetees|recu|"
    r"recue|recus|recues|offert|offerte|pris|prise|choisi|choisie|precommande|reserve|"
    r"reservee|paye|payee|retourne|retournee|renvoye|renvoyee)\s+"
    r"(?:(?:chez vous|sur votre site|en ligne|le \d{1,2} \w+|il y a \w+ \w+)\s+)?"
    r"(?:(?:un|une|des|le|la|les|mon|ma|mes|votre|vos|ce|cet|cette|ces|deux|trois|quatre|"
    r"\d+)\s+|l')(?P<rest>[^\n]{0,80})"
)
_NOUN_GAP = {"de", "d", "du", "des", "en", "a", "au", "aux", "sans", "pour"}
# Words that end a product's name: links, pronouns, time, quantities, quotes.
_END = frozenset(
    """pour chez sur il elle ils elles qui que qu et mais avec depuis car par dans le la les
    un une ce cette ces mon ma mes je j vous nous on est sont etait a ont avait ne n pas
    plus hier aujourd ce matin soir lundi mardi mercredi jeudi vendredi samedi dimanche
    janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre
    il y semaine jour jours mois an ans fois apres avant lors quand comme mais ou donc
    alors puis tout toute tous toutes votre vos notre nos leur leurs son sa ses""".split()  # noqa: SIM905
)
# Nouns that name the complaint, the order or the shop, not the thing bought.
_NOT_PRODUCTS = frozenset(
    """colis paquet commande commandes facture factures mail mails message messages sms
    site boutique magasin remboursement livraison paiement article articles produit
    produits retour frais code compte argent dossier reclamation numero reference suivi
    envoi carton boite emballage photo photos probleme soucis souci erreur demande
    question reponse service client vendeur transporteur relais point lettre courrier
    note avis prix total montant somme fois semaine jour mois an annee heure bon etiquette
    bordereau confirmation notification notifications lien formulaire appel expedition
    precommande courriel courriels relance contestation annulation retractation resiliation
    debit prelevement impossible probleme banque date modele couleur taille journee
    matin soir epoque moment fils fille mari femme mere pere ami amie voisin voisine
    rendez rdv seance devis contrat cde cmd vie salon charge chien chat enfants enfant
    grand-mere grand-pere petite-fille petit-fils fille fils retraite habitude panier
    comptable associee associe collegue patron famille neveu niece cousin cousine
    machine travail mission proposition reservation consigne commercant trou fermeture
    semelle penalite avance absence annonce avoir cours naissance disponibilite midi minuit
    hiver ete automne printemps nuit veille lendemain possibilite integralite place
    passee recue payee""".split()  # noqa: SIM905
)
_WORDS = lazy_compile(r"[^\s,.;:!?()«»\"“”]+")


def _not_a_product(word: str) -> bool:
    """The order, the complaint, a person, a time: words that cannot open a product's name.

    The related words of complaints (text/data/langue.yaml) count too: « remboursement »,
    « colis », « retard » name the problem, not the thing bought.
    """
    bare = word.rstrip("s") if len(word) > 3 else word
    return (
        word in _NOT_PRODUCTS
        or bare in _NOT_PRODUCTS
        or word in related_words()
        or bare in related_words()
        or word in generic_words()
        or len(word) < 3
    )


_PHRASE_END = re.compile(r"[(),;:!?\[\]]|\.(?!\d)|\s[-–—]\s")


def _noun_phrase(rest: str) -> str | None:
    """The product's name at the start of `rest`: a noun, then « de/en/à » + words, up to
    four words (« machine à pain », « table basse en chêne »)."""
    # The phrase ends where the sentence or an aside begins: « un fauteuil (commande 77120,
    # 389 €) » is a « fauteuil », not a « fauteuil commande ».
    head = _PHRASE_END.split(rest.split("\n")[0].lstrip(" ([«\"'’"), maxsplit=1)[0]
    words = [m.group() for m in _WORDS.finditer(head)][:7]
    taken: list[str] = []
    for word in words:
        bare = fold(word).strip("'’-")
        if not bare or bare in _END or (any(ch.isdigit() for ch in bare) and not taken):
            break
        if re.fullmatch(r"\d{3,}", bare):
            break  # « paire de skis, 389.00 CHF »: a price or a year, not « iPhone 13 »
        if taken and bare in _NOUN_GAP:
            taken.append(word)
            continue
        if not taken and (bare in _NOUN_GAP or _not_a_product(bare)):
            return None
        taken.append(word)
        if len(taken) >= 4:
            break
    while taken and fold(taken[-1]) in _NOUN_GAP:
        taken.pop()
    if not taken:
        return None
    return " ".join(taken)


def find_product(text: str) -> str | None:
    """The thing bought, as a short noun phrase (« bouilloire », « table basse en chêne »),
    or None: a wrong product is worse than none."""
    folded = fold(text)
    for match in _BOUGHT.finditer(folded):
        phrase = _noun_phrase(text[match.start("rest") : match.end("rest")])
        if phrase and len(phrase) > 2:
            return phrase.strip(" '’-")
    return None


# --- who writes -------------------------------------------------------------------------

_CIVILITY_WORDS = {
    "m": "monsieur", "mr": "monsieur", "monsieur": "monsieur",
    "mme": "madame", "madame": "madame", "mlle": "madame", "mademoiselle": "madame",
}  # fmt: skip
_NAME = r"[A-ZÀ-ÖØ-Þ][\w'’-]+"
_PARTICLES = frozenset("da de di do du des dos das van von del della le la".split())  # noqa: SIM905
# A signature line: « Mme Bernard », « Jean DUPONT », « R. Thibault », « Julie et Antoine
# Serrano », « M. et Mme Bertin », « Régis Caron, DAF – Transports Caron & Fils ».
_SIGNED = lazy_compile(
    r"^\s*(?:(?P<couple>M\.?\s+et\s+Mme\.?|Mme\.?\s+et\s+M\.|Monsieur et Madame|"
    r"Madame et Monsieur)\s+|(?P<civ>M\.|Mr\.?|Mme\.?|Mlle\.?|Madame|Monsieur)\s+)?"
    r"(?:(?P<initial>[A-Z]\.(?:-?[A-Z]\.)?)\s*)?"
    rf"(?:(?P<partner>{_NAME})\s+et\s+)?"
    rf"(?P<name>{_NAME}(?:[ -](?:(?:{'|'.join(_PARTICLES)})\s)?{_NAME}){{0,2}})"
    r"(?P<tail>\s*[,–—]\s*[^\n]{1,60}|\s+-\s+[^\n]{1,60})?\s*[.,]?\s*$"
)
_FORM_NAME = lazy_compile(
    r"^\s*(?:nom(?: et pr[ée]nom| complet| de famille)?|pr[ée]nom\s*(?:/|et)\s*nom|"
    r"nom\s*/\s*pr[ée]nom|client|contact)\s*:\s*(?P<name>[^\n(/]+)",
    re.IGNORECASE | re.MULTILINE,
)
_FORM_CIVILITY = lazy_compile(
    r"^\s*civilit[ée]\s*:\s*(?P<civ>m\.|mr|mme|mlle|madame|monsieur)", re.IGNORECASE | re.MULTILINE
)
_ADDRESSED = lazy_compile(
    rf"(?:\b(?:Bonjour|Bonsoir|Chère|Cher)\s+|^[>\s]*)(?P<civ>Madame|Monsieur|Mme|M\.)\s+"
    rf"(?P<name>{_NAME})",
    re.MULTILINE,
)
# « c'est au nom de Mme Aurélie Vasseur », « Mon nom : Arnaud Picard », « je m'appelle … »
_SELF_NAMED = lazy_compile(
    r"(?i:\b(?:c'est\s+|commande\s+|passée\s+|passee\s+)?au nom de|\bmon nom(?:\s+est|\s*:)|"
    r"\bje m'appelle)\s+"
    rf"(?:(?P<civ>M\.|Mme\.?|Madame|Monsieur)\s+)?(?P<first>{_NAME})(?:\s+(?P<name>{_NAME}))"
)
# « … Je ne reviendrai pas. Mme Pasquier », « Merci. Mme Roux, cde W-2207 »
_SIGNED_INLINE = lazy_compile(
    rf"[.!?]\s+(?P<civ>M\.|Mme\.?|Madame|Monsieur)\s+(?P<name>{_NAME})\s*(?:,[^.!?]*)?$"
)
_QUOTE_START = lazy_compile(
    r"^\s*(?:>|le .{5,80} a [ée]crit\s*:|-{2,}\s*message d'origine|de\s*:\s.+@)",
    re.IGNORECASE | re.MULTILINE,
)
_NOT_NAMES = frozenset(
    """bonjour bonsoir merci cordialement salutations bien madame monsieur objet envoye
    sent bonne journee soiree cdt cdlt respectueusement sarl sas sasu eurl sa sci snc ei
    societe service equipe avis commande facture reclamation re tr fwd""".split()  # noqa: SIM905
)


def find_customer(text: str, quoted: str | None = None) -> tuple[str | None, str | None]:
    """(civilité, family name) of the customer, when the message shows them.

    Read from a form's fields (« Nom : Mme Perrin Valérie »), the signature (the last
    short lines of the customer's own words: « Mme Bernard », « Jean DUPONT »), a letter's
    heading, or the shop's own greeting in a quoted earlier reply (« > Bonjour Madame
    Texier »). Never from the greeting at the top, which addresses the shop.
    """
    if quoted is not None:
        own = text[: len(text) - len(quoted)] if quoted and text.endswith(quoted) else text
    else:
        quote = _QUOTE_START.search(text)
        own, quoted = (text[: quote.start()], text[quote.start() :]) if quote else (text, "")
    civilities: list[str] = []
    names: list[str] = []
    if m := _FORM_CIVILITY.search(own):
        civilities.append(_CIVILITY_WORDS[fold(m.group("civ")).rstrip(".")])
    if m := _FORM_NAME.search(own):
        value = m.group("name").strip()
        if found := _SIGNED.match(value):
            if found.group("civ"):
                civilities.append(_CIVILITY_WORDS[fold(found.group("civ")).rstrip(".")])
            separate_first_name = re.search(r"(?im)^\s*pr[ée]nom\s*:", own)
            value = found.group("name")
            names.append(value if separate_first_name else _family_name(value, civility=True) or "")
    lines = [line.strip() for line in own.strip().splitlines() if line.strip()]
    # The signature: the upper line of the last name-like lines (« Thomas Girardin »
    # above « Girardin Menuiserie »), then a letter's heading.
    tail = [_signature(line) for line in lines[-4:]]
    block: list[re.Match[str]] = []
    for match in reversed(tail):
        if match is None or fold(match.group("name").split()[0]) in _NOT_NAMES:
            if block:
                break
            continue
        block.insert(0, match)
    heading = [m for m in (_signature(line) for line in lines[:2]) if m]
    for match in [*block[:1], *heading[:1]]:
        if fold(match.group("name").split()[0]) in _NOT_NAMES:
            continue
        if match.group("civ"):
            civilities.append(_CIVILITY_WORDS[fold(match.group("civ")).rstrip(".")])
        # An initial, a partner or « M. et Mme » say the word that follows is the family name.
        sure = any(match.group(g) for g in ("civ", "couple", "initial", "partner"))
        if match.group("partner") and fold(match.group("name")) in first_names():
            continue  # « Anaïs et Kévin »: two first names, no family name
        if family := _family_name(match.group("name"), civility=sure):
            names.append(family)
    if not names and (m := _SELF_NAMED.search(own)):
        if m.group("civ"):
            civilities.append(_CIVILITY_WORDS[fold(m.group("civ")).rstrip(".")])
        if m.group("civ") or fold(m.group("first")) in first_names():
            names.append(m.group("name"))
    if not names and lines and (m := _SIGNED_INLINE.search(lines[-1])):
        civilities.append(_CIVILITY_WORDS[fold(m.group("civ")).rstrip(".")])
        names.append(m.group("name"))
    if quoted and (m := _ADDRESSED.search(quoted)):
        civilities.append(_CIVILITY_WORDS[fold(m.group("civ")).rstrip(".")])
        names.append(m.group("name"))
    names = [n for n in names if n]
    return (civilities[0] if civilities else None), (names[0] if names else None)


def _signature(line: str) -> re.Match[str] | None:
    """A line that is a name, perhaps with a title or a company after it (« , gérant »);
    the words after a comma count only after a full name, not after one word."""
    match = _SIGNED.match(line)
    if match is None:
        return None
    sure = any(match.group(g) for g in ("civ", "couple", "initial", "partner"))
    single = " " not in match.group("name").strip()
    if line.rstrip().endswith(",") and single and not sure:
        return None  # « Sportivement, », « Bises, »: a closing, not a name
    if not match.group("tail"):
        return match
    return match if sure or not single else None


def family_name(full: str) -> str | None:
    """The family name in a full name (« Sandrine Guillot », « GUILLOT Sandrine »)."""
    return _family_name(full)


def _family_name(full: str, civility: bool = False) -> str | None:
    """« Sandrine Guillot », « GUILLOT Sandrine », « Guillot » after « Mme »: Guillot."""
    words: list[str] = []
    for word in (w for w in re.split(r"\s+", full.strip(" .,")) if w):
        # « Da Silva », « de Lattre »: a particle goes with the name after it.
        if words and fold(words[-1]) in _PARTICLES:
            words[-1] = f"{words[-1]} {word}"
        else:
            words.append(word)
    if not words or len(words) > 3:
        return None
    capitals = [w for w in words if len(w) > 1 and w.isupper()]
    if capitals:
        return capitals[0].capitalize()
    given = first_names()
    if len(words) == 1:
        # A first name alone says no family name; after « Mme » or in a « Nom » field, it is one.
        return words[0] if civility else None
    others = [w for w in words if fold(w).split("-")[0] not in given]
    if len(others) == 1:
        return others[0]  # « Perrin Valérie », « Nadia Haddad »
    return words[-1]


# --- the occasion, the parcel -------------------------------------------------------------

# An occasion the order was for, as the reply names it after « à temps pour »; a relative
# after it (« de ma fille ») is kept, addressed to the customer (« de votre fille »).
_OCCASIONS = (
    (r"anniv(?:ersaire)?s?", "l'anniversaire"),
    (r"mariage", "le mariage"),
    (r"bapteme", "le baptême"),
    (r"(?:premiere )?communion", "la communion"),
    (r"fete des meres", "la fête des Mères"),
    (r"fete des peres", "la fête des Pères"),
    (r"saint[- ]valentin", "la Saint-Valentin"),
    (r"noel", "Noël"),
    (r"depart en vacances", "votre départ en vacances"),
)
_OCCASION = lazy_compile(
    r"\b(?:pour|avant|cadeau d[e'u]|a l['\s]occasion d[e'u]|en vue d[e'u])\s*"
    r"(?:l'|l |le |la |les |un |une |mon |ma |son |sa )?"
    rf"(?P<what>{'|'.join(f'(?:{pattern})' for pattern, _ in _OCCASIONS)})\b"
    r"(?:\s+(?:de|d')\s*(?P<whose>ma|mon|mes|notre|nos)\s+(?P<who>[^\W\d_][\w-]{2,19}))?"
)
_YOUR = {"ma": "votre", "mon": "votre", "notre": "votre", "mes": "vos", "nos": "vos"}
_RELATIVES = frozenset(
    """fille fils mere pere femme mari epouse epoux soeur sœur frere niece neveu cousin cousine
    tante oncle amie ami copine copain fiance fiancee mamie papi grand-mere grand-pere
    petite-fille petit-fils filleul filleule belle-mere beau-pere enfant enfants filles
    collegue patron""".split()  # noqa: SIM905
)


def find_occasion(text: str) -> str | None:
    """« c'était pour l'anniversaire de ma fille » → « l'anniversaire de votre fille »;
    « pour Noël » → « Noël ». Only an occasion the order was for, not a word in passing."""
    matches = list(_OCCASION.finditer(fold(text)))
    if not matches:
        return None
    # « un cadeau de mariage, pour le mariage de ma sœur »: the one that says whose.
    match = next((m for m in matches if m.group("who") in _RELATIVES), matches[0])
    what = match.group("what")
    label = next(name for pattern, name in _OCCASIONS if re.fullmatch(pattern, what))
    if match.group("who") in _RELATIVES and label.startswith(("l'", "le ", "la communion")):
        who = text[match.start("who") : match.end("who")].lower()  # with its accents
        return f"{label} de {_YOUR[match.group('whose')]} {who}"
    return label


# What the customer says the tracking shows.
_PARCEL = (
    (
        "livre",
        lazy_compile(
            r"\b(?:(?:indique|marque|note|annonce|affiche|signale|mis|passe)e?s?\s+"
            r"(?:comme\s+|en\s+)?livre|suivi\s+(?:dit|indique|affiche|annonce|marque)\s+"
            r"(?:qu'il est\s+|que le colis est\s+|comme\s+)?livre|soi[- ]disant\s+livre|"
            r"soit[- ]disant\s+livre|statut\s+livre|livre\s+(?:mais|alors que)\s+"
            r"(?:je n'ai |j'ai |on n'a )?(?:rien|pas|jamais)\s+(?:recu|eu))"
        ),
    ),
    (
        "bloque",
        lazy_compile(
            r"\b(?:suivi\s+(?:ne\s+bouge\s+plus|n'a\s+(?:pas|plus)\s+bouge|bloque|fige|"
            r"n'evolue\s+plus|ne\s+change\s+plus)|ne\s+bouge\s+plus\s+depuis|"
            r"(?:colis|paquet)\s+(?:est\s+)?bloque|bloque\s+depuis|aucun\s+mouvement|"
            r"plus\s+(?:de|aucune)\s+nouvelles?\s+du\s+(?:colis|transporteur)|"
            r"toujours\s+au\s+meme\s+(?:endroit|stade|statut))"
        ),
    ),
    (
        "non-expedie",
        lazy_compile(
            r"\b(?:(?:pas|jamais)\s+(?:encore\s+|ete\s+|encore\s+ete\s+)?(?:expedie|parti|envoye)e?|"
            r"toujours\s+en\s+(?:cours\s+de\s+)?preparation|en\s+attente\s+d'expedition)"
        ),
    ),
)


def find_parcel(text: str) -> str | None:
    """What the tracking shows, as the customer tells it: « bloque » (« le suivi ne bouge
    plus »), « livre » (« indiqué livré », nothing received) or « non-expedie »."""
    folded = fold(text)
    for status, pattern in _PARCEL:
        if pattern.search(folded):
            return status
    return None


def extract(text: str, today: dt.date, order_pattern: str | None = None) -> Facts:
    civility, name = find_customer(text)
    return Facts(
        orders=find_orders(text, order_pattern),
        amounts=find_amounts(text),
        dates=find_dates(text, today),
        product=find_product(text),
        civilite=civility,
        name=name,
        occasion=find_occasion(text),
        parcel=find_parcel(text),
    )
