"""The README stays true: its commands exist, its sample draft is what the tool prints."""

import re
import subprocess
from pathlib import Path

from helpers import command_paths
from reponse_cli.env import Environment
from reponse_cli.playbooks.library import Library
from reponse_cli.playbooks.validate import example_worker, render_example

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_is_documented() -> None:
    paths = command_paths()  # built as `reponse` builds them: the one invoked
    assert len(paths) >= 25
    for path in paths:
        name = " ".join(path)
        assert f"reponse {name}" in README, f"reponse {name}"


def test_sample_draft_is_the_real_output() -> None:
    block = re.search(r"```text\n(Objet : .*?)\n```", README, re.DOTALL)
    assert block, "README: brouillon d'exemple introuvable"
    import datetime as dt

    env = Environment(variables={"REPONSE_NO_CACHE": "1"}, fixed_today=dt.date(2026, 11, 22))
    worker = example_worker(env, Library(env))
    ref = worker.library.find("retard-livraison")
    draft = render_example(worker, ref, worker.library.load(ref), 0)
    printed = f"Objet : {draft.subject}\n\n{draft.text}"
    normalise = str.maketrans({"\u00a0": " ", "\u202f": " "})
    assert block.group(1) == printed.translate(normalise)


def test_ci_runs_the_readme_test_command() -> None:
    extracted = subprocess.run(
        [
            "bash",
            "-c",
            "awk '/<!-- set-up:test -->/ { m = 1; next } m && /^```/ && !i "
            "{ i = 1; next } i && /^```/ { exit } i { print }' README.md",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert extracted.endswith("pytest")
    assert "pip install '.[test]'" in extracted
    assert "README.md" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
