"""Finding playbooks: `--playbooks DIR` / `REPONSE_PLAYBOOKS` > the user's folder > built-in.

Ids are file names, so finding one playbook never parses the others. A `Library` is made
once per command from the environment; it loads each playbook at most once.
"""

from __future__ import annotations

from pathlib import Path

import msgspec

from reponse_cli.env import Environment
from reponse_cli.errors import PlaybookError, ReponseError, did_you_mean
from reponse_cli.files.cache import Cache
from reponse_cli.files.read import folder_files, inside, is_regular
from reponse_cli.files.resources import precedence, resource_dir
from reponse_cli.playbooks.loading import parse_playbook
from reponse_cli.playbooks.schema import Playbook

SUFFIXES = (".yaml", ".yml")
SOURCE_LABELS = {
    "custom": "dossier choisi",
    "user": "vos playbooks",
    "builtin": "intégré",
    "file": "fichier",
}


class PlaybookRef(msgspec.Struct, frozen=True):
    id: str
    path: Path
    source: str
    hides: tuple[Path, ...] = ()


def playbook_files(folder: Path) -> list[Path]:
    return folder_files(folder, SUFFIXES)


class Library:
    """The playbooks an agent can use, in precedence order."""

    def __init__(self, env: Environment, dirs: list[Path] | None = None) -> None:
        self.env = env
        self.dirs = dirs
        self.cache = Cache(env.cache_dir)
        self._loaded: dict[Path, Playbook] = {}

    def search_dirs(self) -> list[tuple[Path, str]]:
        """Folders in precedence order, each with its source name."""
        return precedence(
            self.dirs,
            self.env.path_list("REPONSE_PLAYBOOKS"),
            "playbooks",
            self.env.user_playbook_dir,
            resource_dir("playbooks"),
        )

    def discover(self) -> dict[str, PlaybookRef]:
        """Every playbook id found, the highest-precedence file winning."""
        refs: dict[str, PlaybookRef] = {}
        for folder, source in self.search_dirs():
            for path in playbook_files(folder):
                winner = refs.get(path.stem)
                if winner is not None:
                    refs[path.stem] = PlaybookRef(
                        winner.id, winner.path, winner.source, (*winner.hides, path)
                    )
                else:
                    refs[path.stem] = PlaybookRef(path.stem, path, source)
        return dict(sorted(refs.items()))

    def find(self, name: str) -> PlaybookRef:
        """One playbook by id, or by path to a YAML file; « vouliez-vous dire » otherwise."""
        candidate = Path(name).expanduser()
        if candidate.suffix in SUFFIXES:
            if not candidate.is_file():
                raise ReponseError(f"Fichier de playbook introuvable : {candidate}")
            return PlaybookRef(candidate.stem, candidate, "file")
        for folder, source in self.search_dirs():
            for suffix in SUFFIXES:
                path = folder / f"{name}{suffix}"
                if is_regular(path):
                    return PlaybookRef(name, path, source)
        known = self.discover()
        raise ReponseError(
            f"Playbook inconnu : « {name} ».{did_you_mean(name, list(known))}",
            hint="« reponse playbooks list » montre les playbooks disponibles.",
        )

    def load(self, ref: PlaybookRef) -> Playbook:
        if ref.source != "file" and not inside(ref.path, ref.path.parent):
            # A link planted in a shared folder (`x.yaml -> /etc/shadow`) is never read.
            raise PlaybookError([f"{ref.path}: lien vers un fichier hors du dossier : non lu"])
        if ref.path not in self._loaded:
            self._loaded[ref.path] = parse_playbook(ref.path, self.cache)
        return self._loaded[ref.path]

    def forget(self, ref: PlaybookRef) -> None:
        """Let a loaded playbook go: `validate` walks a large library one file at a time."""
        self._loaded.pop(ref.path, None)

    def load_all(self, on_error: object = None) -> dict[str, tuple[PlaybookRef, Playbook]]:
        """Every loadable playbook; broken ones are passed to `on_error` and skipped."""
        found: dict[str, tuple[PlaybookRef, Playbook]] = {}
        for ref in self.discover().values():
            try:
                found[ref.id] = (ref, self.load(ref))
            except PlaybookError as error:
                if callable(on_error):
                    on_error(ref, error)
        return found
