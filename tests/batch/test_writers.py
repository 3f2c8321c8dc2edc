"""Results on disk: whole lines, private files, a run that resumes where it stopped."""

from __future__ import annotations

import email
import email.policy
import json
import stat
from pathlib import Path

import pytest

from reponse_cli.batch.pipeline import Drafter, run_batch
from reponse_cli.batch.readers import open_source
from reponse_cli.batch.summary import Tally
from reponse_cli.batch.writers import (
    EmlFolderWriter,
    JsonLinesWriter,
    file_name,
    read_previous,
)
from reponse_cli.config import Config
from reponse_cli.drafting.worker import Worker

FIXTURES = Path(__file__).parent / "fixtures"


def ids(path: Path) -> list[str]:
    return [json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines()]


def test_an_interrupted_run_resumes_after_the_last_whole_record(env, tmp_path: Path) -> None:
    out = tmp_path / "lot.jsonl"
    source = FIXTURES / "zendesk.jsonl"
    writer = JsonLinesWriter(out)

    def write_then_stop(ticket, record) -> None:
        writer(ticket, record)
        raise KeyboardInterrupt  # Ctrl-C right after the first record

    with pytest.raises(KeyboardInterrupt):
        run_batch(open_source(source), Drafter(Worker(env)), write_then_stop, Tally())
    writer.close()
    assert ids(out) == ["35436"]
    with out.open("ab") as handle:  # and a line the killed process left half-written
        handle.write(b'{"id":"35437","playbook":"produit-def')

    previous = read_previous(out)
    assert previous.done == {"35436"} and previous.tally.written == 1
    writer = JsonLinesWriter(out, keep=previous.size)
    tally = run_batch(
        open_source(source), Drafter(Worker(env)), writer, previous.tally, previous.done
    )
    writer.close()
    assert ids(out) == ["35436", "35437", "ligne-5"]  # each once, the torn line gone
    assert (tally.resumed, tally.written) == (1, 3)
    assert tally.skipped == {"résolu": 1, "déjà répondu": 1}
    assert stat.S_IMODE(out.stat().st_mode) == 0o600  # customer text


def test_a_folder_of_eml_drafts_threaded_under_the_customer_mail(env, tmp_path: Path) -> None:
    folder = tmp_path / "brouillons"
    config = Config(values={"entreprise": "Atelier Exemple", "contact": "sav@atelier.fr"})
    writer = EmlFolderWriter(folder, config, env.now)
    run_batch(open_source(FIXTURES / "eml"), Drafter(Worker(env)), writer, Tally())
    writer.close()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert ids(folder / "lot.jsonl") == ["0001-colis", "0002-html", "0003-menace"]
    draft = folder / "0001-colis.eml"
    assert stat.S_IMODE(draft.stat().st_mode) == 0o600
    message = email.message_from_bytes(draft.read_bytes(), policy=email.policy.default)
    assert message["To"] == "Marie Dupont <marie.dupont@example.fr>"
    assert message["From"].addresses[0].addr_spec == "sav@atelier.fr"
    assert message["In-Reply-To"] == "<CAF1234.5678@mail.example.fr>"
    assert message["References"].split() == [
        "<expedition-48213@atelier.fr>",
        "<CAF1234.5678@mail.example.fr>",
    ]
    assert message["X-Unsent"] == "1"
    assert message["Subject"] == "Re: Votre commande 48213 est expédiée"  # in their thread
    assert "le 18 novembre 2026" in message.get_content()
    # The alarm clock needs facts only the agent has: no draft, the reason in the index;
    # a threat gets its draft, set apart for a person to read first.
    _, alarm, threat = [json.loads(line) for line in (folder / "lot.jsonl").open()]
    assert alarm["needs_human"] and alarm["text"] is None
    assert not list(folder.glob("**/0002-html*.eml"))
    assert threat["reason"] == "escalade"
    assert (folder / "a-revoir" / "0003-menace.eml").exists()
    assert not (folder / "0003-menace.eml").exists()


def test_ids_become_distinct_safe_file_names() -> None:
    assert file_name("35436") == "35436"
    assert file_name("CAF1234.5678@mail.example.fr") != file_name("CAF1234.5678/mail.example.fr")
    assert "/" not in file_name("../../etc/passwd") and not file_name("..").startswith(".")
