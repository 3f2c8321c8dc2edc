"""Each ticket drafted as `draft --no-input --message` would, or set apart with its reason."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pytest

from reponse_cli.batch.pipeline import Drafter, draft_ticket, pool_drafter, run_batch
from reponse_cli.batch.readers import open_source
from reponse_cli.batch.summary import Tally
from reponse_cli.batch.tickets import Ticket
from reponse_cli.drafting.pool import WorkerLost, WorkerSpec
from reponse_cli.drafting.worker import Worker
from reponse_cli.playbooks.library import Library

FIXTURES = Path(__file__).parent / "fixtures"
TOAST = "Bonjour, mon grille-pain ne fait que des tartines brûlées, commande 48213."
KETTLE = "Bonjour, ma bouilloire ne donne que de l'eau tiède, commande 48213."
COFFEE = "Bonjour, ma cafetière ne fait que du café froid, commande 48213."


def worker_for(env, folder: Path | None = None) -> Worker:
    return Worker(env, Library(env, [folder] if folder else None))


def test_a_clear_ticket_is_drafted_with_its_facts(env) -> None:
    ticket = next(iter(open_source(FIXTURES / "freshdesk.csv")))
    record = draft_ticket(worker_for(env), ticket).record
    assert (record.id, record.playbook, record.needs_human, record.reason) == (
        "1001",
        "retard-livraison",
        False,
        None,
    )
    assert record.confidence > 0.5
    assert record.facts["orders"] == ["48213"]
    assert record.subject == "Le point sur la livraison de votre commande 48213"
    assert "le 18 novembre 2026" in record.text
    assert record.check["ok"] is True
    assert record.email == "marie.dupont@example.fr" and record.client == "Marie Dupont"
    assert record.solutions and record.follow_up[0]["due"]


def test_an_unsure_match_is_never_drafted(env) -> None:
    ticket = Ticket("1", "Bonjour, j'ai un souci, pouvez-vous m'aider ?")
    record = draft_ticket(worker_for(env), ticket).record
    assert (record.needs_human, record.reason, record.playbook, record.text) == (
        True,
        "incertain",
        None,
        None,
    )
    assert "aucun playbook" in record.detail


def test_an_escalation_keeps_the_draft_but_sets_it_apart(env, kitchen: Path) -> None:
    message = TOAST + " Sans réponse, j'appelle mon avocat."
    record = draft_ticket(worker_for(env, kitchen), Ticket("1", message)).record
    assert record.text is not None and record.playbook == "grille-pain"
    assert (record.needs_human, record.reason) == (True, "escalade")
    assert "menace juridique" in record.detail
    assert record.escalation[0]["category"] == "legal"


def test_a_missing_required_value_is_named(env, kitchen: Path) -> None:
    record = draft_ticket(worker_for(env, kitchen), Ticket("1", COFFEE)).record
    assert (record.reason, record.missing, record.text) == (
        "valeur-manquante",
        ["date_panne"],
        None,
    )
    assert "date_panne (Date de la panne)" in record.detail


def test_a_missing_setting_is_its_own_reason(env, kitchen: Path) -> None:
    record = draft_ticket(worker_for(env, kitchen), Ticket("1", KETTLE)).record
    assert (record.reason, record.missing) == ("reglage-manquant", ["mediateur_nom"])
    assert "reponse init --set mediateur_nom" in record.detail


def test_a_checker_error_sets_the_draft_apart(make_env, kitchen: Path, tmp_path: Path) -> None:
    rules = tmp_path / "regles"
    rules.mkdir()
    (rules / "maison.yaml").write_text(
        "rules:\n  - {id: article-neuf, category: policy, severity: error,"
        " patterns: [article neuf], suggestion: Un produit neuf., why: Règle de la maison.}\n",
        encoding="utf-8",
    )
    worker = worker_for(make_env(REPONSE_RULES=str(rules)), kitchen)
    record = draft_ticket(worker, Ticket("1", TOAST)).record
    assert record.text is not None
    assert (record.needs_human, record.reason) == (True, "controle")
    assert "article-neuf" in record.detail


def test_a_malformed_mapped_value_and_an_unreadable_ticket(env, kitchen: Path) -> None:
    worker = worker_for(env, kitchen)
    bad = draft_ticket(worker, Ticket("1", TOAST, answers={"montant": "beaucoup"})).record
    assert (bad.reason, bad.text) == ("erreur", None)
    assert "montant" in bad.detail
    torn = draft_ticket(worker, Ticket("2", problem="JSON invalide à la colonne 3")).record
    assert (torn.reason, torn.detail) == ("illisible", "JSON invalide à la colonne 3")


def test_reasons_come_most_important_first(env, kitchen: Path) -> None:
    ticket = Ticket("1", COFFEE + " Je préviens mon avocat.")
    record = draft_ticket(worker_for(env, kitchen), ticket).record
    assert [r.code for r in record.reasons] == ["escalade", "valeur-manquante"]
    assert record.reason == "escalade"


def test_the_batch_and_a_single_draft_give_the_same_text(env, invoke, tmp_path: Path) -> None:
    ticket = next(iter(open_source(FIXTURES / "zendesk.jsonl")))
    record = draft_ticket(worker_for(env), ticket).record
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
    run_batch(source, Drafter(worker_for(env)), lambda t, o: alone.append(o.record), Tally())
    together: list = []
    tally = run_batch(
        source,
        pool_drafter(WorkerSpec.of(env, None), 2),
        lambda t, o: together.append(o.record),
        Tally(),
    )

    def seen(records: list) -> list:
        # What a person reads; the order of matched keywords is not part of it.
        keys = ("id", "playbook", "reason", "detail", "subject", "text", "check", "answers")
        return [[getattr(r, key) for key in keys] for r in records]

    assert seen(together) == seen(alone)
    assert [r.id for r in together] == ["1001", "1002", "0001-colis", "0002-html", "0003-menace"]
    assert tally.skipped == {"résolu": 1}


def test_a_ticket_seen_twice_is_drafted_once(env) -> None:
    ticket = Ticket("7", TOAST)
    written: list = []
    drafter = Drafter(worker_for(env))
    tally = run_batch([ticket, ticket], drafter, lambda t, o: written.append(o.record.id), Tally())
    assert written == ["7"] and tally.skipped == {"doublon": 1}


def test_the_record_hook_sees_each_record_once_written(env, kitchen: Path) -> None:
    """Where `--enregistrer` plugs in: after the result is on disk, in this process."""
    events: list[str] = []
    run_batch(
        [Ticket("1", TOAST), Ticket("2", "Bonjour, j'ai un souci.")],
        Drafter(worker_for(env, kitchen)),
        lambda t, o: events.append(f"écrit {o.record.id}"),
        Tally(),
        on_record=lambda t, o: events.append(f"enregistré {o.record.id} {o.draft is not None}"),
    )
    assert events == ["écrit 1", "enregistré 1 True", "écrit 2", "enregistré 2 False"]


def test_a_process_that_dies_is_reported_in_french(env) -> None:
    tickets = [Ticket(str(n), TOAST) for n in range(200)]
    drafter = pool_drafter(WorkerSpec.of(env, None), 1)
    stream = drafter.map(tickets)
    next(stream)  # the process is up and drafting
    for pid in list(drafter.pool._processes):
        os.kill(pid, signal.SIGKILL)
    with pytest.raises(WorkerLost) as caught:
        list(stream)
    drafter.close()
    assert "--reprendre" in (caught.value.hint or "")
