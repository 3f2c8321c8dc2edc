"""How long the customer has had the product, as they tell it.

Between a product faulty on arrival, one that wears out within the legal guarantee and
one that breaks down after it, the words are often the same (« ne s'allume plus »,
« cassé »); what tells them apart is the product's age. Customers give it as a purchase
or delivery date (« acheté le 3 janvier », « reçu hier », « en mars 2022 j'ai acheté »,
« depuis 2022 »), as the time since (« achetée il y a trois ans », « je les ai depuis
deux mois »), as the product's own age (« il a trois semaines », « un sac de 4 mois »)
or as how long it lasted (« au bout de deux semaines », « même pas six mois »,
« après huit mois d'utilisation »). The oldest of these is the product's age: a product
existed before everything the customer tells about it.

Only what speaks of the product counts: not a guarantee « de deux ans », a delivery
« sous 8 jours », a wait of three weeks, nor the customer's own age.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

import msgspec

from reponse_cli.listening.facts import FoundDate
from reponse_cli.text.fold import fold
from reponse_cli.text.language import first_names
from reponse_cli.text.lazy import lazy_compile

_NUMBER_WORDS = {
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14,
    "quinze": 15, "seize": 16, "vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50,
    "quelques": 3, "plusieurs": 3, "dizaine": 10, "quinzaine": 15, "vingtaine": 20,
}  # fmt: skip
_UNIT_DAYS = {"jour": 1, "semaine": 7, "mois": 30, "an": 365, "annee": 365}
_COUNT = r"\d{1,3}|" + "|".join(_NUMBER_WORDS)
# « 3 semaines », « deux ans et demi », « une dizaine de jours », « 2-3 mois »,
# « un an et trois mois »
_DURATION = (
    rf"(?:une?\s+)?(?P<n>{_COUNT})(?:\s*(?:-|a|ou)\s*(?P<n2>{_COUNT}))?\s+(?:de\s+|d')?"
    r"(?P<unit>jours?|semaines?|mois|ans?|annees?)\b"
    rf"(?:\s+et\s+(?:(?P<half>demie?)|(?P<n3>{_COUNT})\s+(?P<unit3>jours?|semaines?|mois)\b))?"
)
_DURATION_ONLY = lazy_compile(rf"^\s*{_DURATION}\s*$")

# Verbs that say the customer got the product.
_GOT = (
    r"achet\w*|command\w*|vendue?s?|cadeau|acqui[st]e?s?|acquerir|re[cç]ue?s?|livree?s?|offerte?s?|"
    r"pris|prise|eue?|reserve|receptionne\w*|installee?s?|payee?s?|trouvee?s?"
)
_GOT_WORD = lazy_compile(rf"\b(?:{_GOT})\b")
# What it lasted, or how old it is.
_USE_BEFORE = (
    r"au bout d(?:e|')|apres|(?:a\s+)?peine|meme\s+pas|pas\s+meme|moins\s+d(?:e|')|"
    r"seulement|que|qu'|tout\s+juste|juste"
)
_USE_AFTER = (
    r"d'utilisation|d'usage|d'une\s+utilisation|d'un\s+usage|seulement|a\s+peine|"
    r"apres\s+(?:l'achat|la\s+livraison|reception|la\s+reception|l'avoir\s+re[cç]ue?)|"
    r"plus\s+tard|,?\s*c'est\s+(?:court|peu|jeune)"
)
# Words after a duration that make it something else than the product's life.
_NOT_USE = lazy_compile(
    r"\s*(?:d'attente|de\s+retard|sans\s+(?:nouvelles?|reponse)|que\s+j'attends|"
    r"d'engagement|de\s+garantie|de\s+delai|ouvres|ouvrables|de\s+livraison)"
)
# Before « de N mois »: what is not the product (a guarantee, a delay, a wait…).
_NOT_PRODUCT_BEFORE = lazy_compile(
    r"(?:garantie\w*|delai|retard|periode|engagement|contrat|abonnement|duree|attente|"
    r"plus|moins|pres|bout|age|agee?|fille|fils|enfant|bebe|mari|femme|experience|"
    r"anciennete|credit|location|essai|validite|prix|offre|remboursement|mere|pere|"
    r"client|cliente|chien|chat|chiot|chaton|forfait|formule|vie|retractation|sejour|"
    r"stage|formation|cours|pret|mission|chantier|travaux|voyage|vacances|fils|soeur|"
    r"frere|copain|copine|ami|amie|voisin|voisine|niece|neveu|petit|petite|bebes|"
    r"enfants|filles|parents|grand-mere|grand-pere|moi|lui|elle-meme)\s*$"
)
_QUALIFIER = (
    r"(?:(?:a\s+peine|meme\s+pas|pas\s+meme|tout\s+juste|seulement|deja|plus\s+de|"
    r"moins\s+de|pres\s+de|environ|presque|bientot|quasiment|a\s+peu\s+pres)\s+)?"
)
# « l'imprimante a quatorze mois », « elle a à peine 2 mois », « un appareil qui a dix
# jours »: the word before says whose age it is (not « il y a », not « ma fille »).
_HAS_AGE = lazy_compile(
    rf"(?P<before>[a-z'-]+)\s+(?:a|ont|avait|avaient)\s+{_QUALIFIER}{_DURATION}"
    r"(?!\s+(?:que|qu'|de\s+retard|d'attente))"
)
_AGE_PATTERNS = (
    # « au bout de deux semaines », « même pas six mois », « après huit mois d'utilisation »
    lazy_compile(
        rf"\b(?:{_USE_BEFORE})\s+(?:(?:environ|a\s+peine|presque|quelques|deja|"
        rf"seulement|tout\s+juste)\s+)?{_DURATION}"
    ),
    lazy_compile(rf"\b{_DURATION}\s+(?:{_USE_AFTER})"),
    # « je l'ai depuis deux mois », « je les porte depuis un mois », « ça fait 5 mois que je l'ai »
    lazy_compile(
        r"\b(?:je\s+l'|je\s+les\s+|on\s+l'|on\s+les\s+|nous\s+l'|nous\s+les\s+)"
        rf"(?:ai|a|avons|utilise|utilisons|porte|portons|possede|possedons)\s+depuis\s+"
        rf"{_QUALIFIER}{_DURATION}"
    ),
    lazy_compile(
        rf"\b(?:ca|cela)\s+fait\s+{_QUALIFIER}{_DURATION}\s+(?:que\s+(?:je|j'|nous|on)\s+"
        r"(?:l'|les\s+)(?:ai|a|avons|utilise|porte)|qu'il\s+est\s+chez\s+moi)"
    ),
)
# « j'ai ce lave-vaisselle depuis 2021 », « on a la machine depuis trois ans »
_HAVE_SINCE = lazy_compile(
    r"\b(?:j'ai|on\s+a|nous\s+avons|je\s+possede)\s+(?:ce|cet|cette|ces|mon|ma|mes|notre|"
    r"nos|le|la|les|l')\s*(?:[a-z'-]+\s+){1,4}?(?=depuis\s)"
)
# « acheté il y a trois ans », « il y a deux mois, j'ai commandé »
_AGO = lazy_compile(
    r"\b(?:il\s+y\s+a|ca\s+fait|cela\s+fait|voila)\s+(?:(?:plus\s+de|pres\s+de|presque|"
    rf"environ|au\s+moins|deja|a\s+peine|bientot)\s+)?{_DURATION}"
)
# « un sac à dos de 4 mois », « une trottinette de 2022 »
_OF_AGE = lazy_compile(rf"(?P<before>[a-z-]+)\s+(?:de|d')\s*{_DURATION}(?!\s+(?:de|d'|que))")
_LONG_UNITS = ("mois", "an", "ans", "annee", "annees")
_MONTHS = (
    "janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre",
    "octobre", "novembre", "decembre",
)  # fmt: skip
# « en mars 2022 », « début novembre », « fin juillet », « en 2022 », « depuis 2022 »
_PERIOD = lazy_compile(
    r"\b(?:(?P<part>debut|fin|mi|courant|en|au\s+mois\s+de|depuis|de|d'|dans\s+le\s+courant\s+de)"
    rf"[\s-]*(?P<month>{'|'.join(_MONTHS)})(?:\s+(?P<year>(?:19|20)\d\d))?|"
    r"(?:en|depuis|de|datant\s+de|d'|fin|debut)\s+(?P<only_year>(?:19|20)\d\d)|"
    r"(?:l'|cet\s+|ce\s+)?(?P<season>hiver|ete|automne|printemps|an|annee|noel)\s+"
    r"(?P<last>dernier|derniere|passe|passee)|"
    r"(?P<christmas>a\s+noel|pour\s+noel))\b"
)
_SEASON_MONTH = {"hiver": 1, "printemps": 4, "ete": 7, "automne": 10, "noel": 12}
_SENTENCE = lazy_compile(r"[^.!?\n]+")
_CLIENT = lazy_compile(r"\b(?:client|cliente|clients|clientes|chez\s+vous)\s+depuis\s*$")


class Age(msgspec.Struct, frozen=True):
    """The product's age in days, and the words it was read from."""

    days: int
    text: str


