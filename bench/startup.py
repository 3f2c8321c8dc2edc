"""Startup and render benchmarks: median wall time, beside `python -c "import typer"`.

Targets (issue 2): `reponse --help` within 1.25× of `import typer`; a `draft --no-input`
render under 150 ms on a 2-core machine. Run: `python bench/startup.py [--runs 30]`.
Not a test: timings depend on the machine; this prints numbers and says if a target is
missed (exit 1), for a person to read.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from helpers import DRAFT  # the same sample draft as the tests

HELP_RATIO_TARGET = 1.25
DRAFT_TARGET_MS = 150.0


def reponse_command() -> list[str]:
    script = Path(sys.executable).parent / "reponse"
    return [str(script)] if script.exists() else [sys.executable, "-m", "reponse_cli"]


def median_ms(command: list[str], runs: int, env: dict[str, str]) -> float:
    subprocess.run(command, capture_output=True, env=env, check=False)  # warm the caches
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run(command, capture_output=True, env=env, check=False)
        times.append((time.perf_counter() - start) * 1000)
        if result.returncode != 0:
            sys.exit(f"échec de {' '.join(command)} :\n{result.stderr.decode()}")
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="reponse-bench-"))
    env = {
        **os.environ,
        "REPONSE_CONFIG": str(home / "config.yaml"),
        "REPONSE_DATA_DIR": str(home / "data"),
        "REPONSE_TODAY": "2026-11-22",
    }
    (home / "config.yaml").write_text("agent: Camille Martin\nentreprise: Atelier Exemple\n")
    reponse = reponse_command()
    draft = [*reponse, *DRAFT, "--solution", "renvoi-express", "--solution", "remboursement-port"]
    typer_ms = median_ms([sys.executable, "-c", "import typer"], args.runs, env)
    help_ms = median_ms([*reponse, "--help"], args.runs, env)
    draft_ms = median_ms(draft, args.runs, env)
    help_ratio = help_ms / typer_ms
    draft_ratio = draft_ms / typer_ms
    print(f"python -c 'import typer'   {typer_ms:7.1f} ms")
    print(
        f"reponse --help             {help_ms:7.1f} ms   ×{help_ratio:.2f}"
        f"  (cible ≤ ×{HELP_RATIO_TARGET})"
    )
    print(
        f"reponse draft --no-input   {draft_ms:7.1f} ms   ×{draft_ratio:.2f}"
        f"  (cible < {DRAFT_TARGET_MS:.0f} ms)"
    )
    missed = help_ratio > HELP_RATIO_TARGET or draft_ms >= DRAFT_TARGET_MS
    if missed:
        print("Cible manquée.")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
