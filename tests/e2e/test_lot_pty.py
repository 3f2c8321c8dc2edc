"""`reponse lot` in a real terminal: the progress bar, Ctrl-C, and `--reprendre`."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import pexpect
import pytest

EXE = Path(sys.executable).parent / "reponse"
# Enough that Ctrl-C lands mid-run even on a loaded machine (it is sent once a line is out).
TICKETS = 400
MESSAGE = "Bonjour, la livraison de ma commande {n} prévue le 18/11 a du retard."

pytestmark = pytest.mark.skipif(not EXE.exists(), reason="the reponse script is not installed")


def test_ctrl_c_stops_cleanly_and_the_run_resumes(process_env: dict, tmp_path: Path) -> None:
    export = tmp_path / "export.jsonl"
    with export.open("w", encoding="utf-8") as handle:
        for n in range(1, TICKETS + 1):
            ticket = {"id": n, "description": MESSAGE.format(n=48000 + n), "requester_id": 1}
            handle.write(json.dumps(ticket, ensure_ascii=False) + "\n")
    out = tmp_path / "lot.jsonl"
    args = ["lot", str(export), "--sortie", str(out), "--jobs", "2"]
    env = {**process_env, "TERM": "xterm", "COLUMNS": "110"}
    child = pexpect.spawn(str(EXE), args, env=env, encoding="utf-8", timeout=30)
    child.expect(r"\d+/s")  # the bar shows the rate once tickets come back
    deadline = time.monotonic() + 20
    while not out.exists() or not out.read_bytes().count(b"\n"):
        assert time.monotonic() < deadline
        time.sleep(0.05)
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    said = child.before
    assert child.exitstatus == 130, said
    assert "Interrompu" in said and "--reprendre" in said
    assert "Traceback" not in said  # neither the command nor its processes
    first = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert 0 < len(first) < TICKETS

    child = pexpect.spawn(str(EXE), [*args, "--reprendre"], env=env, encoding="utf-8", timeout=60)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    done = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert done == [str(n) for n in range(1, TICKETS + 1)]  # every ticket once, in order
