"""Each ticket drafted as `draft --no-input --message` would, or set apart with its reason."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pytest

from helpers import MINIMAL
from reponse_cli.batch.pipeline import (
    Drafter,
    PoolDrafter,
    WorkerLost,
    WorkerSpec,
    draft_ticket,
    run_batch,
)
from reponse_cli.batch.readers import open_source
from reponse_cli.batch.summary import Tally
from reponse_cli.batch.tickets import Ticket
from reponse_cli.drafting.worker import Worker
from reponse_cli.playbooks.library import Library

FIXTURES = Path(__file__).parent / "fixtures"
KEYWORDS = "keywords: [grille-pain, tartines brûlées, tartine brûlée]\n"
TOAST = "Bonjour, mon grille-pain ne fait que des tartines brûlées, commande 48213."
MEDIATOR = """\
closing: >-
  Si ma réponse ne vous convient pas, le médiateur {{ mediateur_nom }} peut être saisi.
"""
DATED = """\
questions:
  - {id: date_panne, prompt: Date de la panne, type: date}
"""


@pytest.fixture
def toaster(write_playbook) -> Path:
    """A playbook of the test's own that a message about burnt toast clearly calls for."""
    return write_playbook(
        "grille-pain",
        MINIMAL.replace("description: Un playbook d'essai.\n", "description: x\n" + KEYWORDS),
    ).parent


def worker_for(env, folder: Path | None = None) -> Worker:
    return Worker(env, Library(env, [folder] if folder else None))


def test_a_clear_ticket_is_drafted_with_its_facts(env) -> None:
    ticket = next(iter(open_source(FIXTURES / "freshdesk.csv")))
    record = draft_ticket(worker_for(env), ticket)
    assert (record.id, record.playbook, record.needs_human, record.reason) == (
        "1001",
        "retard-livraison",
        False,
        None,
    )
    assert record.confidence == 1.0
    assert record.facts["orders"] == ["48213"]
    assert record.subject == "Votre commande 48213\u00a0: le point sur votre livraison"
    assert "le 18 novembre 2026" in record.text
    assert record.check["ok"] is True
    assert record.email == "marie.dupont@example.fr" and record.client == "Marie Dupont"
    assert record.solutions and record.follow_up[0]["due"]


def test_an_unsure_match_is_never_drafted(env) -> None:
    record = draft_ticket(
        worker_for(env), Ticket("1", "Bonjour, j'ai un souci, pouvez-vous m'aider ?")
    )
    assert (record.needs_human, record.reason, record.playbook, record.text) == (
        True,
        "incertain",
        None,
        None,
    )
    assert "aucun playbook" in record.detail


def test_an_escalation_keeps_the_draft_but_sets_it_apart(env, toaster: Path) -> None:
    message = TOAST + " Sans réponse, j'appelle mon avocat."
    record = draft_ticket(worker_for(env, toaster), Ticket("1", message))
    assert record.text is not None and record.playbook == "grille-pain"
    assert (record.needs_human, record.reason) == (True, "escalade")
    assert "menace juridique" in record.detail
    assert record.escalation[0]["category"] == "legal"


def test_a_missing_required_value_is_named(env, write_playbook) -> None:
    text = MINIMAL.replace("description: Un playbook d'essai.\n", "description: x\n" + KEYWORDS)
    folder = write_playbook("grille-pain", text + DATED).parent
    record = draft_ticket(worker_for(env, folder), Ticket("1", TOAST))
    assert (record.reason, record.missing, record.text) == (
        "valeur-manquante",
        ["date_panne"],
        None,
    )
    assert "date_panne (Date de la panne)" in record.detail


def test_a_missing_setting_is_its_own_reason(env, write_playbook) -> None:
    text = MINIMAL.replace("description: Un playbook d'essai.\n", "description: x\n" + KEYWORDS)
    folder = write_playbook("grille-pain", text + MEDIATOR).parent
    record = draft_ticket(worker_for(env, folder), Ticket("1", TOAST))
    assert (record.reason, record.missing) == ("reglage-manquant", ["mediateur_nom"])
    assert "reponse init --set mediateur_nom" in record.detail