def duration_days(text: str) -> int | None:
    """« 3 semaines » → 21, « 2 ans » → 730, « deux mois et demi » → 75; else None."""
    match = _DURATION_ONLY.match(fold(text))
    return _days(match) if match else None


def _count(word: str | None) -> int | None:
    if word is None:
        return None
    return int(word) if word.isdigit() else _NUMBER_WORDS.get(word)


def _unit(word: str) -> int:
    return _UNIT_DAYS[word.rstrip("s") if word != "mois" else "mois"]


def _days(match: re.Match[str]) -> int | None:
    count = _count(match.group("n"))
    second = _count(match.group("n2"))
    if count is None:
        return None
    if second is not None and second > count:
        count = second  # « 2-3 semaines »: the longer
    unit = _unit(match.group("unit"))
    days = count * unit
    if match.group("half"):
        days += unit // 2
    extra = _count(match.group("n3"))
    if extra is not None and match.group("unit3"):
        days += extra * _unit(match.group("unit3"))
    return days


def product_age(text: str, today: dt.date, dates: Iterable[FoundDate] = ()) -> Age | None:
    """The product's age the message tells, or None.

    `dates`: the message's dates already read (facts.py); a purchase or delivery date
    among them (role « commande » or « livraison », in the past) says it too.
    """
    folded = fold(text)
    found: list[Age] = []

    def add(days: int | None, start: int, end: int) -> None:
        if days is not None:
            found.append(Age(days, " ".join(text[start:end].split())))

    for date in dates:
        if date.role in ("commande", "livraison") and date.value <= today:
            found.append(Age((today - date.value).days, date.text))
    for pattern in _AGE_PATTERNS:
        for match in pattern.finditer(folded):
            if not _NOT_USE.match(folded, match.end()):
                add(_days(match), *match.span())
    for match in _HAS_AGE.finditer(folded):
        before = match.group("before")
        if before in ("qui", "il", "elle"):
            # « mon neveu, qui a 12 ans »: whose age is said a few words earlier
            words = _WORD_BEFORE.findall(folded, max(0, match.start() - 25), match.start())
            before = words[-1] if words else ""
        if not _someone(before):
            add(_days(match), *match.span())
    for match in _OF_AGE.finditer(folded):
        long = match.group("unit") in _LONG_UNITS
        if long and not _someone(match.group("before")) and not _NOT_USE.match(folded, match.end()):
            add(_days(match), *match.span())
    for match in _YEAR_OF.finditer(folded):
        year = int(match.group("year"))
        if 1990 <= year < today.year and not _someone(match.group("before")):
            add((today - dt.date(year, 7, 1)).days, *match.span())
    for match in _HAVE_SINCE.finditer(folded):
        since = match.end() + len("depuis ")
        duration = _SINCE_DURATION.match(folded, since)
        if duration:
            add(_days(duration), match.start(), duration.end())
            continue
        period = _PERIOD.match(folded, match.end())
        if period:
            add(_period_days(period, today), match.start(), period.end())
    for sentence in _SENTENCE.finditer(folded):
        start, end = sentence.span()
        if not _GOT_WORD.search(folded, start, end):
            continue
        # The time since the customer got it, in a sentence that says they got it.
        for match in _AGO.finditer(folded, start, end):
            # « ça fait deux ans que nos week-ends y passent »: what lasted follows « que »
            if not _NOT_USE.match(folded, match.end()) and not _THAT.match(folded, match.end()):
                add(_days(match), *match.span())
        for match in _PERIOD.finditer(folded, start, end):
            if not _CLIENT.search(folded, max(start, match.start() - 30), match.start() + 7):
                # « cliente depuis 2019 » is the customer, not the product
                add(_period_days(match, today), *match.span())
    return max(found, key=lambda age: age.days, default=None)


