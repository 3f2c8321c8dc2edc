"""Reading long texts: `listen` and `check` stay linear, and 1 MB takes under a second.

Targets (issues 9, 11, 12): the time per kilobyte does not grow with the size (the
ratio of the 1 MB rate to the 10 KB rate stays under 1.5); `reponse listen` and
`reponse check` on 1 MB of French in a fresh process under 1 s (beyond 200,000
characters reponse reads the beginning and says so); `reponse listen` on a 2 KB message
under 1 s with warm caches. Run: `python bench/language.py`. Not a test: it prints
numbers and says when a target is missed (exit 1).
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from reponse_cli.checker.check import check_text
from reponse_cli.checker.rules import load_rules
from reponse_cli.env import Environment
from reponse_cli.listening.engine import Listener
from reponse_cli.playbooks.library import Library

SAMPLE = (
    "Bonjour, j'ai commandé le 3 novembre (commande n° 48213) un jeu de société pour "
    "l'anniversaire de mon fils, payé 49,90 €. La livraison était prévue le 12/11 et je "
    "n'ai toujours rien reçu. Si rien ne bouge, je porterai plainte. C'est de votre faute, "
    "calmez-vous !! Le colis est arrivé écrasé, la boîte enfoncée, le jouet cassé.\n"
)
LINEAR_TARGET = 1.5
SECONDS_TARGET = 1.0


def text_of(size: int) -> str:
    return (SAMPLE * (size // len(SAMPLE) + 1))[:size]


def rate(function: object, text: str, runs: int = 3) -> float:
    """Seconds per kilobyte, best of `runs`."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        function(text)  # type: ignore[operator]
        best = min(best, time.perf_counter() - start)
    return best / (len(text) / 1000)


def seconds(command: list[str], env: dict[str, str], stdin: str | None = None) -> float:
    subprocess.run(command, input=stdin, capture_output=True, text=True, env=env, check=False)
    start = time.perf_counter()
    subprocess.run(command, input=stdin, capture_output=True, text=True, env=env, check=False)
    return time.perf_counter() - start


def main() -> int:
    env = Environment(variables={"REPONSE_NO_CACHE": "1"})
    library = Library(env)
    loaded = library.load_all()
    listener = Listener(
        {pid: spec for pid, (_, spec) in loaded.items()}, None, [r.path for r, _ in loaded.values()]
    )
    rules = load_rules(env)
    day = dt.date(2026, 11, 25)
    missed = False
    for name, function in (
        ("listen", lambda text: listener.read(text, day)),
        ("check", lambda text: check_text(text, rules)),
    ):
        small = rate(function, text_of(10_000))
        large = rate(function, text_of(200_000), runs=1)
        ratio = large / small
        print(
            f"{name:7} {small * 1000:6.2f} ms/Ko à 10 Ko, {large * 1000:6.2f} ms/Ko à 200 Ko"
            f"   ×{ratio:.2f} (cible ≤ ×{LINEAR_TARGET})"
        )
        missed |= ratio > LINEAR_TARGET

    script = Path(sys.executable).parent / "reponse"
    reponse = [str(script)] if script.exists() else [sys.executable, "-m", "reponse_cli"]
    home = Path(tempfile.mkdtemp(prefix="reponse-bench-"))
    variables = {
        **os.environ,
        "REPONSE_CONFIG": str(home / "config.yaml"),
        "REPONSE_DATA_DIR": str(home / "data"),
        "REPONSE_TODAY": "2026-11-25",
    }
    big = home / "long.txt"
    big.write_text(text_of(1_000_000), encoding="utf-8")
    for label, command, stdin in (
        ("reponse listen, 2 Ko", [*reponse, "listen", "-"], text_of(2_000)),
        ("reponse listen, 1 Mo", [*reponse, "listen", str(big)], None),
        ("reponse check, 1 Mo", [*reponse, "check", str(big)], None),
    ):
        took = seconds(command, variables, stdin)
        print(f"{label:22} {took:6.2f} s   (cible < {SECONDS_TARGET:.0f} s)")
        missed |= took >= SECONDS_TARGET
    if missed:
        print("Cible manquée.")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
