"""Test helpers shared by several modules."""

from pathlib import Path
from typing import Any

MINIMAL = """\
title: Exemple minimal
family: qualite
description: Un playbook d'essai.
subject: "Commande{% if commande %} {{ commande }}{% endif %}"
listen:
  reformulation: >-
    Si je comprends bien, votre commande{% if commande %} {{ commande }}{% endif %}
    pose problème.
apologies:
  nous: Toutes nos excuses.
  client: Nous sommes désolés de ce contretemps.
empathy:
  - Je comprends votre déception.
  - "{% if nom %}{{ nom }}, je{% else %}Je{% endif %} vous comprends."
solutions:
  - id: remplacement
    label: Remplacer
    text: Je vous envoie un article neuf.
    recommended: true
  - id: remise
    label: Remise
    geste: true
    text: Je vous offre {{ remise_pct }} % de remise.
    questions:
      - {id: remise_pct, prompt: Remise, type: int, default: 10}
follow_up:
  - id: confirmation
    stage: before
    after_days: 2
    label: Confirmer
    text: Je vous confirme l'envoi d'ici le {{ due }}.
"""


# A scripted draft that needs nothing else: the late-delivery playbook, its two facts.
DRAFT = [
    "draft",
    "retard-livraison",
    "--no-input",
    "--set",
    "commande=48213",
    "--set",
    "date_promise=18/11/2026",
]

TESTS = Path(__file__).parent
CORPUS = TESTS / "corpus"
SNAPSHOTS = TESTS / "snapshots"


def command_paths() -> list[list[str]]:
    """Every command and subcommand, built the way `reponse` builds them (lazily)."""
    import typer.main

    from reponse_cli.cli import app

    root = typer.main.get_command(app)
    found: list[list[str]] = []

    def walk(group: Any, path: list[str], ctx: Any) -> None:
        for name in group.list_commands(ctx):
            command = group.get_command(ctx, name)
            assert command is not None, " ".join([*path, name])
            found.append([*path, name])
            if hasattr(command, "list_commands"):
                walk(command, [*path, name], ctx)

    with root.make_context("reponse", [], resilient_parsing=True) as ctx:
        walk(root, [], ctx)
    return found


def weights_read_by(
    runs: list[list[str]], weights: Path, env: dict[str, str]
) -> tuple[list[bool], str, str]:
    """Run each command line in turn in one fresh process; after each, whether the model
    weights in `weights` had been read. Also the process's stdout and stderr."""
    import subprocess
    import sys

    code = (
        "from pathlib import Path\n"
        "from reponse_cli.cli import app\n"
        "from reponse_cli.files import weights\n"
        f"for args in {runs!r}:\n"
        "    try:\n        app(args)\n    except SystemExit:\n        pass\n"
        f"    print('READ', Path({str(weights)!r}) in weights.LOADED)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    read = [line == "READ True" for line in result.stdout.splitlines() if line.startswith("READ")]
    return read, result.stdout, result.stderr
