"""The `.eml` draft a mail client opens, and the `mailto:` link: read back by the
standard library's parser, as a mail client would read them."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from reponse_cli.config import Config
from reponse_cli.delivery.eml import build_message, eml_text, html_body, reply_subject, sender
from reponse_cli.delivery.formats import format_draft, format_for
from reponse_cli.delivery.mailto import mailto_link
from reponse_cli.drafting.worker import DraftRequest, Worker

SETTINGS = {
    "agent": "Camille Martin",
    "entreprise": "Atelier Exemple",
    "contact": "bonjour@atelier-exemple.fr",
}
ANSWERS = {"civilite": "madame", "commande": "48213", "date_promise": "18/11/2026"}
THREAD = {
    "email": "marie.dupont@exemple.fr",
    "customer_name": "Marie Dupont",
    "in_reply_to": "<CAK8pX2bb222@mail.gmail.com>",
    "references": ["<aa111@atelier-exemple.fr>"],
    "thread_subject": "Commande 48213 – toujours pas reçue",
}
WHEN = dt.datetime(2026, 11, 22, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))


@pytest.fixture
def make_draft(env):
    worker = Worker(env, config=Config(values=SETTINGS, exists=True))

    def make(**fields):
        request = DraftRequest(playbook="retard-livraison", answers=dict(ANSWERS), **fields)
        return worker.draft(request)

    return make


def parsed(text: str) -> email.message.EmailMessage:
    """The file as a mail client reads it: bytes."""
    return email.message_from_bytes(text.encode("ascii"), policy=email.policy.default)


def plain(message: email.message.EmailMessage) -> str:
    return message.get_body(("plain",)).get_content().replace("\r\n", "\n").rstrip("\n")


def test_a_reply_in_the_customers_thread(make_draft) -> None:
    draft = make_draft(**THREAD)
    raw = eml_text(draft, from_=sender(Config(values=SETTINGS)), date=WHEN)
    assert raw.isascii()  # UTF-8 travels as quoted-printable and encoded words
    assert "\r\n" in raw and "\n" not in raw.replace("\r\n", "")
    assert all(len(line) <= 78 for line in raw.split("\r\n"))
    message = parsed(raw)
    assert message["X-Unsent"] == "1"
    assert message["To"].addresses[0].addr_spec == "marie.dupont@exemple.fr"
    assert message["To"].addresses[0].display_name == "Marie Dupont"
    assert message["From"].addresses[0].addr_spec == "bonjour@atelier-exemple.fr"
    assert message["Subject"] == "Re: Commande 48213 – toujours pas reçue"
    assert message["In-Reply-To"] == "<CAK8pX2bb222@mail.gmail.com>"
    assert message["References"].split() == [
        "<aa111@atelier-exemple.fr>",
        "<CAK8pX2bb222@mail.gmail.com>",
    ]
    assert message["Date"].datetime == WHEN
    assert message["Content-Transfer-Encoding"] == "quoted-printable"
    assert plain(message) == draft.text  # accents, « », non-breaking spaces intact


def test_a_new_message_has_the_playbooks_subject_and_no_thread(make_draft) -> None:
    draft = make_draft()
    message = parsed(eml_text(draft))
    assert message["Subject"] == draft.subject  # « Votre commande 48213 : … »
    for name in ("To", "From", "In-Reply-To", "References", "Date"):
        assert message[name] is None, name


def test_re_is_not_added_twice(make_draft) -> None:
    draft = make_draft(**{**THREAD, "thread_subject": "RE: Votre facture"})
    assert reply_subject(draft) == "RE: Votre facture"


def test_no_from_when_the_contact_is_a_phone_number() -> None:
    assert sender(Config(values={**SETTINGS, "contact": "01 23 45 67 89"})) is None
    assert sender(Config(values={"contact": "sav@boutique.fr"})).display_name == ""


def test_the_html_part_has_paragraphs_and_escapes_the_text(make_draft) -> None:
    # Two alternatives: the customer chooses between them, a list in the message.
    draft = make_draft(**THREAD, solutions=["suivi-quotidien", "renvoi-express"])
    message = build_message(draft, with_html=True)
    assert message.get_content_type() == "multipart/alternative"
    markup = message.get_body(("html",)).get_content()
    assert markup.count("<p>") >= 5 and "<ul><li>" in markup
    assert html_body("<script>x</script> & « ok »").count("&lt;script&gt;") == 1
    assert plain(message) == draft.text


def test_a_customer_name_with_a_line_break_cannot_add_a_header(make_draft) -> None:
    draft = make_draft(**{**THREAD, "customer_name": "Eve\r\nBcc: tous@exemple.fr"})
    message = parsed(eml_text(draft))
    assert message["Bcc"] is None
    assert message["To"].addresses[0].addr_spec == "marie.dupont@exemple.fr"


def test_mailto_link_rfc_6068(make_draft) -> None:
    draft = make_draft(**THREAD)
    link = mailto_link(draft)
    parts = urlsplit(link)
    assert parts.scheme == "mailto" and unquote(parts.path) == "marie.dupont@exemple.fr"
    assert " " not in link and "\n" not in link
    query = parse_qs(parts.query)
    assert query["subject"] == ["Re: Commande 48213 – toujours pas reçue"]
    assert "%0D%0A%0D%0A" in link  # paragraphs: CRLF line breaks
    assert query["body"][0] == draft.text.replace("\n", "\r\n")
    assert query["In-Reply-To"] == ["<CAK8pX2bb222@mail.gmail.com>"]


def test_mailto_without_an_address(make_draft) -> None:
    assert mailto_link(make_draft()).startswith(
        "mailto:?subject=Le%20point%20sur%20la%20livraison%20de%20votre%20commande%2048213"
    )


def test_text_formats_keep_subject_and_body_apart(make_draft) -> None:
    draft = make_draft()
    assert format_draft(draft, "text") == f"Objet\u00a0: {draft.subject}\n\n{draft.text}"
    assert format_draft(draft, "text", body_only=True) == draft.text
    assert format_draft(draft, "markdown", body_only=True) == draft.text
    assert format_for(None) == "text"
    assert [format_for(Path(n)) for n in ("r.EML", "r.json", "r.md")] == [
        "eml",
        "json",
        "markdown",
    ]
