"""The built-in library: every playbook complete, every example a reviewed snapshot.

`pytest --update-snapshots` rewrites tests/snapshots/ and docs/gallery.md; review the
diff like any other change to what customers will read.
"""

from __future__ import annotations

import collections
import re
import statistics
from pathlib import Path

import pytest

from helpers import SNAPSHOTS
from reponse_cli.playbooks.gallery import builtin_refs, gallery_markdown, render_all
from reponse_cli.playbooks.loading import parse_playbook
from reponse_cli.playbooks.validate import example_worker, validate_ref

ROOT = Path(__file__).resolve().parents[2]
FAMILIES = {"qualite", "financier", "administratif", "contractuel"}
REFS = builtin_refs()
# The situations the corpora and the dossiers name: ids and families are fixed.
SITUATIONS = {
    "rupture-stock": "contractuel",
    "relance-impayee": "financier",
    "point-relais": "contractuel",
    "non-conforme-description": "qualite",
    "remboursement-partiel": "financier",
    "resiliation-abonnement": "contractuel",
    "paiement-conteste": "financier",
    "annulation-prestation": "contractuel",
    "panne-hors-garantie": "qualite",
    "douane-hors-ue": "financier",
}
RENDERED = list(render_all())
MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
DATE = re.compile(rf"\b(?:1er|\d{{1,2}})\s(?:{MONTHS})\b")
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")


def body(text: str) -> str:
    """Greeting to closing formula: what the customer reads, the signature left out."""
    head, found, _ = text.partition("Bien cordialement,")
    assert found, text
    return head + found


def words(text: str) -> int:
    return len(re.findall(r"[\w'’-]+", text))


def test_the_library_covers_every_family() -> None:
    assert len(REFS) >= 30
    families = {ref.id: parse_playbook(ref.path).family for ref in REFS}
    for family in FAMILIES:
        assert list(families.values()).count(family) >= 2, family
    for situation, family in SITUATIONS.items():
        assert families.get(situation) == family, situation


@pytest.mark.parametrize("ref", REFS, ids=lambda ref: ref.id)
def test_playbook_is_complete(ref) -> None:
    playbook = parse_playbook(ref.path)
    where = ref.id
    assert playbook.family, where
    assert len(playbook.solutions) >= 3, f"{where}: au moins trois solutions"
    assert any(s.geste for s in playbook.solutions), f"{where}: un geste commercial"
    variants = playbook.apologies.variants()
    assert len(variants) >= 2 and "client" in variants, f"{where}: excuses"
    assert len(playbook.empathy) >= 3, f"{where}: trois phrases d'empathie"
    assert len(playbook.examples) >= 2, f"{where}: deux exemples"
    paths = {example.responsibility for example in playbook.examples}
    assert len(paths) >= 2, f"{where}: exemples sur deux responsabilités différentes"
    stages = {item.stage for item in playbook.follow_up}
    assert stages == {"before", "during", "after"}, f"{where}: suivi avant, pendant, après"
    assert all(item.message for item in playbook.follow_up), f"{where}: message de suivi"
    assert playbook.keywords, f"{where}: mots-clés"
    assert 4 <= len(playbook.listen.examples) <= 6, f"{where}: 4 à 6 phrases de clients"
    assert playbook.listen.checklist, f"{where}: points d'écoute"
    assert all(q.help for q in playbook.questions), f"{where}: aide sur chaque question"
    header = ref.path.read_text(encoding="utf-8").split("\n\n")[0]
    assert header.startswith("#") and re.search(r"\b(L\d{3}-\d+|[Aa]rticle|\d{4})", header), (
        f"{where}: un commentaire qui cite les articles de loi"
    )


@pytest.mark.parametrize("ref", REFS, ids=lambda ref: ref.id)
def test_playbook_validates_with_the_checker(ref, env) -> None:
    """Examples pass the checker; every combination, rendered, stays within its case."""
    report = validate_ref(example_worker(env), ref)
    assert report.problems == []
    assert report.combinations >= 2 * len(report.playbook.solutions)
    assert report.skipped == [], "des combinaisons sans valeur : complétez les exemples"


# --- what a senior agent sends: measured across the library's examples ----------------


def test_replies_are_short() -> None:
    counts = {f"{r.ref.id} {r.index + 1}": words(body(r.text)) for r in RENDERED}
    too_long = {name: n for name, n in counts.items() if n > 220}
    assert not too_long, too_long
    assert statistics.median(counts.values()) < 180


def test_paragraphs_hold_at_most_three_sentences() -> None:
    for r in RENDERED:
        for paragraph in body(r.text).split("\n\n"):
            if paragraph.startswith("- "):
                continue  # the alternatives, one a line
            sentences = [s for s in SENTENCE_END.split(paragraph.strip()) if s]
            assert len(sentences) <= 3, f"{r.ref.id} {r.index + 1}: {paragraph}"


