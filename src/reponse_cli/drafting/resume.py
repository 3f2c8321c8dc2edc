"""The resume store: interrupted drafts' answers, kept privately for `draft --resume`.

Each interrupted draft has its own slot (one JSON file in `brouillons/` of the state
folder), so a second interrupted draft never erases the first. The files hold customer
data: `0600` in a `0700` folder, one of the places reponse knows it wrote customer data
(see the README). A slot disappears when its draft is accepted.

A state folder that cannot be written is no reason to stop a draft: the agent is warned
once and goes on (`warn`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import msgspec

from reponse_cli.drafting.compose import DraftState
from reponse_cli.env import Environment
from reponse_cli.errors import IOFailure, ReponseError
from reponse_cli.files.read import MAX_YAML_BYTES, read_limited
from reponse_cli.files.write import write_atomic

FOLDER = "brouillons"
LEGACY_FILE = "brouillon-en-cours.json"  # the single slot of earlier versions


class ResumeEntry(msgspec.Struct, frozen=True):
    """One interrupted draft: where it is kept, and what the agent had decided."""

    path: Path
    state: DraftState


class ResumeStore:
    """The slots of interrupted drafts; `slot` is the one this store's draft writes to."""

    def __init__(
        self,
        env: Environment,
        slot: Path | None = None,
        warn: Callable[[str], None] | None = None,
    ) -> None:
        self.env = env
        self.slot = slot
        self.warn = warn
        self.unusable = False  # warned once: later saves are skipped quietly
        self.unreadable: list[Path] = []  # found by `entries()`

    @property
    def folder(self) -> Path:
        return self.env.state_dir / FOLDER

    # --- this draft's slot -------------------------------------------------------------

    def save(self, state: DraftState) -> None:
        """Keep `state` in this draft's slot; a refusal is a warning, never an error."""
        if self.unusable:
            return
        state.saved_at = self.env.now().isoformat(timespec="seconds")
        if self.slot is None:
            stamp = self.env.now().strftime("%Y%m%d-%H%M%S")
            import secrets  # only when a draft is saved

            self.slot = self.folder / f"{stamp}-{state.playbook}-{secrets.token_hex(3)}.json"
        try:
            write_atomic(self.slot, state.to_json(), private=True)
        except IOFailure as error:
            self.unusable = True
            if self.warn is not None:
                self.warn(
                    f"Attention : vos réponses ne peuvent pas être gardées pour --resume "
                    f"({error.message}) ; le brouillon continue."
                )

    def clear(self) -> None:
        """The draft was accepted: its slot goes."""
        if self.slot is not None:
            self.slot.unlink(missing_ok=True)

    # --- every slot (also for erasing a customer's data) -----------------------------------

    def entries(self) -> list[ResumeEntry]:
        """Every readable interrupted draft, newest first; unreadable ones in `unreadable`."""
        paths = sorted(self.folder.glob("*.json")) if self.folder.is_dir() else []
        legacy = self.env.state_dir / LEGACY_FILE
        if legacy.is_file():
            paths.append(legacy)
        found: list[ResumeEntry] = []
        self.unreadable = []
        for path in paths:
            try:
                found.append(ResumeEntry(path, read_state(path)))
            except ReponseError:
                self.unreadable.append(path)
        found.sort(key=lambda e: (e.state.saved_at or "", e.path.name), reverse=True)
        return found

    def forget(self, predicate: Callable[[ResumeEntry], bool]) -> list[Path]:
        """Delete the interrupted drafts `predicate` selects; the paths deleted."""
        gone = []
        for entry in self.entries():
            if predicate(entry):
                entry.path.unlink(missing_ok=True)
                gone.append(entry.path)
        return gone


def read_state(path: Path) -> DraftState:
    """One slot's state; ReponseError (French) when it is damaged."""
    try:
        return DraftState.from_json(read_limited(path, MAX_YAML_BYTES).decode("utf-8"))
    except (ValueError, TypeError, OSError, msgspec.MsgspecError):
        raise ReponseError(f"Brouillon interrompu illisible : {path}") from None


def describe(entry: ResumeEntry) -> str:
    """One line for the list `draft --resume` shows: when, which playbook, whose."""
    state = entry.state
    when = (state.saved_at or "")[:16].replace("T", " à ")
    who = " · ".join(
        str(state.answers[key]) for key in ("nom", "commande") if state.answers.get(key)
    )
    step = f"étape {min(state.step + 1, 5)}/5"
    return " · ".join(part for part in (when, state.playbook, who, step) if part)


def resumes(state: DraftState, playbook: str) -> bool:
    """Whether `playbook` (an id or a path) is the one the interrupted draft used."""
    path = Path(playbook).expanduser()
    if path.suffix in (".yaml", ".yml"):
        if state.playbook_path:
            return path.resolve() == Path(state.playbook_path)
        return path.stem == state.playbook
    return playbook == state.playbook


def candidates(store: ResumeStore, playbook: str | None = None) -> list[ResumeEntry]:
    """The interrupted drafts `draft --resume` may take up, newest first (at least one)."""
    found = [e for e in store.entries() if playbook is None or resumes(e.state, playbook)]
    if not found:
        if store.unreadable:
            raise ReponseError(f"Brouillon interrompu illisible : {store.unreadable[0]}")
        which = f" pour « {playbook} »" if playbook else ""
        raise ReponseError(f"Aucun brouillon interrompu à reprendre{which}.")
    return found
