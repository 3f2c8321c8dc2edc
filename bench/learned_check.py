"""Would a model learned from labelled replies catch what the rules miss?

A measurement for issue 12. Each reply is cut into sentences (`split_sentences`); a
sentence holding one of a bad reply's labelled excerpts is a fault, every sentence of a
good reply is clean. A logistic regression on the sentence's folded words (one and two
at a time) and its groups of 3 to 5 letters gives each sentence a probability of being a
fault; a reply is flagged by the model when one of its sentences passes the threshold.

Leave-one-set-out on the training sets only (the development sets and the held-out sets
already read for the rules): for each, a model trained on the others, the left-out set
scored alone and with the rules. The threshold is chosen there. `--held-out` is the one
blind run, on the sets never read (A, B, Q, T and any newer one listed in BLIND): a model
trained on every training set, the threshold fixed before.

Run: `python bench/learned_check.py [--held-out] [--thresholds 0.5,0.7]` (needs
scikit-learn: it is no dependency of the project).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import numpy as np
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from reponse_cli.checker.check import check_text
from reponse_cli.checker.rules import load_rules
from reponse_cli.env import Environment
from reponse_cli.text.fold import fold
from reponse_cli.text.language import split_sentences
from scoring import CHECK_SETS, load

# Never read for the rules, never trained on: the blind sets.
BLIND = {"tenu à part A", "tenu à part B", "tenu à part Q", "tenu à part T"}
BLIND |= {label for label in CHECK_SETS if label[-1] in "UVWXYZ"}
TRAINING = {label: name for label, name in CHECK_SETS.items() if label not in BLIND}


class Reply:
    def __init__(self, raw: dict[str, Any], rules: Any) -> None:
        self.id = raw["id"]
        self.bad = raw["verdict"] == "bad"
        self.text = raw["text"]
        self.faults = raw.get("faults") or []
        folded = fold(self.text)
        marks = []
        for excerpt in raw.get("excerpts") or []:
            at = folded.find(fold(excerpt))
            if at >= 0:
                marks.append((at, at + len(excerpt)))
        self.sentences: list[str] = []
        self.labels: list[int] = []
        for start, end in split_sentences(folded):
            piece = folded[start:end].strip()
            if len(piece) < 2:
                continue
            self.sentences.append(piece)
            self.labels.append(int(any(s < end and start < e for s, e in marks)))
        self.folded = folded
        errors = check_text(self.text, rules).errors
        self.rules_error = bool(errors)
        self.categories = {f.category for f in errors}


def features() -> tuple[TfidfVectorizer, TfidfVectorizer]:
    words = TfidfVectorizer(
        token_pattern=r"(?u)\b\w[\w'-]*\b", ngram_range=(1, 2), sublinear_tf=True, min_df=2
    )
    chars = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2, max_features=150_000
    )
    return words, chars


class SentenceModel:
    def __init__(self, c: float = 4.0, clean_bad: float = 0.5) -> None:
        self.words, self.chars = features()
        self.lr = LogisticRegression(C=c, max_iter=3000, class_weight="balanced")
        self.clean_bad = clean_bad  # weight of the unmarked sentences of a bad reply

    def fit(self, replies: list[Reply]) -> SentenceModel:
        texts, labels, weights = [], [], []
        for r in replies:
            for s, y in zip(r.sentences, r.labels, strict=True):
                if r.bad and not y and self.clean_bad == 0:
                    continue
                texts.append(s)
                labels.append(y)
                weights.append(self.clean_bad if (r.bad and not y) else 1.0)
        x = hstack([self.words.fit_transform(texts), self.chars.fit_transform(texts)]).tocsr()
        self.lr.fit(x, labels, sample_weight=weights)
        return self

    def worst(self, replies: list[Reply]) -> list[float]:
        """Each reply's highest sentence probability of a fault."""
        texts = [s for r in replies for s in r.sentences]
        x = hstack([self.words.transform(texts), self.chars.transform(texts)]).tocsr()
        p = self.lr.predict_proba(x)[:, 1]
        out, i = [], 0
        for r in replies:
            n = len(r.sentences)
            out.append(float(p[i : i + n].max()) if n else 0.0)
            i += n
        return out


class ReplyModel:
    """The whole reply at once: bad or good."""

    def __init__(self, c: float = 4.0) -> None:
        self.words, self.chars = features()
        self.lr = LogisticRegression(C=c, max_iter=3000, class_weight="balanced")

    def fit(self, replies: list[Reply]) -> ReplyModel:
        texts = [r.folded for r in replies]
        x = hstack([self.words.fit_transform(texts), self.chars.fit_transform(texts)]).tocsr()
        self.lr.fit(x, [int(r.bad) for r in replies])
        return self

    def scores(self, replies: list[Reply]) -> list[float]:
        texts = [r.folded for r in replies]
        x = hstack([self.words.transform(texts), self.chars.transform(texts)]).tocsr()
        return [float(v) for v in self.lr.predict_proba(x)[:, 1]]


def grid(replies: list[Reply], worst: list[float], whole: list[float]) -> None:
    """Model-only flags where both the worst sentence and the whole reply pass."""
    nb = sum(r.bad for r in replies)
    ng = len(replies) - nb
    missed = [i for i, r in enumerate(replies) if r.bad and not r.rules_error]
    print(f"grille ({nb} mauvaises, {ng} bonnes, {len(missed)} manquées par les règles)")
    for a in (0.5, 0.7, 0.8, 0.9):
        cells = []
        for b in (0.0, 0.5, 0.7, 0.8, 0.9):
            hit = [w >= a and p >= b for w, p in zip(worst, whole, strict=True)]
            caught = sum(h for h, r in zip(hit, replies, strict=True) if r.bad)
            flagged = sum(h for h, r in zip(hit, replies, strict=True) if not r.bad)
            extra = sum(hit[i] for i in missed)
            cells.append(f"p>={b:g}: {caught} {flagged} (+{extra})")
        print(f"  phrase>={a:g} " + " ; ".join(cells))


