"""Accuracy of `listen` and `check` on every labelled corpus: the README's figures.

Run: `python bench/accuracy.py [listen|check]`. Not a test (the corpus tests hold the
floors): it prints one line a set, and with `--missed` the ids of what was missed; with
`--dev --missed`, each missed bad reply with its labelled faults and excerpts, and each
good reply given an error with the finding.
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
from scoring import CHECK_SETS, LISTEN_SETS, load, score_check, score_listen


def _print_replies(name: str, rules: object) -> None:
    """Every missed bad reply with its labels, every flagged good one with its errors.

    Only for development sets (`--dev`): the held-out ones are never read.
    """
    from reponse_cli.checker.check import check_text

    for reply in load("check", name):
        errors = check_text(reply["text"], rules).errors
        if reply["verdict"] == "bad" and not errors:
            print(f"\n  -- manquée {reply['id']} ({reply.get('region')}) : {reply['faults']}")
            for excerpt in reply.get("excerpts") or []:
                print(f"     « {excerpt} »")
        elif reply["verdict"] != "bad" and errors:
            print(f"\n  -- bonne en erreur {reply['id']} ({reply.get('region')})")
            for finding in errors:
                print(f"     {finding.rule} : « {finding.excerpt} »")


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
            if args.missed and args.dev:  # the held-out sets are never read
                _print_replies(name, rules)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
