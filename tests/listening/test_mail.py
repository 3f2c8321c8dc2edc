"""Reading the customer's e-mail: `.eml` files as mail clients save them, pasted text as
agents paste it — their own words apart from quotes, signatures and disclaimers."""

from __future__ import annotations

import mailbox
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import CORPUS
from reponse_cli.errors import ReponseError
from reponse_cli.listening.mail import (
    html_to_text,
    looks_like_eml,
    parse_eml,
    parse_message,
    parse_text,
)

MAILS = CORPUS / "mail"


def read(name: str) -> bytes:
    return (MAILS / name).read_bytes()


def test_gmail_reply_text_part_sender_thread_and_our_quoted_message() -> None:
    mail = parse_message(read("gmail-retard.eml"))
    assert mail.eml
    assert mail.text.startswith("Bonjour,\n\nMa commande n° 48213 passée le 3 novembre")
    assert mail.text.endswith("Marie Dupont")
    assert "expédié" not in mail.text  # our own earlier answer is not the customer's
    assert "Votre colis a bien été expédié" in mail.quoted
    assert (mail.sender_name, mail.address) == ("Marie Dupont", "marie.dupont@exemple.fr")
    assert mail.subject == "Re: Commande 48213 – toujours pas reçue"
    assert mail.message_id == "<CAK8pX2bb222+fr@mail.gmail.com>"
    assert mail.references == ["<CAFx7v0aa111@mail.atelier-exemple.fr>"]
    assert mail.reply_references() == [
        "<CAFx7v0aa111@mail.atelier-exemple.fr>",
        "<CAK8pX2bb222+fr@mail.gmail.com>",
    ]


def test_outlook_html_only_in_windows_1252_with_quoted_headers_and_disclaimer() -> None:
    mail = parse_message(read("outlook-double-facturation.eml"))
    assert "J’ai été facturé deux fois pour la commande CMD-2026-0817" in mail.text
    assert "89,00 €" in mail.text
    assert "<" not in mail.text and "MsoNormal" not in mail.text and "&nbsp;" not in mail.text
    assert mail.quoted.startswith("De : Atelier Exemple")
    assert "voici votre facture" in mail.quoted
    assert mail.disclaimer.startswith("Ce message et toutes les pièces jointes sont confidentiels")
    assert "confidentiels" not in mail.text
    assert mail.sender_name == "Martin, Jean"
    # No References: the thread is known from In-Reply-To.
    assert mail.reply_references() == [
        "<facture-118@atelier-exemple.fr>",
        "<PR3P195MB0001A1B2C3@PR3P195MB0001.EURP195.PROD.OUTLOOK.COM>",
    ]


def test_a_contact_form_is_answered_at_its_reply_to() -> None:
    mail = parse_message(read("formulaire-reply-to.eml"))
    assert mail.sender_email == "noreply@atelier-exemple.fr"
    assert (mail.name, mail.address) == ("Sophie Bernard", "sophie.b@exemple.org")
    assert mail.text.endswith("Commande A-55120.")
    assert mail.signature == "Envoyé de mon iPhone"
    assert "JVBER" not in mail.text  # the attachment is not read


def test_attachments_only_is_a_french_error() -> None:
    with pytest.raises(ReponseError, match="pas de texte à lire"):
        parse_message(read("pieces-jointes-seules.eml"))


def test_a_message_from_an_mbox_is_read_too() -> None:
    message = mailbox.mboxMessage(read("gmail-retard.eml"))
    mail = parse_eml(message)  # a compat32 message, as mailbox gives them
    assert mail.message_id == "<CAK8pX2bb222+fr@mail.gmail.com>"
    assert "48213" in mail.text


def test_header_values_never_carry_line_breaks() -> None:
    raw = (
        b"From: =?utf-8?q?Eve=0D=0ABcc=3A_x=40y=2Efr?= <eve@exemple.fr>\n"
        b"Subject: =?utf-8?q?Bonjour=0AX-Injected=3A_1?=\n"
        b"Message-ID: <a@b.fr>\nMIME-Version: 1.0\n\nRien re\xc3\xa7u.\n"
    )
    mail = parse_message(raw)
    assert "\n" not in (mail.subject or "") and "\r" not in (mail.subject or "")
    assert "\n" not in (mail.sender_name or "")
    assert mail.text == "Rien reçu."


