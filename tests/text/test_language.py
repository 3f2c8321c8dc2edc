"""French as customers write it: negation, « rien », « ne … que », locutions."""

from __future__ import annotations

import pytest

from reponse_cli.text.language import EMPTY_LEXICON, Lexicon, analyse


def features(text: str) -> list[str]:
    return [word.feature for word in analyse(text, EMPTY_LEXICON)]


@pytest.mark.parametrize(
    ("text", "negated", "plain"),
    [
        ("je n'ai toujours pas reçu mon colis", "~recu", "colis"),
        ("ça marche pas", "~marche", None),
        (
            "vous m'avez remboursé les pulls mais pas les 5,90 de livraison",
            "~livraison",
            "rembourse",
        ),
        ("il me va pas du tout", "~convenir", None),
        ("toujours pas le moindre numéro de suivi", "~numero", "suivi"),
    ],
)
def test_negation_marks_the_denied_word(text: str, negated: str, plain: str | None) -> None:
    found = features(text)
    assert negated in found
    if plain:
        assert plain in found


def test_bien_recu_is_not_denied() -> None:
    assert "recu" in features("j'ai bien reçu le colis")


def test_nothing_alone_is_still_said() -> None:
    """« Toujours rien. » is a customer waiting: it reads as a denied « rien »."""
    assert features("Presque un mois après, toujours rien.")[-1] == "~rien"
    assert "~rien" not in features("je n'ai rien reçu")  # there, « reçu » is denied


def test_ne_que_is_only_not_none() -> None:
    found = features("je n'ai reçu que 89 € sur les 119 €")
    assert "recu" in found and "~recu" not in found
    assert "seulement" in found


def test_quoi_que_ce_soit_is_no_only() -> None:
    assert "seulement" not in features("personne ne m'a prévenu de quoi que ce soit")
    assert "seulement" not in features("je n'ai signé quoi que ce soit")


def test_auxiliaries_are_no_content_words() -> None:
    """« Vous m'aviez dit » says nothing of a « facture » (an « avoir »)."""
    assert features("vous m'aviez dit trois jours, nous avions payé") == [
        "dit",
        "trois",
        "jours",
        "paye",
    ]


def test_locutions_read_as_one_word() -> None:
    assert features("rien dans ma boîte aux lettres") == ["~bal"]
    assert "boite" not in features("ma boite aux lettres")
    assert features("reçu une tasse au lieu de deux") == ["recu", "tasse", "aulieu", "deux"]


def test_a_letter_typed_twice_is_a_slip() -> None:
    lexicon = Lexicon({"livraison": "livraison", "colis": "colis"}, {})
    assert lexicon.lemma("livraisson") == "livraison"
    assert lexicon.lemma("coliss") is None  # short words get no tolerance


@pytest.mark.parametrize(
    ("text", "denied"),
    [
        ("nous ne pouvons donc accepter ce retour", "accepter"),
        ("le prélèvement ne peut donc être annulé", "annule"),
        ("nous ne saurions intervenir", "intervenir"),
    ],
)
def test_written_negation_without_pas(text: str, denied: str) -> None:
    words = analyse(text, EMPTY_LEXICON, plain=True)
    assert [w.lemma for w in words if w.negated] == [denied]


def test_a_plain_ne_que_is_not_written_negation() -> None:
    words = analyse("nous ne pouvons donc que vous le proposer", EMPTY_LEXICON, plain=True)
    assert not any(w.negated for w in words)


def test_ne_que_closes_before_a_later_pas() -> None:
    words = analyse(
        "la garantie ne couvre que les défauts, pas la casse", EMPTY_LEXICON, plain=True
    )
    assert [w.lemma for w in words if w.negated] == ["casse"]


def test_a_negation_does_not_cross_a_colon() -> None:
    words = analyse(
        "vous n'avez rien à faire : nous reprenons contact avec lui", EMPTY_LEXICON, plain=True
    )
    assert not any(w.negated for w in words)


def test_a_real_word_is_not_a_slip_for_another() -> None:
    """« j'aimerais » is no « abîmerais », « regarder » no « retarder », « peinture » no
    « pointure »; a real word differing only in its ending still joins its family."""
    lexicon = Lexicon.build(["abîmé", "retard", "pointure", "bloqué", "livraison"])
    assert lexicon.lemma("aimerais") is None
    assert lexicon.lemma("regarder") is None
    assert lexicon.lemma("peinture") is None
    assert lexicon.lemma("bloquee") == lexicon.lemma("bloque")
    assert lexicon.lemma("livraisson") == "livraison"
