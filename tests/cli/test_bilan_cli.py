"""`reponse bilan` through CliRunner: table with bars, JSON keys, CSV, the merchant's rules."""

from __future__ import annotations

import csv
import io
import json
import textwrap

import pytest

from helpers import DRAFT


@pytest.fixture
def year(invoke, configured):
    for n in range(3):
        result = invoke(*DRAFT, "--set", f"nom=Client {n}")
        assert result.exit_code == 0, result.stderr
        invoke("dossiers", "tag", str(n + 1), "transporteur:colissimo")
    invoke("dossiers", "close", "1", "--resultat", "resolu", "--satisfaction", "5")


def test_json_keys(invoke, year) -> None:
    data = json.loads(invoke("bilan", "--format", "json").stdout)
    assert set(data) >= {
        "period",
        "total",
        "by_family",
        "by_playbook",
        "by_tag",
        "resolution_days_median",
        "satisfaction",
        "gestures_total",
        "open",
        "overdue",
        "advice",
    }
    assert data["total"] == 3 and data["by_tag"] == {"transporteur:colissimo": 3}
    assert data["satisfaction"] | {"by_playbook": None} == {
        "average": 5.0,
        "share_4_5": 1.0,
        "answers": 1,
        "previous_average": None,
        "by_playbook": None,
    }
    assert data["period"] == {
        "since": "2025-11-23",
        "until": "2026-11-22",
        "previous_since": "2024-11-23",
        "previous_until": "2025-11-22",
    }


def test_table_has_bars_and_advice(invoke, year) -> None:
    result = invoke("bilan", "--par", "tag")
    assert result.exit_code == 0, result.stderr
    assert "Bilan du 23 novembre 2025 au 22 novembre 2026" in result.stdout
    assert "transporteur:colissimo" in result.stdout and "█" in result.stdout
    assert "Conseils" in result.stdout


def test_csv_for_a_spreadsheet(invoke, year) -> None:
    rows = list(csv.reader(io.StringIO(invoke("bilan", "--format", "csv").stdout)))
    assert rows[0] == ["rubrique", "nom", "valeur", "part"]
    assert ["famille", "contractuel", "3", "1.0"] in rows
    assert ["chiffre", "litiges", "3", ""] in rows


def test_period_options(invoke, year) -> None:
    empty = json.loads(
        invoke(
            "bilan", "--depuis", "2026-01-01", "--jusqu-a", "2026-06-30", "--format", "json"
        ).stdout
    )
    assert empty["total"] == 0
    bad = invoke("bilan", "--depuis", "2026-12-01", "--jusqu-a", "2026-01-01")
    assert bad.exit_code == 2 and "--depuis doit précéder --jusqu-a" in bad.stderr


def test_a_merchants_rule_replaces_and_adds(invoke, year, tmp_path) -> None:
    folder = tmp_path / "conseils"
    folder.mkdir()
    (folder / "miens.yaml").write_text(
        textwrap.dedent(
            """\
            rules:
              - id: suivis-en-retard
                enabled: false
                when: "true"
                text: ""
              - id: colissimo-partout
                when: "total >= 3"
                text: "Parlez à votre commercial {{ 'Colissimo' }} : {{ total }} litiges."
                figures: ["{{ total }} litiges"]
            """
        ),
        encoding="utf-8",
    )
    data = json.loads(invoke("bilan", "--format", "json", "--conseils", str(folder)).stdout)
    rules = [a["rule"] for a in data["advice"]]
    assert "colissimo-partout" in rules and "suivis-en-retard" not in rules
    mine = next(a for a in data["advice"] if a["rule"] == "colissimo-partout")
    assert mine["figures"] == ["3 litiges"]


def test_a_broken_rule_is_named(invoke, year, tmp_path) -> None:
    folder = tmp_path / "conseils"
    folder.mkdir()
    (folder / "casse.yaml").write_text(
        'rules:\n  - {id: casse, when: "total >", text: x}\n', encoding="utf-8"
    )
    result = invoke("bilan", "--conseils", str(folder))
    assert result.exit_code == 2
    assert "casse.yaml" in result.stderr and "« casse »" in result.stderr
    assert "Traceback" not in result.stderr