def test_a_broken_address_is_left_out_not_trusted() -> None:
    mail = parse_message(b"From: Marie <pas une adresse>\nSubject: x\n\nBonjour\n")
    assert mail.sender_email is None and mail.text == "Bonjour"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (read("gmail-retard.eml"), True),
        (b"From machin@x Sun Nov 22 2026\nFrom: a@b.fr\nSubject: x\n\ncorps", True),
        (b"Subject: x\nX-Custom: y\n\ncorps", True),
        ("Objet : Retard\nBonjour, rien reçu.".encode(), False),
        (b"Subject: seul\n\nBonjour", False),  # one field only: a pasted note
        (b"Bonjour : toujours rien.\nMerci", False),
    ],
)
def test_an_eml_is_recognised_by_its_header_block(data: bytes, expected: bool) -> None:
    assert looks_like_eml(data) is expected


def test_a_text_that_is_not_utf8_nor_an_eml() -> None:
    with pytest.raises(ReponseError, match="ni un e-mail"):
        parse_message("Reçu cassé".encode("utf-16"), "message.txt")


# --- pasted text --------------------------------------------------------------------------


def pasted(text: str):
    return parse_text(textwrap.dedent(text))


def test_gmail_attribution_wrapped_on_two_lines_and_quoted_lines() -> None:
    mail = pasted(
        """\
        Bonjour, toujours rien reçu pour la commande 48213.

        Le mar. 17 nov. 2026 à 10:12, Atelier Exemple <
        bonjour@atelier-exemple.fr> a écrit :
        > Votre colis a été expédié.
        """
    )
    assert mail.text == "Bonjour, toujours rien reçu pour la commande 48213."
    assert mail.quoted.endswith("> Votre colis a été expédié.")


def test_a_message_that_starts_with_le_is_not_taken_for_the_attribution() -> None:
    """« Le code promo… » above « Le 12 nov. 2026 …, X a écrit : » is the customer's."""
    mail = pasted(
        """        Le code promo HIVER15 n'a pas été appliqué, j'ai payé plein tarif.

        Le 12 nov. 2026 à 09:15, Boutique Nova a écrit :
        > L'échange part cette semaine.
        """
    )
    assert mail.text == "Le code promo HIVER15 n'a pas été appliqué, j'ai payé plein tarif."
    assert mail.quoted.startswith("Le 12 nov. 2026 à 09:15")


def test_an_answer_written_between_quoted_lines_is_kept() -> None:
    mail = pasted(
        """\
        Le 17/11/2026 à 10:12, Atelier Exemple a écrit :
        > Votre colis a été expédié mardi.
        Non, le suivi indique qu'il est bloqué depuis jeudi.
        > Il arrivera sous 48 h.
        Il n'est jamais arrivé.
        """
    )
    assert mail.text == (
        "Non, le suivi indique qu'il est bloqué depuis jeudi.\nIl n'est jamais arrivé."
    )
    assert "expédié mardi" in mail.quoted and "48 h" in mail.quoted


@pytest.mark.parametrize(
    "separator",
    [
        "-----Message d'origine-----",
        "-------- Message original --------",
        "-----Original Message-----",
        "________________________________\nDe : Atelier Exemple <bonjour@atelier-exemple.fr>",
        "De : Atelier Exemple\nEnvoyé : mardi 17 novembre 2026 10:12\nÀ : Marie",
        "From: Atelier Exemple\nSent: Tuesday, November 17, 2026 10:12 AM",
    ],
)
def test_outlook_quotes_without_chevrons_start_at_their_separator(separator: str) -> None:
    text = (
        f"Je veux être remboursée.\n\n{separator}\nObjet : Votre commande\n\nVotre colis est parti."
    )
    mail = parse_text(text)
    assert mail.text == "Je veux être remboursée."
    assert "Votre colis est parti." in mail.quoted


