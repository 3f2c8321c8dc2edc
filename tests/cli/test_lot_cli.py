"""`reponse lot` from the command line: results, summary, refusals in French."""

from __future__ import annotations

import email
import email.policy
import json
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parents[1] / "batch" / "fixtures"


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture
def env_vars(env_vars: dict[str, str], shared_cache: Path) -> dict[str, str]:
    """One cache for these tests: the listening index is built once, not once a test."""
    return {**env_vars, "REPONSE_CACHE_DIR": str(shared_cache)}


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_a_freshdesk_export_to_json_lines_with_its_summary(invoke, tmp_path: Path) -> None:
    out = tmp_path / "lot.jsonl"
    result = invoke("lot", str(FIXTURES / "freshdesk.csv"), "--sortie", str(out))
    assert result.exit_code == 0, result.stderr
    found = records(out)
    assert [r["id"] for r in found] == ["1001", "1002"]
    for key in ("id", "playbook", "confidence", "facts", "escalation", "subject", "text"):
        assert key in found[0]
    assert {"check", "needs_human", "reason"} <= set(found[0])
    summary = result.stderr
    assert "export Freshdesk (CSV)" in summary
    assert "Brouillons prêts à relire et envoyer" in summary and "À revoir" in summary
    assert "dont valeur manquante" in summary and "retard-livraison" in summary
    assert "Ignorés, déjà résolus" in summary
    assert "━" not in summary and "reste" not in summary  # no progress bar off a terminal


def test_results_go_to_a_pipe_without_sortie(invoke) -> None:
    result = invoke("lot", str(FIXTURES / "eml"))
    assert result.exit_code == 0, result.stderr
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == [
        "0001-colis",
        "0002-html",
        "0003-menace",
    ]


def test_a_folder_of_eml_drafts(invoke, tmp_path: Path, configured: Path) -> None:
    folder = tmp_path / "brouillons"
    result = invoke("lot", str(FIXTURES / "boite.mbox"), "--sortie", str(folder), "--jobs", "2")
    assert result.exit_code == 0, result.stderr
    draft = next(folder.glob("CAF1234*.eml"))
    message = email.message_from_bytes(draft.read_bytes(), policy=email.policy.default)
    assert message["From"] == '"Camille Martin (Atelier Exemple)" <bonjour@atelier-exemple.fr>'
    assert "Camille Martin" in message.get_content()  # the shop's settings sign it
    assert "dont ticket illisible" in result.stderr  # the empty message


def test_a_column_mapping_for_any_csv(invoke, tmp_path: Path) -> None:
    out = tmp_path / "lot.jsonl"
    result = invoke(
        "lot",
        str(FIXTURES / "generique.csv"),
        "--colonne",
        "message=Message client",
        "--colonne",
        "id=N° ticket",
        "--colonne",
        "commande=Commande",
        "--sortie",
        str(out),
    )
    assert result.exit_code == 0, result.stderr
    first, empty = records(out)
    assert first["id"] == "A-1" and first["answers"]["commande"] == "48213"
    assert (empty["reason"], empty["detail"]) == ("illisible", "message vide")


def test_an_existing_result_file_is_never_overwritten(invoke, tmp_path: Path) -> None:
    out = tmp_path / "lot.jsonl"
    out.write_text('{"id": "1001"}\n', encoding="utf-8")
    result = invoke("lot", str(FIXTURES / "freshdesk.csv"), "--sortie", str(out))
    assert result.exit_code == 2
    assert "existe déjà" in result.stderr and "--reprendre" in result.stderr
    assert out.read_text(encoding="utf-8") == '{"id": "1001"}\n'
    resumed = invoke("lot", str(FIXTURES / "freshdesk.csv"), "--sortie", str(out), "--reprendre")
    assert resumed.exit_code == 0, resumed.stderr
    assert [r["id"] for r in records(out)] == ["1001", "1002"]
    assert "faits au passage précédent" in resumed.stderr


def test_usage_errors_are_french_and_exit_2(invoke, tmp_path: Path) -> None:
    export = str(FIXTURES / "freshdesk.csv")
    cases = [
        (["lot", export, "--reprendre"], "--reprendre a besoin"),
        (["lot", export, "--jobs", "0", "--sortie", str(tmp_path / "a.jsonl")], "--jobs"),
        (["lot", str(tmp_path / "absent.csv")], "Introuvable"),
        (["lot", export, "--colonne", "sujet=Subject"], "Champ inconnu"),
    ]
    for args, words in cases:
        result = invoke(*args)
        assert result.exit_code == 2, args
        assert result.stderr.startswith("Erreur : ") and words in result.stderr, result.stderr


def test_a_broken_config_stops_before_the_first_ticket(invoke, isolated: Path, tmp_path) -> None:
    (isolated / "config.yaml").write_text("agent: [\n", encoding="utf-8")
    out = tmp_path / "lot.jsonl"
    result = invoke("lot", str(FIXTURES / "freshdesk.csv"), "--sortie", str(out))
    assert result.exit_code == 2
    assert "Configuration illisible" in result.stderr
    assert not out.exists()  # nothing half-done to resume
