"""Accuracy of `listen` and `check` on every labelled corpus: the README's figures.

Run: `python bench/accuracy.py [listen|check]`. Not a test (the corpus tests hold the
floors): it prints one line a set, and with `--missed` the ids of what was missed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from reponse_cli.checker.rules import load_rules
from reponse_cli.env import Environment
from reponse_cli.listening.engine import Listener
from reponse_cli.playbooks.library import Library
from scoring import CHECK_SETS, LISTEN_SETS, score_check, score_listen


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("what", nargs="*", default=["listen", "check"])
    parser.add_argument("--missed", action="store_true", help="les identifiants manqués")
    parser.add_argument(
        "--dev", action="store_true", help="les corpus de développement seuls (pour régler)"
    )
    args = parser.parse_args()
    env = Environment(variables={"REPONSE_NO_CACHE": "1"})
    if "listen" in args.what:
        loaded = Library(env).load_all()
        playbooks = {pid: spec for pid, (_, spec) in loaded.items()}
        listener = Listener(playbooks)
        for label, name in LISTEN_SETS.items():
            if args.dev and "tenu" in label:
                continue
            scores = score_listen(name, listener, playbooks)
            print(scores.line(f"listen, {label}"))
            if scores.skipped:
                print(f"  ({scores.skipped} messages d'un playbook absent, non comptés)")
            if args.missed:
                print("  manqués :", " ".join(scores.missed))
    if "check" in args.what:
        rules = load_rules(env)
        for label, name in CHECK_SETS.items():
            if args.dev and "tenu" in label:
                continue
            scores = score_check(name, rules)
            print(scores.line(f"check, {label}"))
            if args.missed:
                print("  manquées :", " ".join(scores.missed))
                print("  bonnes en erreur :", " ".join(scores.flagged))
                weak = {
                    f: f"{scores.caught_by_fault[f]}/{n}" for f, n in scores.by_fault.most_common()
                }
                print("  par faute :", weak)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
