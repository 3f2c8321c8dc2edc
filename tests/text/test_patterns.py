"""The pattern language of rules and signals, and folding."""

from __future__ import annotations

import re

import pytest

from reponse_cli.checker.rules import load_rules
from reponse_cli.text.fold import fold
from reponse_cli.text.patterns import Matcher, PatternError, compile_pattern, regex_literals
from scoring import CHECK_SETS, load


def matches(pattern: str, text: str, words: dict[str, list[str]] | None = None) -> bool:
    return compile_pattern(pattern, words).search(fold(text))


def test_pattern_language() -> None:
    assert matches("c'est (de) votre faute", "c'est votre faute")
    assert matches("c'est (de) votre faute", "C’est de votre faute")
    assert not matches("c'est (de) votre faute", "c'est bien votre faute")
    assert matches("[rembourser|échanger] l'article", "échanger l'article")
    assert matches("vous … trompé", "vous vous êtes probablement trompé")
    assert not matches("vous … trompé", "vous avez reçu le colis, mais nous sommes trompés")
    assert matches("vous …… trompé", "vous avez reçu le colis, mais nous sommes trompés")
    # A gap ends at an elision as at a space: the word after « l' » is within reach.
    assert matches("écrit … émission", "J'ai écrit à l’émission de la radio")
    assert matches("porter … plainte", "porter aujourd'hui plainte")
    assert not matches("écrit … émission", "écrit. L'émission")
    assert matches("rembours*", "remboursement")
    assert matches("calmez-vous", "calmez vous")
    assert matches("{pays}", "en Belgique", {"pays": ["(en) belgique", "en suisse"]})
    assert matches("éventuel", "la gêne éventuelle")
    assert matches("fautif", "fautive")
    # whole words only
    assert not matches("ton", "bâton")
    assert not matches("faute", "défauter")


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("(oubli", "manquant"),
        ("oubli]", "ouverture"),
        ("… seul", "commencer"),
        ("{inconnu}", "inconnue"),
    ],
)
def test_pattern_errors_are_french(pattern: str, message: str) -> None:
    with pytest.raises(PatternError, match=message):
        compile_pattern(pattern, {})


def test_fold_keeps_offsets() -> None:
    text = "Ça coûte 12 € ; l’œuvre ÉTÉ ﬁn"
    folded = fold(text)
    assert len(folded) == len(text)
    assert folded.startswith("ca coute")
    assert "l'" in folded


def test_the_word_test_before_a_regex_keeps_every_form_it_matches() -> None:
    from reponse_cli.text.patterns import WordIndex

    cases = [
        ("c'est (de) votre faute", "cest votre faute"),
        ("rembours*", "nous remboursons"),
        ("[rembours|échang]er", "il faut échanger"),
        ("fautif", "une erreur fautive"),
        ("éventuel", "les gênes éventuelles"),
        ("heureux", "nous sommes heureuses"),
        ("n'insistez (pas)", "ninsistez pas"),
        ("vous … trompé", "vous vous êtes trompées"),
    ]
    for pattern, text in cases:
        folded = fold(text)
        matcher = compile_pattern(pattern)
        assert matcher.search(folded, WordIndex(folded)), (pattern, text)
    # …and it is sharper than a search for letters: these never compile the regex.
    for pattern, text in [
        ("note", "notre commande"),
        ("pas … faute", "passez. Une faute de frappe"),
        ("subi", "vous allez subir"),
    ]:
        folded = fold(text)
        assert not compile_pattern(pattern).possible(folded, WordIndex(folded)), pattern


def test_the_test_before_a_regex_never_hides_one_of_its_matches(env) -> None:
    """A raw regex is compiled only for a text holding a piece of each of its groups
    (`regex_literals`): on every reply of the corpora, a reply it would match is never
    one the test turns away — or a rule would go silent to save time."""
    replies = [item["text"] for name in CHECK_SETS.values() for item in load("check", name)]
    texts = [*replies, *map(fold, replies)]
    raw = [m for rule in load_rules(env).rules for m in rule.raw]
    assert len(raw) > 20
    sharpened = 0
    for matcher in raw:
        alone = Matcher(matcher.source, matcher.source, flags=re.MULTILINE)
        tested = Matcher(
            matcher.source,
            matcher.source,
            flags=re.MULTILINE,
            literals=regex_literals(matcher.source, re.MULTILINE),
        )
        sharpened += bool(tested.literals)
        for text in texts:
            if alone.search(text):
                assert tested.search(text), (matcher.source, text[:80])
    assert sharpened > len(raw) / 2  # most builtin regexes have a test before them


def test_groups_of_alternatives_give_the_test_its_pieces() -> None:
    assert regex_literals(r"\b(?:TODO|TBD|FIXME)\b") == (("TODO", "TBD", "FIXME"),)
    assert regex_literals(r"\bc'?\s*est\s+(?:le reglement|une procedure)") == (
        ("est",),
        ("le reglement", "une procedure"),
    )
    # An alternative that needs nothing, an optional group, a case-blind group: no piece.
    assert regex_literals(r"(?:abc|\d+)x") == ()
    assert regex_literals(r"(?:abcd)?xy") == ()
    assert regex_literals(r"(?i:nom|date)") == ()