def veto(replies: list[Reply], whole: list[float]) -> None:
    """What a rule error overruled by a clean-looking whole reply would cost and save."""
    caught = [p for r, p in zip(replies, whole, strict=True) if r.bad and r.rules_error]
    flagged = [p for r, p in zip(replies, whole, strict=True) if not r.bad and r.rules_error]
    for low in (0.05, 0.1, 0.2, 0.3):
        print(
            f"p<{low:g} : {sum(p < low for p in caught)}/{len(caught)} prises des règles "
            f"perdues, {sum(p < low for p in flagged)}/{len(flagged)} bonnes signalées sauvées"
        )


KEPT = {"legal", "placeholder", "privacy"}


def combined(replies: list[Reply], worst: list[float], whole: list[float], a: float, b: float) -> None:
    """The model's flags, and the rules' errors unless the whole reply looks clean."""
    nb = sum(r.bad for r in replies)
    ng = len(replies) - nb
    for keep in (False, True):
        cells = []
        for low in (0.0, 0.2, 0.3, 0.5, b):
            hit = [
                (w >= a and p >= b)
                or (r.rules_error and (p >= low or (keep and bool(r.categories & KEPT))))
                for r, w, p in zip(replies, worst, whole, strict=True)
            ]
            caught = sum(h for h, r in zip(hit, replies, strict=True) if r.bad)
            flagged = sum(h for h, r in zip(hit, replies, strict=True) if not r.bad)
            cells.append(f"veto<{low:g}: {caught}/{nb} {flagged}/{ng}")
        label = "sauf légal" if keep else "tout"
        print(f"modèle {a:g}/{b:g} + règles ({label}) " + " ; ".join(cells))


def tally(replies: list[Reply], worst: list[float], thr: float) -> tuple[int, int, int, int]:
    bad = [(r, w) for r, w in zip(replies, worst, strict=True) if r.bad]
    good = [(r, w) for r, w in zip(replies, worst, strict=True) if not r.bad]
    model_caught = sum(w >= thr for _, w in bad)
    model_flagged = sum(w >= thr for _, w in good)
    both_caught = sum(r.rules_error or w >= thr for r, w in bad)
    both_flagged = sum(r.rules_error or w >= thr for r, w in good)
    return model_caught, model_flagged, both_caught, both_flagged


def report(label: str, replies: list[Reply], worst: list[float], thresholds: list[float]) -> None:
    nb = sum(r.bad for r in replies)
    ng = len(replies) - nb
    rules_caught = sum(r.rules_error for r in replies if r.bad)
    rules_flagged = sum(r.rules_error for r in replies if not r.bad)
    cells = [f"règles {rules_caught}/{nb} {rules_flagged}/{ng}"]
    for thr in thresholds:
        mc, mf, bc, bf = tally(replies, worst, thr)
        cells.append(f"@{thr:g} modèle {mc} {mf} | +règles {bc} {bf}")
    print(f"{label:<18} " + " ; ".join(cells))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--held-out", action="store_true")
    parser.add_argument("--tune", default="", help="sets scored, not trained on, e.g. 6,7")
    parser.add_argument("--thresholds", default="0.5,0.7,0.8,0.9")
    parser.add_argument("--c", type=float, default=4.0)
    parser.add_argument("--clean-bad", type=float, default=0.5)
    args = parser.parse_args()
    thresholds = [float(t) for t in args.thresholds.split(",")]
    rules = load_rules(Environment(variables={"REPONSE_NO_CACHE": "1"}))
    sets = {label: [Reply(r, rules) for r in load("check", name)] for label, name in TRAINING.items()}
    if args.tune:
        tuned = [f"développement {n}" for n in args.tune.split(",")]
        train = [r for label, rs in sets.items() if label not in tuned for r in rs]
        sentence, whole = SentenceModel(args.c, args.clean_bad).fit(train), ReplyModel(args.c).fit(train)
        replies = [r for label in tuned for r in sets[label]]
        worst, p = sentence.worst(replies), whole.scores(replies)
        report("+".join(tuned), replies, worst, thresholds)
        grid(replies, worst, p)
        veto(replies, p)
        for a, b in ((0.5, 0.7), (0.5, 0.8), (0.7, 0.8)):
            combined(replies, worst, p, a, b)
        return 0
    if args.held_out:
        model = SentenceModel(args.c, args.clean_bad).fit([r for rs in sets.values() for r in rs])
        for label in sorted(BLIND):
            replies = [Reply(r, rules) for r in load("check", CHECK_SETS[label])]
            report(label, replies, model.worst(replies), thresholds)
        return 0
    every: list[Reply] = []
    worst_all: list[float] = []
    whole_all: list[float] = []
    for left_out, replies in sets.items():
        train = [r for other, rs in sets.items() if other != left_out for r in rs]
        model = SentenceModel(args.c, args.clean_bad).fit(train)
        worst = model.worst(replies)
        whole_all += ReplyModel(args.c).fit(train).scores(replies)
        report(left_out, replies, worst, thresholds)
        every += replies
        worst_all += worst
    report("ensemble", every, worst_all, thresholds)
    grid(every, worst_all, whole_all)
    veto(every, whole_all)
    for a, b in ((0.5, 0.7), (0.5, 0.8), (0.7, 0.8)):
        combined(every, worst_all, whole_all, a, b)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
