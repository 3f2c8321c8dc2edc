"""Finding playbooks: `--playbooks DIR` / `REPONSE_PLAYBOOKS` > the user's folder > built-in.

Ids are file names, so finding one playbook never parses the others.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reponse_cli.errors import ReponseError, did_you_mean

if TYPE_CHECKING:
    from reponse_cli.playbook import Playbook

SUFFIXES = (".yaml", ".yml")
SOURCE_LABELS = {
    "custom": "dossier choisi",
    "user": "vos playbooks",
    "builtin": "intégré",
    "file": "fichier",
}


def resource_dir(name: str) -> Path:
    """`templates/` or `playbooks/`: inside the installed package, else the source tree."""
    packaged = Path(__file__).parent / name
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / name


def user_playbook_dir() -> Path:
    from reponse_cli.config import data_dir

    return data_dir() / "playbooks"


@dataclass(frozen=True)
class PlaybookRef:
    id: str
    path: Path
    source: str
    hides: tuple[Path, ...] = ()

    def load(self) -> Playbook:
        from reponse_cli.playbook import parse_playbook

        return parse_playbook(self.path)


def custom_dirs(dirs: list[Path] | None, variable: str, what: str) -> list[Path]:
    """The folders given on the command line, else in `variable`; each must exist.

    Playbooks and the checker's rules share this precedence: these folders first, then
    the user's own, then the built-in ones.
    """
    custom = [Path(d).expanduser() for d in dirs or []]
    env = os.environ.get(variable)
    if not custom and env:
        custom = [Path(p).expanduser() for p in env.split(os.pathsep) if p]
    for folder in custom:
        if not folder.exists():
            raise ReponseError(f"Dossier de {what} introuvable : {folder}")
    return custom


def search_dirs(dirs: list[Path] | None = None) -> list[tuple[Path, str]]:
    """Folders in precedence order, each with its source name."""
    found = [(folder, "custom") for folder in custom_dirs(dirs, "REPONSE_PLAYBOOKS", "playbooks")]
    found.append((user_playbook_dir(), "user"))
    found.append((resource_dir("playbooks"), "builtin"))
    return found


def _files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in SUFFIXES and p.is_file())


def discover(dirs: list[Path] | None = None) -> dict[str, PlaybookRef]:
    """Every playbook id found, the highest-precedence file winning."""
    refs: dict[str, PlaybookRef] = {}
    for folder, source in search_dirs(dirs):
        for path in _files(folder):
            playbook_id = path.stem
            if playbook_id in refs:
                winner = refs[playbook_id]
                refs[playbook_id] = PlaybookRef(
                    winner.id, winner.path, winner.source, (*winner.hides, path)
                )
            else:
                refs[playbook_id] = PlaybookRef(playbook_id, path, source)
    return dict(sorted(refs.items()))


def find(name: str, dirs: list[Path] | None = None) -> PlaybookRef:
    """One playbook by id, or by path to a YAML file; « vouliez-vous dire » otherwise."""
    candidate = Path(name).expanduser()
    if candidate.suffix in SUFFIXES:
        if not candidate.is_file():
            raise ReponseError(f"Fichier de playbook introuvable : {candidate}")
        return PlaybookRef(candidate.stem, candidate, "file")
    for folder, source in search_dirs(dirs):
        for suffix in SUFFIXES:
            path = folder / f"{name}{suffix}"
            if path.is_file():
                return PlaybookRef(name, path, source)
    known = discover(dirs)
    raise ReponseError(
        f"Playbook inconnu : « {name} ».{did_you_mean(name, list(known))}",
        hint="« reponse playbooks list » montre les playbooks disponibles.",
    )
