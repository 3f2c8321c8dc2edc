"""A learned escalation detector beside the rules: settings chosen on the development sets,
then exported for `listening/alarm.py` (issue 11).

Letter groups (3 to 5, each folded word padded, as `listening/model.py`) hashed with
CRC-32 into buckets, tf-idf, one logistic regression a kind of escalation (legal,
authority, bank, public, insult); a kind is announced when the rules or the model say so.
The settings and the threshold are chosen by leaving one training set out in turn (the
development sets, and the held-out sets A to K measured once then trained on; the blind
sets are never opened here): trained on the others, scored on the one left out. The
rule: the highest pooled recall such that no set left out has more than 1 calm message
in 20 alarmed (the issue's target, set by set), ties to the higher threshold. (Until
development set 7 the rule was « at most 4 % pooled »; with sets full of calm mentions of
lawyers and banks, that let single sets reach 10 %.) `--vocabulary` also scores the same model
over a vocabulary (scikit-learn's own `char_wb`), to see what hashing costs.

`--export PATH` trains the chosen setting (`CHOSEN`) on every development set, writes the weights
and thresholds for `listening/alarm.py`, and checks that its probabilities and
scikit-learn's do not differ.

Run: `python bench/learned_escalation.py [--vocabulary | --export PATH]` (scikit-learn in
the venv only, as bench/learned.py).
"""

from __future__ import annotations

import argparse
import array
import sys
from pathlib import Path

import msgspec
import numpy as np
from scipy.sparse import csr_matrix, diags
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import normalize

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from reponse_cli.listening.alarm import READS, EscalationWeights, escalation_model, hashed
from reponse_cli.listening.engine import own_words
from reponse_cli.listening.mail import parse_text
from reponse_cli.listening.signals import find_escalation
from reponse_cli.text.fold import fold
from scoring import LISTEN_BLIND, LISTEN_TRAINING, load

KINDS = ("legal", "authority", "bank", "public", "insult")
DEV_SETS = LISTEN_TRAINING  # development sets, and held-out sets measured once then trained on
assert not set(DEV_SETS) & set(LISTEN_BLIND)  # a blind set is never opened here
BUCKETS = 1 << 18
MIN_DF = 2
SETTINGS = [  # (C, class weights)
    (3.0, "balanced"),
    (10.0, "balanced"),
    (30.0, "balanced"),
    (10.0, None),
    (30.0, None),
]
THRESHOLDS = [round(0.30 + 0.05 * i, 2) for i in range(14)]  # 0.30 … 0.95
CALM_SHARE = 0.05  # calm messages alarmed, at most, in every set left out
# What the leave-one-set-out run above chose on the 31 training sets (development 1–11,
# held-out A–T; hashed letter groups; C, class weights, threshold): pooled recall 94.1 %
# (rules) → 95.9 %, calm messages alarmed 29 → 31 of 3,237, at most 5 % in any set.
# Development sets 10 and 11, half of whose calm messages mention a lawyer, a bank or the
# press by design, hold the threshold up: with them, the setting of the round before (C = 3,
# balanced, 0.75: 97.2 %) alarms 6 of 64 calm messages in one set. `--export` trains this
# setting, without choosing again.
CHOSEN = (10.0, None, 0.70)


class Message(msgspec.Struct):
    set: str
    text: str  # what the model and the rules read: the customer's own words
    labelled: set[str]
    rules: set[str]


def messages() -> list[Message]:
    found = []
    for label, name in DEV_SETS.items():
        for raw in load("listen", name):
            own = own_words(parse_text(raw["text"]))[:READS]
            rules = {e.category for e in find_escalation(own)}
            found.append(Message(label, own, set(raw.get("escalation") or []), rules))
    return found


def counts(texts: list[str]) -> csr_matrix:
    """Each text's hashed letter groups, counted, exactly as `alarm.hashed` counts them."""
    rows, cols, values = [], [], []
    for i, text in enumerate(texts):
        for bucket, n in hashed(text, BUCKETS).items():
            rows.append(i)
            cols.append(bucket)
            values.append(n)
    return csr_matrix((values, (rows, cols)), shape=(len(texts), BUCKETS), dtype=np.float64)


def fit_idf(x: csr_matrix) -> np.ndarray:
    """Smoothed idf, as scikit-learn's; 0 for a bucket in fewer than MIN_DF texts."""
    df = np.bincount(x.indices, minlength=BUCKETS)
    idf = np.log((1 + x.shape[0]) / (1 + df)) + 1.0
    idf[df < MIN_DF] = 0.0
    return idf.astype(np.float32).astype(np.float64)  # as shipped


def tfidf(x: csr_matrix, idf: np.ndarray) -> csr_matrix:
    x = x.copy()
    x.data = 1.0 + np.log(x.data)
    return normalize(x @ diags(idf), norm="l2")


