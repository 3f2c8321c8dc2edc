"""Would a model learned from labelled messages generalise better than the keywords?

A measurement for issue 11, then the export of the shipped model. Leave-one-set-out on
the training sets (`LISTEN_TRAINING`: the development sets, and the held-out sets A to K,
measured once before they were trained on; the blind sets are never opened): for each set,
a model is trained on the others (plus each playbook's keywords and
`listen.examples` as extra documents) and scored on the one left out, beside the current
ranking (`Listener.read`) and a combination of both. The keywords were tuned on
development sets 1 to 4 (their figures there are not blind); set 5 was never read, so it
is the fair comparison. `--style` leaves out a way of writing instead (every SMS, every
review…): a register the model never saw.

`--held-out` is the one blind run: the models trained on every training set, with the
settings fixed above before any blind set was scored, each blind set scored once.

Run: `python bench/learned.py [--style | --held-out]` (needs scikit-learn in the venv:
`pip install scikit-learn`; it is no dependency of the project). Prints one table, then
the costs.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.svm import LinearSVC

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from reponse_cli.env import Environment
from reponse_cli.listening import engine
from reponse_cli.listening.engine import Listener
from reponse_cli.playbooks.library import Library
from reponse_cli.text.fold import fold
from reponse_cli.text.language import analyse
from scoring import LISTEN_BLIND, LISTEN_TODAY, LISTEN_TRAINING, load

DEV_SETS = LISTEN_TRAINING  # development sets, and held-out sets measured once then trained on
assert not set(DEV_SETS) & set(LISTEN_BLIND)  # a blind set is never opened here


class Message:
    """One labelled development message, read once by the current ranking."""

    def __init__(self, raw: dict[str, Any], listener: Listener) -> None:
        self.id = raw["id"]
        self.text = raw["text"]
        self.label = raw["playbook"]
        self.style = raw.get("style") or "?"
        self.right = {raw["playbook"], *(raw.get("acceptable") or [])}
        started = time.perf_counter()
        candidates = listener.read(self.text, LISTEN_TODAY).candidates
        self.seconds = time.perf_counter() - started
        self.keywords = {c.playbook: c.score for c in candidates}  # best first
        self.lemmas = " ".join(w.feature for w in analyse(self.text, listener.index.lexicon))


class Model:
    """TF-IDF over the project's lemmas (negation marked, 1–2-grams) and over
    character 3–5-grams of the folded text, then a linear classifier."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.words2 = TfidfVectorizer(
            tokenizer=str.split,
            lowercase=False,
            token_pattern=None,
            ngram_range=(1, 2),
            sublinear_tf=True,
            min_df=2,
        )
        self.chars = TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=(3, 5),
            sublinear_tf=True,
            min_df=2,
            max_features=200_000,
        )
        if kind == "lr":
            self.classifier: Any = LogisticRegression(C=20.0, max_iter=2000)
        else:
            self.classifier = LinearSVC(C=0.5)

    def _features(self, lemmas: list[str], texts: list[str], fit: bool) -> Any:
        folded = [fold(t) for t in texts]
        if fit:
            return hstack([self.words2.fit_transform(lemmas), self.chars.fit_transform(folded)])
        return hstack([self.words2.transform(lemmas), self.chars.transform(folded)]).tocsr()

    def fit(self, lemmas: list[str], texts: list[str], labels: list[str]) -> Model:
        self.classifier.fit(self._features(lemmas, texts, True).tocsr(), labels)
        return self

    def scores(self, lemmas: list[str], texts: list[str]) -> list[dict[str, float]]:
        """For each message, each playbook's score, scaled to [0, 1] (1 for the best)."""
        x = self._features(lemmas, texts, False)
        if self.kind == "lr":
            raw = self.classifier.predict_proba(x)
        else:
            decision = self.classifier.decision_function(x)
            raw = np.exp(decision - decision.max(axis=1, keepdims=True))  # softmax
            raw /= raw.sum(axis=1, keepdims=True)
        classes = list(self.classifier.classes_)
        return [dict(zip(classes, row.tolist(), strict=True)) for row in raw]


