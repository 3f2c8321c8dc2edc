"""The built-in library: every playbook complete, every example a reviewed snapshot.

`pytest --update-snapshots` rewrites tests/snapshots/ and docs/gallery.md; review the
diff like any other change to what customers will read.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers import SNAPSHOTS
from reponse_cli.playbooks.gallery import builtin_refs, gallery_markdown, render_all
from reponse_cli.playbooks.loading import parse_playbook
from reponse_cli.playbooks.validate import example_worker, validate_ref

ROOT = Path(__file__).resolve().parents[2]
FAMILIES = {"qualite", "financier", "administratif", "contractuel"}
REFS = builtin_refs()


def test_the_library_covers_every_family() -> None:
    assert len(REFS) >= 18
    families = [parse_playbook(ref.path).family for ref in REFS]
    for family in FAMILIES:
        assert families.count(family) >= 2, family


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
    assert playbook.listen.checklist, f"{where}: points d'écoute"
    assert all(q.help for q in playbook.questions), f"{where}: aide sur chaque question"
    header = ref.path.read_text(encoding="utf-8").split("\n\n")[0]
    assert header.startswith("#") and re.search(r"\b(L\d{3}-\d+|[Aa]rticle|\d{4})", header), (
        f"{where}: un commentaire qui cite les articles de loi"
    )


@pytest.mark.parametrize("ref", REFS, ids=lambda ref: ref.id)
def test_playbook_validates_with_the_checker(ref, env) -> None:
    report = validate_ref(example_worker(env), ref)
    assert report.problems == []


def test_examples_match_their_reviewed_snapshots(update_snapshots: bool) -> None:
    rendered = list(render_all())
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
