"""Would a learned escalation detector beside the rules raise recall? A prototype (issue 11).

Not wired into the product. Character 3–5-grams of the folded message, one logistic
regression per kind of escalation (legal, bank, public, insult, authority), trained on the
development sets' labels; a kind is announced when the rules or the model say so. Scored
on the held-out sets at two thresholds (0.5 and 0.7) — both were looked at once, so the
threshold to build must be chosen on the development sets, leaving one out, not here.

Run: `python bench/learned_escalation.py` (needs scikit-learn in the venv, as
bench/learned.py). Prints, per held-out set, recall and false alarms, rules alone and with
the model.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from reponse_cli.env import Environment
from reponse_cli.listening import engine
from reponse_cli.listening.engine import Listener
from reponse_cli.playbooks.library import Library
from reponse_cli.text.fold import fold
from scoring import LISTEN_SETS, LISTEN_TODAY, load

KINDS = ("legal", "bank", "public", "insult", "authority")


def rows(listener: Listener, names: list[str]) -> list[tuple[str, set[str], set[str]]]:
    """Each message: its text, its labelled kinds, the kinds the rules find."""
    found = []
    for name in names:
        for message in load("listen", name):
            reading = listener.read(message["text"], LISTEN_TODAY)
            labelled = set(message.get("escalation") or [])
            found.append((message["text"], labelled, {s.category for s in reading.escalation}))
    return found


def main() -> int:
    engine.trained_model = lambda: None  # the escalation rules do not depend on the ranking
    loaded = Library(Environment(variables={"REPONSE_NO_CACHE": "1"})).load_all()
    listener = Listener({pid: spec for pid, (_, spec) in loaded.items()})
    dev = rows(listener, [n for label, n in LISTEN_SETS.items() if "tenu" not in label])
    chars = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2, max_features=200_000
    )
    x = chars.fit_transform([fold(text) for text, _, _ in dev])
    models = {
        kind: LogisticRegression(C=10.0, max_iter=2000, class_weight="balanced").fit(
            x, [kind in labelled for _, labelled, _ in dev]
        )
        for kind in KINDS
    }
    for threshold in (0.5, 0.7):
        for label, name in LISTEN_SETS.items():
            if "tenu" not in label:
                continue
            test = rows(listener, [name])
            xt = chars.transform([fold(text) for text, _, _ in test])
            probabilities = {kind: models[kind].predict_proba(xt)[:, 1] for kind in KINDS}
            wanted = by_rules = by_both = calm = alarms_rules = alarms_both = 0
            for i, (_, labelled, rules) in enumerate(test):
                both = rules | {k for k in KINDS if probabilities[k][i] >= threshold}
                wanted += len(labelled)
                by_rules += len(labelled & rules)
                by_both += len(labelled & both)
                if not labelled:
                    calm += 1
                    alarms_rules += bool(rules)
                    alarms_both += bool(both)
            print(
                f"seuil {threshold} {label} : rappel {by_rules / wanted:.1%} → "
                f"{by_both / wanted:.1%} ; fausses alertes {alarms_rules}/{calm} → "
                f"{alarms_both}/{calm}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