def test_a_reply_promises_one_dated_step_and_the_plan_keeps_the_others() -> None:
    for r in RENDERED:
        where = f"{r.ref.id} {r.index + 1}"
        for name in ("empathy", "closing"):
            assert not DATE.search(r.draft.sections[name]), f"{where}: date dans {name}"
        promised = [item for item in r.draft.follow_up if item.promised]
        stages = {item.stage for item in r.draft.follow_up}
        assert len(promised) == 1 and len(stages) >= 2, where
        if r.playbook.family == "avis":
            continue  # the public reply promises nothing: the plan is for the private talk
        assert len(DATE.findall(r.draft.sections["follow_up"])) == 1, where
        assert r.draft.sections["follow_up"] == promised[0].text, where


def test_openings_and_restatements_are_varied() -> None:
    openings = collections.Counter(
        " ".join(fold_words(r.draft.sections["listen"])[:4]) for r in RENDERED
    )
    (common, count), *_ = openings.most_common(1)
    assert count <= len(RENDERED) / 4, common
    formula = sum("si je comprends bien" in r.text.lower() for r in RENDERED)
    assert formula <= len(RENDERED) / 4


def fold_words(text: str) -> list[str]:
    """The words of a text, numbers and order references left out: the wording counts."""
    found = re.findall(r"[\w'’-]+", text.lower())
    return [word for word in found if not any(char.isdigit() for char in word)]


def test_the_customer_chooses_only_between_real_alternatives() -> None:
    for r in RENDERED:
        alternatives = [sid for sid in r.draft.solutions if sid not in r.draft.gestures]
        choice = re.search(
            r"au choix|vous choisissez|c'est à vous de choisir|choisissez",
            r.draft.sections["solutions"],
            re.IGNORECASE,
        )
        assert bool(choice) == (len(alternatives) >= 2), f"{r.ref.id} {r.index + 1}"
        if r.draft.gestures and alternatives and r.playbook.family != "avis":
            assert "En plus, " in r.draft.sections["solutions"], f"{r.ref.id} {r.index + 1}"


def test_french_without_slips() -> None:
    for r in RENDERED:
        where = f"{r.ref.id} {r.index + 1}"
        assert ":" not in r.subject, f"{where}: « Objet : » a déjà ses deux-points"
        for sentence in SENTENCE_END.split(r.text.replace("\n", " \n")):
            assert sentence.count("\u00a0:") <= 1, f"{where}: {sentence}"
            assert " :" not in sentence and " ;" not in sentence, f"{where}: {sentence}"
        assert not re.search(r"\d €|\d€", r.text), where
    assert all(r.as_email().startswith("Objet\u00a0: ") for r in RENDERED if r.subject)


def test_public_review_replies() -> None:
    public = [r for r in RENDERED if r.playbook.family == "avis"]
    assert public
    for r in public:
        where = f"{r.ref.id} {r.index + 1}"
        assert r.subject == "" and not r.as_email().startswith("Objet"), where
        assert not re.search(r"comprends bien|bien compris|si je comprends", r.text.lower())
        assert "geste" not in r.text.lower(), f"{where}: un geste ne se promet pas en public"


def test_the_mediator_closes_only_a_reply_that_declines() -> None:
    for r in RENDERED:
        if "médiateur" in r.text:
            assert r.draft.responsibility != "nous", f"{r.ref.id} {r.index + 1}"
            assert "médiateur" in r.draft.sections["closing"], f"{r.ref.id} {r.index + 1}"


def test_examples_match_their_reviewed_snapshots(update_snapshots: bool) -> None:
    rendered = RENDERED
    expected = {SNAPSHOTS / r.ref.id / f"{r.slug}.txt": r.as_email() for r in rendered}
    if update_snapshots:
        for path in SNAPSHOTS.glob("*/*.txt"):
            if path not in expected:
                path.unlink()
        for path, text in expected.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    stale = sorted(str(p.relative_to(ROOT)) for p in SNAPSHOTS.glob("*/*.txt") if p not in expected)
    assert not stale, f"instantanés sans exemple : {stale} (pytest --update-snapshots)"
    for path, text in expected.items():
        assert path.exists(), f"{path.relative_to(ROOT)} manque (pytest --update-snapshots)"
        assert path.read_text(encoding="utf-8") == text, (
            f"{path.relative_to(ROOT)} a changé : relisez le rendu puis pytest --update-snapshots"
        )


def test_gallery_is_up_to_date(update_snapshots: bool) -> None:
    gallery = ROOT / "docs" / "gallery.md"
    text = gallery_markdown()
    if update_snapshots:
        gallery.write_text(text, encoding="utf-8")
    assert gallery.read_text(encoding="utf-8") == text, "python -m reponse_cli.playbooks.gallery"
    for ref in REFS:
        assert f"(`{ref.id}`)" in text