def _ranked(scores: dict[str, float]) -> list[str]:
    return [p for p, s in sorted(scores.items(), key=lambda kv: -kv[1]) if s > 0]


def combine(keywords: dict[str, float], model: dict[str, float], weight: float) -> list[str]:
    """The current score over its best, plus the model's probability over its best."""
    top_k = max(keywords.values(), default=0.0) or 1.0
    top_m = max(model.values(), default=0.0) or 1.0
    names = set(keywords) | set(model)
    mixed = {
        p: weight * keywords.get(p, 0.0) / top_k + (1 - weight) * model.get(p, 0.0) / top_m
        for p in names
    }
    return _ranked(mixed)


class Tally:
    def __init__(self) -> None:
        self.n = self.top1 = self.top3 = self.family = self.none = 0

    def add(self, ranked: list[str], message: Message, families: dict[str, str]) -> None:
        self.n += 1
        top1 = bool(ranked) and ranked[0] in message.right
        self.top1 += top1
        self.top3 += bool(message.right & set(ranked[:3]))
        self.family += top1 or (bool(ranked) and families[ranked[0]] == families[message.label])
        self.none += not ranked

    def cells(self) -> str:
        return f"{self.top1 / self.n:6.1%} {self.top3 / self.n:6.1%} {self.family / self.n:6.1%}"


def playbook_documents(playbooks: dict[str, Any], lexicon: Any) -> tuple[list, list, list]:
    """Each playbook's examples and its keywords (one document), labelled with its id."""
    lemmas, texts, labels = [], [], []
    for pid, playbook in playbooks.items():
        docs = [*playbook.listen.examples, " ; ".join(playbook.keywords), playbook.title]
        for doc in docs:
            if doc.strip():
                texts.append(doc)
                lemmas.append(" ".join(w.feature for w in analyse(doc, lexicon)))
                labels.append(pid)
    return lemmas, texts, labels


HELD_OUT = LISTEN_BLIND
BLIND = ("mots-clés", "LR", "SVM", "mots-clés + LR (0.5)", "mots-clés + SVM (0.5)")


def rankings(
    message: Message, lr: dict[str, float], svm: dict[str, float], weights: list[float]
) -> dict[str, list[str]]:
    """One message ranked by the keywords, each model, and each mix of the keywords with a
    model at the given keyword weights."""
    ranked = {"mots-clés": list(message.keywords), "LR": _ranked(lr), "SVM": _ranked(svm)}
    for w in weights:
        ranked[f"mots-clés + LR ({w:g})"] = combine(message.keywords, lr, w)
        ranked[f"mots-clés + SVM ({w:g})"] = combine(message.keywords, svm, w)
    return ranked


def count(
    ranked: dict[str, list[str]],
    message: Message,
    families: dict[str, str],
    *tallies: dict[str, Tally],
) -> None:
    """Each system's ranking of one message, added to the set's tally and the total."""
    for system, order in ranked.items():
        for tally in tallies:
            tally[system].add(order, message, families)


def show(label: str, tallies: dict[str, Tally], width: int, blank: bool = True) -> None:
    for system, tally in tallies.items():
        print(f"{label:<18} {system:<{width}} {tally.cells()}")
    if blank:
        print()


def development(
    listener: Listener, playbooks: dict[str, Any]
) -> tuple[list[Message], tuple[list[str], list[str], list[str]]]:
    """Every development message, and what a model is trained on: their lemmas, texts and
    labels, then each playbook's own documents."""
    dev = [
        Message(raw, listener)
        for name in DEV_SETS.values()
        for raw in load("listen", name)
        if raw["playbook"] in playbooks
    ]
    doc_lemmas, doc_texts, doc_labels = playbook_documents(playbooks, listener.index.lexicon)
    lemmas = [m.lemmas for m in dev] + doc_lemmas
    texts = [m.text for m in dev] + doc_texts
    return dev, (lemmas, texts, [m.label for m in dev] + doc_labels)


