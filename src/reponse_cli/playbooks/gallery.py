"""The public gallery and the reviewed snapshots: every built-in example, rendered.

Both use the same rendering as `reponse playbooks validate` (demo settings, a fixed
date), so what a merchant reads before installing is exactly what the tool prints.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from reponse_cli.drafting.compose import Draft
from reponse_cli.env import Environment
from reponse_cli.files.resources import resource_dir
from reponse_cli.playbooks.library import Library, PlaybookRef
from reponse_cli.playbooks.schema import RESPONSIBILITY_LABELS, Playbook, family_label
from reponse_cli.playbooks.validate import example_worker, render_example
from reponse_cli.text.fold import strip_accents
from reponse_cli.text.french import NBSP

GALLERY_DAY = dt.date(2026, 11, 23)
FAMILY_TITLES = {
    "contractuel": "Contractuel : délais, livraisons, engagements",
    "qualite": "Qualité : produits et prestations",
    "financier": "Financier : prix, paiements, remboursements",
    "administratif": "Administratif : factures, devis, documents",
    "avis": "Avis public : réponses aux avis en ligne",
}


@dataclass
class Rendered:
    ref: PlaybookRef
    playbook: Playbook
    index: int
    name: str
    subject: str
    text: str
    draft: Draft

    @property
    def slug(self) -> str:
        base = strip_accents(self.name.lower())
        return f"{self.index + 1}-" + re.sub(r"[^a-z0-9]+", "-", base).strip("-")[:50]

    def as_email(self) -> str:
        """The reply as sent: « Objet » only when it has one (a public reply has none)."""
        if not self.subject:
            return f"{self.text}\n"
        return f"Objet{NBSP}: {self.subject}\n\n{self.text}\n"


def builtin_refs() -> list[PlaybookRef]:
    folder = resource_dir("playbooks")
    return [PlaybookRef(p.stem, p, "builtin") for p in sorted(folder.glob("*.yaml"))]


def render_all(day: dt.date = GALLERY_DAY) -> Iterator[Rendered]:
    """Every built-in example, with the demo settings, on `day`, with no cache."""
    env = Environment(variables={"REPONSE_NO_CACHE": "1"}, fixed_today=day)
    worker = example_worker(env, Library(env))
    for ref in builtin_refs():
        playbook = worker.library.load(ref)
        for index, example in enumerate(playbook.examples):
            draft = render_example(worker, ref, playbook, index)
            name = example.name or f"exemple {index + 1}"
            yield Rendered(ref, playbook, index, name, draft.subject, draft.text, draft)


def gallery_markdown(day: dt.date = GALLERY_DAY) -> str:
    """One reply per playbook (its first example), grouped by family."""
    firsts: dict[str, Rendered] = {}
    for rendered in render_all(day):
        firsts.setdefault(rendered.ref.id, rendered)
    lines = [
        "# Galerie des réponses",
        "",
        "Une réponse rendue par playbook intégré, telle que `reponse draft` la produit "
        "(réglages d'exemple : Camille Martin, Atelier Exemple ; date du jour : "
        f"{day.strftime('%d/%m/%Y')}). Chaque playbook propose d'autres excuses, phrases "
        "d'empathie et solutions : `reponse playbooks show ID` les montre toutes.",
        "",
        "Page générée par `python -m reponse_cli.playbooks.gallery` ; "
        "ne pas la modifier à la main.",
        "",
    ]
    by_family: dict[str, list[Rendered]] = {}
    for rendered in firsts.values():
        by_family.setdefault(rendered.playbook.family, []).append(rendered)
    order = [f for f in FAMILY_TITLES if f in by_family] + sorted(
        f for f in by_family if f not in FAMILY_TITLES
    )
    for family in order:
        lines += ["", f"## {FAMILY_TITLES.get(family, family_label(family))}", ""]
        for rendered in by_family[family]:
            playbook = rendered.playbook
            example = playbook.examples[rendered.index]
            draft = rendered.draft
            offered = ", ".join(
                playbook.solution(sid).label for sid in draft.solutions if sid not in draft.gestures
            )
            given = ", ".join(playbook.solution(sid).label for sid in draft.gestures)
            lines += [
                f"### {playbook.title} (`{rendered.ref.id}`)",
                "",
                f"{playbook.description} — exemple : *{rendered.name}* ; responsabilité : "
                f"{RESPONSIBILITY_LABELS[example.responsibility].lower()}"
                + (f" ; solutions proposées : {offered}" if offered else "")
                + (f" ; geste commercial : {given}" if given else "")
                + ".",
                "",
                "```text",
                rendered.as_email().rstrip(),
                "```",
                "",
            ]
    text = "\n".join(lines).rstrip() + "\n"
    return re.sub(r"\n{3,}", "\n\n", text)


def main() -> None:
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/gallery.md")
    target.write_text(gallery_markdown(), encoding="utf-8")
    print(f"{target} écrit.")


if __name__ == "__main__":
    main()