class Detectors:
    """One logistic regression a kind, over hashed (or, to compare, counted) features."""

    def __init__(self, c: float, weights: str | None, vocabulary: bool = False) -> None:
        self.c, self.weights, self.vocabulary = c, weights, vocabulary

    def _features(self, train: list[Message] | None, texts: list[str]) -> csr_matrix:
        if self.vocabulary:
            if train is not None:
                self.chars = TfidfVectorizer(
                    analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=MIN_DF
                ).fit([fold(t) for t in texts])
            return self.chars.transform([fold(t) for t in texts])
        x = counts(texts)
        if train is not None:
            self.idf = fit_idf(x)
        return tfidf(x, self.idf)

    def fit(self, train: list[Message]) -> Detectors:
        x = self._features(train, [m.text for m in train])
        self.models = {
            kind: LogisticRegression(C=self.c, max_iter=3000, class_weight=self.weights).fit(
                x, [kind in m.labelled for m in train]
            )
            for kind in KINDS
        }
        return self

    def probabilities(self, test: list[Message]) -> dict[str, np.ndarray]:
        x = self._features(None, [m.text for m in test])
        return {kind: model.predict_proba(x)[:, 1] for kind, model in self.models.items()}


def tally(test: list[Message], p: dict[str, np.ndarray], threshold: float) -> tuple[int, ...]:
    """Labelled kinds, found; calm messages, alarmed — the rules with the model."""
    wanted = found = calm = alarmed = 0
    for i, m in enumerate(test):
        both = m.rules | {k for k in KINDS if p[k][i] >= threshold}
        wanted += len(m.labelled)
        found += len(m.labelled & both)
        if not m.labelled:
            calm += 1
            alarmed += bool(both)
    return wanted, found, calm, alarmed


def out_of_fold(every: list[Message], c: float, w: str | None, vocabulary: bool) -> list:
    """Each development set scored by detectors trained on the others."""
    folds = []
    for label in DEV_SETS:
        train = [m for m in every if m.set != label]
        test = [m for m in every if m.set == label]
        folds.append((label, test, Detectors(c, w, vocabulary).fit(train).probabilities(test)))
    return folds


def choose(every: list[Message], vocabulary: bool) -> tuple[float, str | None, float]:
    rules = tally(every, {k: np.zeros(len(every)) for k in KINDS}, 1.0)
    print(
        f"règles seules : rappel {rules[1] / rules[0]:.1%}, fausses alertes {rules[3]}/{rules[2]}\n"
    )
    best: tuple[float, float, float, str | None] | None = None
    kinds = ["haché"] + (["vocabulaire"] if vocabulary else [])
    for features in kinds:
        for c, w in SETTINGS:
            folds = out_of_fold(every, c, w, features == "vocabulaire")
            for t in THRESHOLDS:
                per_set = [tally(test, p, t) for _, test, p in folds]
                wanted, found, calm, alarmed = (sum(col) for col in zip(*per_set, strict=True))
                cells = " ".join(f"{f / n:.0%}:{a}" for n, f, _, a in per_set)
                print(
                    f"{features} C={c:g} {w or '-':<8} seuil {t:.2f} : rappel "
                    f"{found / wanted:.1%}, fausses alertes {alarmed}/{calm} | {cells}"
                )
                # Every set within the target (1 calm message alarmed in 20), not only
                # the pool: a set full of calm mentions of lawyers and banks counts too.
                if features == "haché" and all(a <= CALM_SHARE * n for _, _, n, a in per_set):
                    key = (found / wanted, t, c, w)
                    if best is None or key[:2] > best[:2]:
                        best = key
            print()
    assert best is not None
    recall, t, c, w = best
    print(f"retenu (haché) : C={c:g}, poids {w}, seuil {t:.2f} (rappel {recall:.1%})")
    return c, w, t


def export(every: list[Message], path: Path, c: float, w: str | None, t: float) -> int:
    detectors = Detectors(c, w).fit(every)
    used = np.flatnonzero(detectors.idf)  # the buckets in MIN_DF texts or more
    coef = np.concatenate([detectors.models[k].coef_.ravel()[used] for k in KINDS])
    weights = EscalationWeights(
        kinds=list(KINDS),
        buckets=BUCKETS,
        used=array.array("I", used.tolist()).tobytes(),
        idf=array.array("f", detectors.idf[used].tolist()).tobytes(),
        coef=array.array("f", coef.tolist()).tobytes(),
        intercept=[float(detectors.models[k].intercept_[0]) for k in KINDS],
        thresholds=[t] * len(KINDS),
    )
    path.write_bytes(msgspec.msgpack.encode(weights))
    model = escalation_model(path)
    assert model is not None
    expected = detectors.probabilities(every)
    worst = 0.0
    for i, m in enumerate(every):
        found = model.probabilities(m.text)
        worst = max(worst, *(abs(found[k] - expected[k][i]) for k in KINDS))
    print(f"{path} : {path.stat().st_size // 1024} Ko, écart maximal avec scikit-learn {worst:.2e}")
    return 0 if worst < 1e-4 else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--export", type=Path, help="écrire le modèle pour listening/alarm.py")
    parser.add_argument(
        "--vocabulary", action="store_true", help="comparer à un vocabulaire (sans hachage)"
    )
    args = parser.parse_args()
    every = messages()
    if args.export:
        return export(every, args.export, *CHOSEN)
    choose(every, args.vocabulary)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
