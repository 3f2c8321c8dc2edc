"""Startup and render benchmarks: median wall time, as ratios measured in the same run.

Targets: `reponse --help` within 1.1× of `python -c "import typer"`; a warm
`draft --no-input` within 2.0× of it (issue 16; shown with and without recording the
dossier); the same draft on a first run, its cache empty, within 1.5× of a warm one
(issue 16); `reponse check` on a 300-word reply within the draft's own time (issue 12).
Wall time decides (as the issue measures); processor time is shown beside it, steadier
on a shared machine. The commands run interleaved, round by round.
Run: `python bench/startup.py [--runs 30]`.
Not a test: timings depend on the machine; this prints numbers and says if a target is
missed (exit 1), for a person to read.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from helpers import DRAFT  # the same sample draft as the tests

HELP_RATIO_TARGET = 1.1
DRAFT_RATIO_TARGET = 2.0
COLD_RATIO_TARGET = 1.5
CHECK_RATIO_TARGET = 1.0

# A careful reply of about 300 words, as an agent would paste it into `reponse check`.
REPLY = """Bonjour Madame Lefèvre,

Si je comprends bien, votre commande n° 48213, un jeu de société pour l'anniversaire de
votre fils, devait arriver le 12 novembre et vous n'avez toujours rien reçu, alors que la
fête approche. Je vous présente toutes nos excuses : ce retard vient de chez nous, et vous
n'avez pas à le subir.

Je comprends votre inquiétude à quelques jours de la fête, et le temps que vous avez passé
à nous relancer.

Voici ce que je vous propose, au choix :
- je vous renvoie dès aujourd'hui un jeu neuf en livraison express, à nos frais, pour une
  arrivée jeudi au plus tard ;
- ou je vous rembourse intégralement, frais de port compris, sous trois jours ouvrés, sur
  le moyen de paiement utilisé, sans attendre le retour du premier colis.
Si le premier colis arrive entre-temps, gardez-le ou refusez-le, comme vous préférez : je
m'occupe du transporteur, vous n'avez aucune démarche à faire.

Dites-moi simplement ce qui vous convient le mieux par retour de mail ; sans nouvelles de
votre part d'ici demain midi, je lance le renvoi express pour ne pas perdre de temps.

Je vous écrirai lundi 30 novembre pour m'assurer que tout est bien arrivé, puis une
dernière fois après la fête pour savoir si le jeu a plu. Vous pouvez aussi me joindre
directement au 01 23 45 67 89, du lundi au vendredi de 9 h à 18 h.

Encore pardon pour ce contretemps, et merci de votre patience.

Bien cordialement,

Camille Martin
Atelier Exemple
"""


FLOOR = (
    "import typer, jinja2, msgspec, babel.numbers, babel.dates, sqlite3\n"
    "babel.numbers.format_currency(49.9, 'EUR', locale='fr_FR')\n"
    "babel.numbers.parse_decimal('49,90', locale='fr_FR')\n"
)


def reponse_command() -> list[str]:
    script = Path(sys.executable).parent / "reponse"
    return [str(script)] if script.exists() else [sys.executable, "-m", "reponse_cli"]


def run_ms(
    command: list[str], env: dict[str, str], ok_codes: tuple[int, ...] = (0,)
) -> tuple[float, float]:
    """Wall time and processor time (user + system) of one run, in ms: on a shared
    machine the processor time moves far less with the neighbours' load."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, env=env, check=False)
    wall = (time.perf_counter() - start) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode not in ok_codes:
        sys.exit(f"échec de {' '.join(command)} :\n{result.stderr.decode()}")
    return wall, (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000


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
    reply = home / "reponse-300-mots.txt"
    reply.write_text(REPLY, encoding="utf-8")
    reponse = reponse_command()
    draft = [*reponse, *DRAFT, "--solution", "renvoi-express", "--solution", "remboursement-port"]
    commands = {
        "typer": ([sys.executable, "-c", "import typer"], (0,)),
        # What a draft cannot do without, before a line of reponse runs: the libraries
        # it renders and formats with, Babel's French data loaded once.
        "floor": ([sys.executable, "-c", FLOOR], (0,)),
        "help": ([*reponse, "--help"], (0,)),
        "draft": (draft, (0,)),
        "draft-no-record": ([*draft, "--no-record"], (0,)),
        "check": ([*reponse, "check", str(reply)], (0, 1)),
    }
    for command, codes in commands.values():
        run_ms(command, env, codes)  # warm every cache once
    # Round by round, every command in turn: each ratio compares runs made under the
    # same load, and the median of the ratios is what is reported.
    walls: dict[str, list[float]] = {name: [] for name in [*commands, "cold"]}
    times: dict[str, list[float]] = {name: [] for name in [*commands, "cold"]}
    for index in range(args.runs):
        for name, (command, codes) in commands.items():
            wall, cpu = run_ms(command, env, codes)
            walls[name].append(wall)
            times[name].append(cpu)
        cache = home / f"cache-vide-{index}"
        wall, cpu = run_ms(draft, {**env, "REPONSE_CACHE_DIR": str(cache)})
        walls["cold"].append(wall)
        times["cold"].append(cpu)
        shutil.rmtree(cache, ignore_errors=True)

    def ratio(name: str, base: str, source: dict[str, list[float]]) -> float:
        return statistics.median(a / b for a, b in zip(source[name], source[base], strict=True))

    rows = [
        ("reponse --help", "help", "typer", HELP_RATIO_TARGET),
        ("plancher d'un brouillon", "floor", "typer", None),
        ("draft --no-input", "draft", "typer", DRAFT_RATIO_TARGET),
        ("draft --no-record", "draft-no-record", "typer", DRAFT_RATIO_TARGET),
        ("draft, cache vide", "cold", "draft", COLD_RATIO_TARGET),
        ("check, 300 mots", "check", "draft", CHECK_RATIO_TARGET),
    ]
    print(f"{'':24} {'horloge':>16} {'processeur':>18}")
    print(
        f"{'python -c import typer':24} {statistics.median(walls['typer']):7.1f} ms"
        f"{'':9} {statistics.median(times['typer']):7.1f} ms"
    )
    missed = False
    for label, name, base, target in rows:
        wall, cpu = ratio(name, base, walls), ratio(name, base, times)
        shown = "import typer" if base == "typer" else base
        goal = f", cible ≤ ×{target}" if target else " (imports tiers seuls)"
        print(
            f"{label:24} {statistics.median(walls[name]):7.1f} ms ×{wall:.2f}"
            f" {statistics.median(times[name]):7.1f} ms ×{cpu:.2f}"
            f"   de {shown}{goal}"
        )
        missed |= target is not None and wall > target
    if missed:
        print("Cible manquée.")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