def test_a_checker_error_sets_the_draft_apart(make_env, toaster: Path, tmp_path: Path) -> None:
    rules = tmp_path / "regles"
    rules.mkdir()
    (rules / "maison.yaml").write_text(
        "rules:\n  - {id: article-neuf, category: policy, severity: error,"
        " patterns: [article neuf], suggestion: Un produit neuf., why: Règle de la maison.}\n",
        encoding="utf-8",
    )
    record = draft_ticket(
        worker_for(make_env(REPONSE_RULES=str(rules)), toaster), Ticket("1", TOAST)
    )
    assert record.text is not None
    assert (record.needs_human, record.reason) == (True, "controle")
    assert "article-neuf" in record.detail


def test_a_malformed_mapped_value_and_an_unreadable_ticket(env, toaster: Path) -> None:
    worker = worker_for(env, toaster)
    bad = draft_ticket(worker, Ticket("1", TOAST, answers={"montant": "beaucoup"}))
    assert (bad.reason, bad.text) == ("erreur", None)
    assert "montant" in bad.detail
    torn = draft_ticket(worker, Ticket("2", problem="JSON invalide à la colonne 3"))
    assert (torn.reason, torn.detail) == ("illisible", "JSON invalide à la colonne 3")


def test_reasons_come_most_important_first(env, write_playbook) -> None:
    text = MINIMAL.replace("description: Un playbook d'essai.\n", "description: x\n" + KEYWORDS)
    folder = write_playbook("grille-pain", text + DATED).parent
    record = draft_ticket(worker_for(env, folder), Ticket("1", TOAST + " Je préviens mon avocat."))
    assert [r.code for r in record.reasons] == ["escalade", "valeur-manquante"]
    assert record.reason == "escalade"


def test_the_batch_and_a_single_draft_give_the_same_text(env, invoke, tmp_path: Path) -> None:
    ticket = next(iter(open_source(FIXTURES / "zendesk.jsonl")))
    record = draft_ticket(worker_for(env), ticket)
    message = tmp_path / "message.txt"
    message.write_text(ticket.message, encoding="utf-8")
    single = invoke("draft", "--no-input", "--message", str(message), "--format", "json")
    assert single.exit_code == 0, single.stderr
    draft = json.loads(single.stdout)
    assert (draft["playbook"], draft["subject"], draft["text"]) == (
        record.playbook,
        record.subject,
        record.text,
    )


def test_several_processes_give_the_same_records_in_order(env) -> None:
    source = list(open_source(FIXTURES / "freshdesk.csv")) + list(open_source(FIXTURES / "eml"))
    alone: list = []
    run_batch(source, Drafter(worker_for(env)), lambda t, r: alone.append(r), Tally())
    together: list = []
    tally = run_batch(
        source, PoolDrafter(WorkerSpec.of(env, None), 2), lambda t, r: together.append(r), Tally()
    )
    assert together == alone
    assert [r.id for r in together] == ["1001", "1002", "0001-colis", "0002-html", "0003-menace"]
    assert tally.skipped == {"résolu": 1}


def test_a_ticket_seen_twice_is_drafted_once(env) -> None:
    ticket = Ticket("7", TOAST)
    written: list = []
    drafter = Drafter(worker_for(env))
    tally = run_batch([ticket, ticket], drafter, lambda t, r: written.append(r.id), Tally())
    assert written == ["7"] and tally.skipped == {"doublon": 1}


def test_the_record_hook_sees_each_record_once_written(env, toaster: Path) -> None:
    """Where `--enregistrer` plugs in: after the result is on disk, in this process."""
    events: list[str] = []
    run_batch(
        [Ticket("1", TOAST), Ticket("2", "Bonjour, j'ai un souci.")],
        Drafter(worker_for(env, toaster)),
        lambda t, r: events.append(f"écrit {r.id}"),
        Tally(),
        on_record=lambda t, r: events.append(f"enregistré {r.id} {r.needs_human}"),
    )
    assert events == ["écrit 1", "enregistré 1 False", "écrit 2", "enregistré 2 True"]


def test_a_process_that_dies_is_reported_in_french(env) -> None:
    tickets = [Ticket(str(n), TOAST) for n in range(200)]
    drafter = PoolDrafter(WorkerSpec.of(env, None), 1)
    stream = drafter.map(tickets)
    next(stream)  # the process is up and drafting
    for pid in list(drafter.pool._processes):
        os.kill(pid, signal.SIGKILL)
    with pytest.raises(WorkerLost) as caught:
        list(stream)
    drafter.close()
    assert "--reprendre" in (caught.value.hint or "")
