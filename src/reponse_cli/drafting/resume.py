"""The resume store: an interrupted draft's answers, kept privately for `draft --resume`.

The file holds customer data, so it is written `0600` in a `0700` folder, and it is one
of the places `reponse` knows it wrote customer data (see the README).
"""

from __future__ import annotations

from pathlib import Path

import msgspec

from reponse_cli.drafting.compose import DraftState
from reponse_cli.env import Environment
from reponse_cli.errors import ReponseError
from reponse_cli.files.write import write_atomic

FILE_NAME = "brouillon-en-cours.json"


class ResumeStore:
    def __init__(self, env: Environment) -> None:
        self.env = env

    @property
    def path(self) -> Path:
        return self.env.state_dir / FILE_NAME

    def save(self, state: DraftState) -> None:
        state.saved_at = self.env.now().isoformat(timespec="seconds")
        write_atomic(self.path, state.to_json(), private=True)

    def load(self) -> DraftState:
        path = self.path
        if not path.exists():
            raise ReponseError("Aucun brouillon interrompu à reprendre.")
        try:
            return DraftState.from_json(path.read_text(encoding="utf-8"))
        except (ValueError, TypeError, OSError, UnicodeDecodeError, msgspec.MsgspecError):
            raise ReponseError(f"Brouillon interrompu illisible : {path}") from None

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)
