"""`reponse playbooks new`: a commented playbook, ready to fill, that passes validation."""

from __future__ import annotations

import re
from pathlib import Path

from reponse_cli.errors import ReponseError
from reponse_cli.files.resources import resource_dir
from reponse_cli.files.write import write_atomic

SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")


def scaffold_text(playbook_id: str, family: str) -> str:
    template = (resource_dir("templates") / "playbook.yaml.tmpl").read_text(encoding="utf-8")
    title = playbook_id.replace("-", " ").capitalize()
    text = template.replace("__ID__", playbook_id).replace("__TITLE__", title)
    return text.replace("__FAMILY__", family)


def new_playbook(folder: Path, playbook_id: str, family: str) -> Path:
    """Write the scaffold as `folder/ID.yaml`; never over an existing file."""
    if not SLUG.fullmatch(playbook_id):
        raise ReponseError(
            f"Id invalide : « {playbook_id} » (minuscules, chiffres et tirets, ex. colis-bloque)."
        )
    if not SLUG.fullmatch(family):
        raise ReponseError(f"Famille invalide : « {family} ».")
    target = folder / f"{playbook_id}.yaml"
    if target.exists():
        raise ReponseError(f"{target} existe déjà : rien n'a été écrit.")
    write_atomic(target, scaffold_text(playbook_id, family))
    return target