def held_out(listener: Listener, playbooks: dict[str, Any]) -> int:
    """Trained on every development set, each held-out set scored once: no setting is
    chosen here, the weights and models are the ones fixed on the development sets."""
    families = {pid: spec.family for pid, spec in playbooks.items()}
    _, training = development(listener, playbooks)
    lr = Model("lr").fit(*training)
    svm = Model("svm").fit(*training)
    totals = {s: Tally() for s in BLIND}
    print(f"{'corpus':<18} {'système':<26} {'top-1':>6} {'top-3':>6} {'famille':>6}")
    for label, name in HELD_OUT.items():
        messages = [
            Message(m, listener) for m in load("listen", name) if m["playbook"] in playbooks
        ]
        test = ([m.lemmas for m in messages], [m.text for m in messages])
        lr_scores, svm_scores = lr.scores(*test), svm.scores(*test)
        tallies = {s: Tally() for s in BLIND}
        for i, message in enumerate(messages):
            ranked = rankings(message, lr_scores[i], svm_scores[i], [0.5])
            count(ranked, message, families, tallies, totals)
        show(label, tallies, 26)
    show("ensemble", totals, 26, blank=False)
    return 0


def export(listener: Listener, playbooks: dict[str, Any], path: Path) -> int:
    """The logistic regression trained on every development set and the playbooks, written
    for `listening/model.py`; then checked against scikit-learn on every message."""
    import array

    import msgspec

    from reponse_cli.listening.model import Weights, trained_model

    dev, training = development(listener, playbooks)
    lr = Model("lr").fit(*training)

    def ordered(vocabulary: dict[str, int]) -> list[str]:
        return [w for w, _ in sorted(vocabulary.items(), key=lambda kv: kv[1])]

    def floats(values: Any) -> bytes:
        return array.array("f", [float(v) for v in values]).tobytes()

    weights = Weights(
        classes=[str(c) for c in lr.classifier.classes_],
        words=ordered(lr.words2.vocabulary_),
        words_idf=floats(lr.words2.idf_),
        chars=ordered(lr.chars.vocabulary_),
        chars_idf=floats(lr.chars.idf_),
        coef=floats(lr.classifier.coef_.ravel()),
        intercept=[float(b) for b in lr.classifier.intercept_],
    )
    path.write_bytes(msgspec.msgpack.encode(weights))
    model = trained_model(path)
    assert model is not None
    worst = 0.0
    expected = lr.scores([m.lemmas for m in dev], [m.text for m in dev])
    for message, probabilities in zip(dev, expected, strict=True):
        found = model.closeness(message.lemmas.split(), message.text)
        top = max(probabilities.values())
        for pid, p in probabilities.items():
            worst = max(worst, abs(found[pid] - p / top))
    print(f"{path} : {path.stat().st_size // 1024} Ko, écart maximal avec scikit-learn {worst:.2e}")
    return 0 if worst < 1e-4 else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--export", type=Path, help="écrire le modèle entraîné pour listening/model.py"
    )
    parser.add_argument(
        "--held-out",
        action="store_true",
        help="à l'aveugle : entraîné sur le développement, noté sur les tenus à part",
    )
    parser.add_argument(
        "--style",
        action="store_true",
        help="laisser de côté une forme d'écrit (sms, forum…) plutôt qu'un jeu",
    )
    parser.add_argument(
        "--weights", default="0.5", help="combination weights of the keywords, e.g. 0.3,0.5,0.7"
    )
    args = parser.parse_args()
    # The keywords alone: the shipped model is what this script measures and exports.
    engine.trained_model = lambda: None
    weights = [float(w) for w in args.weights.split(",")]
    env = Environment(variables={"REPONSE_NO_CACHE": "1"})
    loaded = Library(env).load_all()
    playbooks = {pid: spec for pid, (_, spec) in loaded.items()}
    families = {pid: spec.family for pid, spec in playbooks.items()}
    listener = Listener(playbooks)
    if args.held_out:
        return held_out(listener, playbooks)
    if args.export:
        return export(listener, playbooks, args.export)
    sets: dict[str, list[Message]] = {}
    for label, name in DEV_SETS.items():
        raws = [m for m in load("listen", name) if m["playbook"] in playbooks]
        sets[label] = [Message(raw, listener) for raw in raws]
    if args.style:  # a way of writing the model never saw: all SMS, all reviews…
        every = [m for ms in sets.values() for m in ms]
        sets = {
            style: [m for m in every if m.style == style]
            for style in sorted({m.style for m in every})
        }
    doc_lemmas, doc_texts, doc_labels = playbook_documents(playbooks, listener.index.lexicon)

    # A new shop has no labelled history: a model trained on the playbooks alone.
    alone = Model("svm").fit(doc_lemmas, doc_texts, doc_labels)
    systems = ["mots-clés", "LR", "SVM", "LR sans les playbooks", "SVM des playbooks seuls"]
    systems += [f"mots-clés + LR ({w:g})" for w in weights]
    systems += [f"mots-clés + SVM ({w:g})" for w in weights]
    totals = {s: Tally() for s in systems}
    lr_train: list[float] = []
    svm_train: list[float] = []
    predict_seconds: list[float] = []
    print(f"{'laissé de côté':<18} {'système':<38} {'top-1':>6} {'top-3':>6} {'famille':>6}")
    for left_out, messages in sets.items():
        train = [m for other, ms in sets.items() if other != left_out for m in ms]
        lemmas = [m.lemmas for m in train] + doc_lemmas
        texts = [m.text for m in train] + doc_texts
        labels = [m.label for m in train] + doc_labels
        test_lemmas = [m.lemmas for m in messages]
        test_texts = [m.text for m in messages]
        started = time.perf_counter()
        lr = Model("lr").fit(lemmas, texts, labels)
        lr_train.append(time.perf_counter() - started)
        started = time.perf_counter()
        svm = Model("svm").fit(lemmas, texts, labels)
        svm_train.append(time.perf_counter() - started)
        bare = Model("lr").fit(lemmas[: len(train)], texts[: len(train)], labels[: len(train)])
        started = time.perf_counter()
        lr_scores = lr.scores(test_lemmas, test_texts)
        predict_seconds.append((time.perf_counter() - started) / len(messages))
        svm_scores = svm.scores(test_lemmas, test_texts)
        bare_scores = bare.scores(test_lemmas, test_texts)
        alone_scores = alone.scores(test_lemmas, test_texts)
        tallies = {s: Tally() for s in systems}
        for i, message in enumerate(messages):
            ranked = rankings(message, lr_scores[i], svm_scores[i], weights)
            ranked["LR sans les playbooks"] = _ranked(bare_scores[i])
            ranked["SVM des playbooks seuls"] = _ranked(alone_scores[i])
            count(ranked, message, families, tallies, totals)
        show(left_out, tallies, 38)
    show("ensemble", totals, 38, blank=False)
    every = [m for ms in sets.values() for m in ms]
    print(
        f"\nmessages : {len(every)} ; sans candidat — mots-clés "
        f"{totals['mots-clés'].none}, LR {totals['LR'].none}"
    )
    longest = max(every, key=lambda m: len(m.text))
    started = time.perf_counter()
    for _ in range(20):
        svm.scores([longest.lemmas], [longest.text])
    single = (time.perf_counter() - started) / 20
    features = len(svm.chars.vocabulary_) + len(svm.words2.vocabulary_)
    print(
        f"coût : mots-clés {np.mean([m.seconds for m in every]) * 1000:.1f} ms/message "
        f"(Listener.read entier) ; entraînement sur ~{len(labels)} documents : "
        f"LR {np.mean(lr_train):.2f} s, SVM {np.mean(svm_train):.2f} s ; prédiction LR "
        f"{np.mean(predict_seconds) * 1000:.2f} ms/message en lot, SVM seul sur le plus long "
        f"({len(longest.text)} caractères) {single * 1000:.2f} ms ; {features} traits × "
        f"{len(svm.classifier.classes_)} playbooks"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
