"""Classes of words: every form of a lemma, locutions, exact forms, classes within classes."""

from __future__ import annotations

from reponse_cli.text.lemmas import entry_words, expand_classes


def test_a_lemma_brings_its_forms_and_its_participles() -> None:
    forms = expand_classes({"refus": ["exclure"]})
    for form in ("exclure", "exclut", "exclurons", "exclu", "exclue", "exclues"):
        assert forms[form] == ["refus"]
    assert "exclusif" not in forms


def test_a_locution_has_its_first_word_inflected_and_an_exact_form_stays_exact() -> None:
    forms = expand_classes({"suite": ["donner suite"], "bon": ["=avoir"]})
    assert forms["donnerons suite"] == ["suite"]
    assert forms["avoir"] == ["bon"]
    assert "avons" not in forms  # « =avoir » is the voucher, not the verb


def test_a_class_may_include_another() -> None:
    forms = expand_classes({"a": ["chute"], "b": ["@a", "choc"]})
    assert forms["chutes"] == ["a", "b"]
    assert forms["choc"] == ["b"]


def test_entry_words_are_folded() -> None:
    assert entry_words("Prise en charge") == ("prise", "en", "charge")
    assert entry_words("s'il") == ("s", "il")