def test_signature_after_dash_dash_and_mobile_signatures() -> None:
    mail = pasted(
        """\
        Le pull a rétréci au premier lavage.
        --
        Marie Dupont
        06 12 34 56 78
        """
    )
    assert mail.text == "Le pull a rétréci au premier lavage."
    assert mail.signature == "Marie Dupont\n06 12 34 56 78"
    for line in ("Envoyé de mon iPhone", "Envoyé depuis mon smartphone Samsung Galaxy",
                 "Sent from my iPad", "Obtenir Outlook pour Android"):  # fmt: skip
        mail = parse_text(f"Rien reçu.\n\n{line}")
        assert (mail.text, mail.signature) == ("Rien reçu.", line)


def test_the_customer_quoting_someone_themselves_stays_theirs() -> None:
    text = "Bonjour,\nLe 3 novembre, le vendeur m'a écrit :\n« votre colis part demain »\nRien."
    mail = parse_text(text)
    assert mail.text == text and mail.quoted == ""


def test_a_disclaimer_paragraph_is_set_aside_but_never_the_first() -> None:
    mail = pasted(
        """\
        Deux prélèvements de 89 € pour une seule commande.

        Pensez à l'environnement avant d'imprimer ce mail.
        """
    )
    assert mail.text == "Deux prélèvements de 89 € pour une seule commande."
    assert mail.disclaimer == "Pensez à l'environnement avant d'imprimer ce mail."
    alone = parse_text("Ce message est confidentiel : ma commande n'est jamais arrivée.")
    assert alone.text.startswith("Ce message est confidentiel")


def test_html_leftovers_in_pasted_text() -> None:
    mail = parse_text('<div dir="ltr">Bonjour,</div><div><br></div><div>Rien&nbsp;reçu !</div>')
    assert mail.text == "Bonjour,\n\nRien reçu !"
    stray = parse_text("Bonjour <b>urgent</b> : colis cass&eacute;.\nMerci")
    assert stray.text == "Bonjour urgent : colis cassé.\nMerci"


def test_a_message_copied_with_its_own_headers() -> None:
    mail = pasted(
        """\
        De : Marie Dupont <marie.dupont@exemple.fr>
        Envoyé : dimanche 22 novembre 2026 09:41
        À : SAV
        Objet : Commande 48213 pas reçue

        Bonjour, rien reçu.
        """
    )
    assert mail.text == "Bonjour, rien reçu."
    assert (mail.sender_name, mail.address) == ("Marie Dupont", "marie.dupont@exemple.fr")
    assert mail.subject == "Commande 48213 pas reçue"


def test_nothing_of_their_own_reads_everything() -> None:
    mail = parse_text("> Votre colis est parti.\n> Bonne journée")
    assert mail.text == "> Votre colis est parti.\n> Bonne journée"


def test_html_to_text_keeps_paragraphs_lists_and_quotes() -> None:
    text = html_to_text(
        "<html><head><style>p {color: red}</style></head><body><p>Bonjour,</p>"
        "<ul><li>un</li><li>deux</li></ul><blockquote>cité<br>encore</blockquote>"
        "<script>alert(1)</script></body></html>"
    )
    assert text.splitlines() == ["Bonjour,", "", "- un", "- deux", "", "> cité", "> encore", ">"]


# --- never a traceback --------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_give_a_mail_or_a_french_error(data: bytes) -> None:
    try:
        mail = parse_message(data)
    except ReponseError as error:
        assert error.message
    else:
        assert isinstance(mail.text, str)


HEADER_LINE = st.sampled_from(
    ["From", "To", "Subject", "Message-ID", "References", "Reply-To", "Content-Type"]
).flatmap(
    lambda name: st.text(st.characters(codec="utf-8", exclude_characters="\r\n"), max_size=80).map(
        lambda value: f"{name}: {value}"
    )
)


@settings(max_examples=150, deadline=None)
@given(st.lists(HEADER_LINE, min_size=2, max_size=8), st.text(max_size=300))
def test_damaged_headers_give_a_mail_or_a_french_error(headers: list[str], body: str) -> None:
    data = ("\n".join(["From: a@b.fr", *headers]) + "\n\n" + body).encode("utf-8")
    try:
        mail = parse_message(data)
    except ReponseError as error:
        assert error.message
    else:
        for value in (mail.subject, mail.sender_name, mail.message_id):
            assert value is None or ("\n" not in value and "\r" not in value)