def _someone(word: str) -> bool:
    """The word before an age names a person, an animal or a contract, not the product."""
    return (
        word in ("y", "j'", "on", "je", "tu", "nous", "vous")
        or bool(_NOT_PRODUCT_BEFORE.search(word))
        or word in first_names()
    )


_WORD_BEFORE = lazy_compile(r"[a-z'-]+")
_THAT = lazy_compile(r"\s+(?:que|qu')")
_SINCE_DURATION = lazy_compile(rf"{_QUALIFIER}{_DURATION}")
# « une trottinette de 2022 », « mon frigo de 2019 »
_YEAR_OF = lazy_compile(r"(?P<before>[a-z-]+)\s+de\s+(?P<year>(?:19|20)\d\d)\b")


def _period_days(match: re.Match[str], today: dt.date) -> int | None:
    """Days since a month, a year or a season the customer names (its middle, or the
    part they say: « début », « fin »)."""
    part = match.group("part") or ""
    if match.group("month"):
        month = _MONTHS.index(match.group("month")) + 1
        day = {"debut": 5, "fin": 25, "mi": 15}.get(part, 15)
        year_text = match.group("year")
        year = int(year_text) if year_text else today.year
        when = dt.date(year, month, day)
        if not year_text and when > today:
            when = dt.date(year - 1, month, day)
        if when > today:
            when = today
        return (today - when).days if when.year >= 1990 else None
    if match.group("only_year"):
        year = int(match.group("only_year"))
        if not 1990 <= year <= today.year:
            return None
        when = dt.date(year, 7, 1) if year < today.year else dt.date(year, 1, 1)
        return max((today - when).days, 0)
    if match.group("season"):
        season = match.group("season")
        if season in ("an", "annee"):
            return 365
        month = _SEASON_MONTH[season]
        when = dt.date(today.year, month, 15)
        if when > today or season == "noel":
            when = dt.date(today.year - 1, month, 15 if season != "noel" else 24)
        return (today - when).days
    if match.group("christmas"):
        when = dt.date(today.year, 12, 24)
        if when > today:
            when = dt.date(today.year - 1, 12, 24)
        return (today - when).days
    return None
