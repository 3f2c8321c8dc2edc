"""The public gallery and the reviewed snapshots: every built-in example, rendered.

Both use the same rendering as `reponse playbooks validate` (demo settings, a fixed
date), so what a merchant reads before installing is exactly what the tool prints.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from reponse_cli.library import PlaybookRef, resource_dir
from reponse_cli.playbook import RESPONSIBILITY_LABELS, Playbook

GALLERY_DAY = dt.date(2026, 11, 23)
FAMILY_TITLES = {
    "contractuel": "Contractuel : délais, livraisons, engagements",
    "qualite": "Qualité : produits et prestations",
    "financier": "Financier : prix, paiements, remboursements",
    "administratif": "Administratif : factures, devis, documents",
    "avis": "Avis publics",
}


@dataclass
class Rendered:
    ref: PlaybookRef
    playbook: Playbook
    index: int
    name: str
    subject: str
    text: str

    @property
    def slug(self) -> str:
        from reponse_cli.french import strip_accents

        base = strip_accents(self.name.lower())
        return f"{self.index + 1}-" + re.sub(r"[^a-z0-9]+", "-", base).strip("-")[:50]

    def as_email(self) -> str:
        return f"Objet : {self.subject}\n\n{self.text}\n"


def builtin_refs() -> list[PlaybookRef]:
    folder = resource_dir("playbooks")
    return [PlaybookRef(p.stem, p, "builtin") for p in sorted(folder.glob("*.yaml"))]


def render_all(day: dt.date = GALLERY_DAY) -> Iterator[Rendered]:
    from reponse_cli.validate import render_example

    for ref in builtin_refs():
        playbook = ref.load()
        for index, example in enumerate(playbook.examples):
            draft = render_example(ref, playbook, index, day)
            name = example.name or f"exemple {index + 1}"
            yield Rendered(ref, playbook, index, name, draft.subject, draft.text)


def gallery_markdown(day: dt.date = GALLERY_DAY) -> str:
    """One reply per playbook (its first example), grouped by family."""
    firsts: dict[str, Rendered] = {}
    for rendered in render_all(day):
        firsts.setdefault(rendered.ref.id, rendered)
    lines = [
        "# Galerie des réponses",
        "",
        "Une réponse rendue par playbook intégré, telle que `reponse draft` la produit "
        "(réglages d'exemple : Camille Martin, Atelier Exemple ; date du jour : "
        f"{day.strftime('%d/%m/%Y')}). Chaque playbook propose d'autres excuses, phrases "
        "d'empathie et solutions : `reponse playbooks show ID` les montre toutes.",
        "",
        "Page générée par `python -m reponse_cli.gallery` ; ne pas la modifier à la main.",
        "",
    ]
    by_family: dict[str, list[Rendered]] = {}
    for rendered in firsts.values():
        by_family.setdefault(rendered.playbook.family, []).append(rendered)
    order = [f for f in FAMILY_TITLES if f in by_family] + sorted(
        f for f in by_family if f not in FAMILY_TITLES
    )
    for family in order:
        lines += ["", f"## {FAMILY_TITLES.get(family, family.capitalize())}", ""]
        for rendered in by_family[family]:
            playbook = rendered.playbook
            example = playbook.examples[rendered.index]
            solutions = ", ".join(playbook.solution(sid).label for sid in (example.solutions or []))
            lines += [
                f"### {playbook.title} (`{rendered.ref.id}`)",
                "",
                f"{playbook.description} — exemple : *{rendered.name}* ; responsabilité : "
                f"{RESPONSIBILITY_LABELS[example.responsibility].lower()}"
                + (f" ; solutions proposées : {solutions}." if solutions else "."),
                "",
                "```text",
                rendered.as_email().rstrip(),
                "```",
                "",
            ]
    text = "\n".join(lines).rstrip() + "\n"
    return re.sub(r"\n{3,}", "\n\n", text)


def main() -> None:
    import sys
    from pathlib import Path

    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/gallery.md")
    target.write_text(gallery_markdown(), encoding="utf-8")
    print(f"{target} écrit.")


if __name__ == "__main__":
    main()
