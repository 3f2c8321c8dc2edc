"""Every export shape read into tickets: the customer's words, who they are, the thread."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

from reponse_cli.batch.readers import open_source
from reponse_cli.batch.tickets import parse_columns
from reponse_cli.errors import ReponseError

FIXTURES = Path(__file__).parent / "fixtures"


def tickets(name: str, columns: dict[str, str] | None = None) -> dict:
    return {t.id: t for t in open_source(FIXTURES / name, columns)}


def test_zendesk_export_reads_what_the_customer_wrote_since_the_last_answer() -> None:
    found = tickets("zendesk.jsonl")
    first = found["35436"]
    assert first.message.startswith("Bonjour, la livraison de ma commande 48213 prévue")
    assert (first.email, first.name, first.subject) == (
        "marie.dupont@example.fr",
        "Marie Dupont",
        "Colis pas reçu",
    )
    # The agent asked for the order number; the customer's answer (HTML only) is the
    # message, the private note and the first message are not.
    follow_up = found["35437"].read()
    assert follow_up.text == "C'est la commande 4444, reçue le 12/11.\n\nToujours muet."
    assert follow_up.address == "paul.martin@example.fr"
    assert found["35438"].skip == "résolu"
    assert found["35439"].skip == "déjà répondu"  # the agent has the last word
    assert "JSON invalide" in found["ligne-5"].problem  # a torn last line, told not fatal


def test_freshdesk_csv_with_its_contact_columns_and_multiline_descriptions() -> None:
    found = tickets("freshdesk.csv")
    assert list(found) == ["1001", "1002", "1003"]
    assert found["1001"].email == "marie.dupont@example.fr"
    assert found["1001"].name == "Marie Dupont"
    assert found["1002"].message == (
        "Bonjour,\nmon réveil ne sonne pas depuis la réception, commande 4444.\n\nMerci"
    )
    assert found["1003"].source == "freshdesk.csv:7"  # line numbers count the long row
    assert found["1003"].skip == "résolu"


def test_any_csv_with_a_column_mapping() -> None:
    columns = parse_columns(
        [
            "id=N° ticket",
            "message=Message client",
            "commande=Commande",
            "email=Adresse",
        ]
    )
    found = tickets("generique.csv", columns)  # semicolons, as French spreadsheets write
    assert found["A-1"].message.startswith("Bonjour, la livraison prévue le 18/11")
    assert found["A-1"].answers == {"commande": "48213"}
    assert found["A-1"].email == "marie@example.fr"
    assert found["A-2"].problem == "message vide"


def test_any_json_lines_with_dotted_paths() -> None:
    columns = {"id": "ticket.number", "message": "body", "email": "customer.mail"}
    found = tickets("generique.jsonl", columns | {"client": "customer.name"})
    assert found["T-9"].email == "marie@example.fr" and found["T-9"].name == "Marie"
    assert "objet JSON" in found["ligne-2"].problem


def test_a_folder_of_eml_files_read_as_draft_reads_them() -> None:
    found = tickets("eml")
    assert list(found) == ["0001-colis", "0002-html", "0003-menace"]
    mail = found["0001-colis"].read()
    assert mail.text == (
        "Bonjour,\n\nla livraison de ma commande 48213 prévue le 18/11 a du retard : toujours "
        "pas reçu le colis.\n\nMarie"
    )
    assert mail.quoted.startswith("Le jeu. 12 nov. 2026")  # our earlier mail, set aside
    assert (mail.address, mail.name) == ("marie.dupont@example.fr", "Marie Dupont")
    assert mail.message_id == "<CAF1234.5678@mail.example.fr>"
    assert mail.reply_references() == [
        "<expedition-48213@atelier.fr>",
        "<CAF1234.5678@mail.example.fr>",
    ]
    html = found["0002-html"].read()
    assert html.text == "Bonjour,\n\nmon réveil ne sonne pas, commande 4444."
    assert html.subject == "Mon réveil"


def test_an_mbox_one_ticket_per_message_named_by_its_message_id() -> None:
    found = tickets("boite.mbox")
    assert list(found) == [
        "CAF1234.5678@mail.example.fr",
        "html-0002@example.fr",
        "vide@example.fr",
    ]
    assert found["CAF1234.5678@mail.example.fr"].read().text.endswith("le colis.\n\nMarie")
    assert found["vide@example.fr"].read().text == ""


def test_reading_streams_one_ticket_at_a_time(tmp_path: Path) -> None:
    """The first tickets are drafted before the rest of a large export is even read."""
    export = tmp_path / "export.jsonl"
    export.write_text((FIXTURES / "zendesk.jsonl").read_text().splitlines()[0] + "\n")
    source = open_source(export)
    stream = iter(source)
    first = next(stream)
    assert first.id == "35436" and first.position == source.total
    with export.open("a", encoding="utf-8") as handle:  # the export grows meanwhile
        handle.write('{"id": 2, "description": "Où est mon colis 48213 ?", "requester_id": 1}\n')
    assert [t.id for t in stream] == ["2"]


@pytest.mark.parametrize(
    ("content", "columns", "words"),
    [
        (b"a,b\n1,2\n", [], "colonne du message"),
        (b"a,b\n1,2\n", ["message=c"], "Colonne introuvable"),
        (b"\xe9t\xe9,b\n1,2\n", [], "pas encodé en UTF-8"),
        (b'[{"id": 1}]', [], "un ticket par ligne"),
        (b"", [], "vide"),
    ],
)
def test_unreadable_exports_are_named_in_french(
    tmp_path: Path, content: bytes, columns: list[str], words: str
) -> None:
    path = tmp_path / ("export.json" if content.startswith(b"[") else "export.csv")
    path.write_bytes(content)
    with pytest.raises(ReponseError) as caught:
        open_source(path, parse_columns(columns))
    assert words in caught.value.message


def test_column_mapping_is_checked() -> None:
    with pytest.raises(ReponseError, match="CHAMP=COLONNE"):
        parse_columns(["Description"])
    with pytest.raises(ReponseError, match="« message »"):
        parse_columns(["mesage=Description"])


def test_an_absurdly_long_ticket_is_set_aside_not_held(tmp_path: Path) -> None:
    """One 11 MB line (a runaway export) costs neither the memory nor the tickets after."""
    export = tmp_path / "export.jsonl"
    ticket = '{"id": %d, "description": "Où est mon colis 48213 ?", "requester_id": 1}\n'
    with export.open("w", encoding="utf-8") as handle:
        handle.write(ticket % 1)
        handle.write('{"id": 2, "description": "' + "x" * (11 * 1024 * 1024) + '"}\n')
        handle.write(ticket % 3)
    first, runaway, last = open_source(export)
    assert runaway.problem.startswith("ticket de plus de 10")
    assert (first.id, first.problem, last.id, last.problem) == ("1", None, "3", None)


def test_a_long_description_in_a_csv_is_read_whole(tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    thread = "Bonjour, toujours rien reçu.\n" + "> ancien message\n" * 20000  # 340 kB
    with export.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["id", "message"], ["7", thread]])
    (ticket,) = open_source(export)
    assert ticket.problem is None and ticket.read().text == "Bonjour, toujours rien reçu."


def test_only_regular_files_and_nothing_outside_the_folder(tmp_path: Path) -> None:
    fifo = tmp_path / "tube.jsonl"
    os.mkfifo(fifo)
    with pytest.raises(ReponseError, match="pas un fichier ordinaire"):
        open_source(fifo)
    folder = tmp_path / "mails"
    folder.mkdir()
    (folder / "a.eml").write_bytes((FIXTURES / "eml" / "0001-colis.eml").read_bytes())
    secret = tmp_path / "secret.eml"
    secret.write_text("From: x@example.fr\nSubject: secret\n\nnon\n", encoding="utf-8")
    (folder / "b.eml").symlink_to(secret)
    found = {t.id: t for t in open_source(folder)}
    assert found["a"].problem is None
    assert "hors du dossier" in found["b"].problem and found["b"].eml is None
