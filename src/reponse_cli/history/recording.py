"""Recording an accepted draft: a new dossier, or a new reply in one (`draft --dossier`).

The draft command hands its request and options here; the recorder opens the history
only when there is something to record, and closes it at once.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec

from reponse_cli.config import Config
from reponse_cli.drafting.compose import Draft, DraftState
from reponse_cli.drafting.worker import DraftRequest
from reponse_cli.env import Environment
from reponse_cli.history.service import History
from reponse_cli.text.french import format_date


class Recorded(msgspec.Struct):
    dossier: int
    next_due: dt.date | None
    new: bool = True

    def sentence(self) -> str:
        """« Enregistré : dossier n° 12, prochain suivi le 3 décembre »."""
        where = (
            f"dossier n° {self.dossier}"
            if self.new
            else f"nouvelle réponse au dossier n° {self.dossier}"
        )
        if self.next_due is None:
            return f"Enregistré : {where} (pas de suivi prévu)."
        return f"Enregistré : {where}, prochain suivi le {format_date(self.next_due, 'court')}."


class Recorder:
    """Records drafts for one command: into a new dossier, or into `dossier_id`."""

    def __init__(
        self,
        env: Environment,
        config: Config,
        request: DraftRequest,
        dossier_id: int | None = None,
        keep_message: bool = False,
    ) -> None:
        self.env = env
        self.config = config
        self.request = request
        self.dossier_id = dossier_id
        self.keep_message = keep_message

    def _history(self) -> History:
        return History.open(self.env, self.config)

    def record(self, draft: Draft) -> Recorded:
        """Record the accepted draft; its JSON then carries the key `dossier`."""
        request = self.request
        thread: dict[str, Any] = {
            "in_reply_to": request.in_reply_to,
            "references": request.references,
        }
        message = request.message
        text = message if isinstance(message, str) or message is None else message.text
        options = {"message": text, "keep_message": self.keep_message, "thread": thread}
        history = self._history()
        try:
            if self.dossier_id is not None:
                dossier = history.add_reply(self.dossier_id, draft, **options)
                new = False
            else:
                dossier = history.record(draft, **options)
                new = True
        finally:
            history.release()
        draft.extra["dossier"] = dossier.id
        return Recorded(dossier.id, dossier.next_due, new)

    def tag(self, dossier_id: int, tags: list[str]) -> list[str]:
        history = self._history()
        try:
            return history.tag(dossier_id, tags, []).tags
        finally:
            history.release()


def reply_state(
    env: Environment, config: Config, dossier_id: int, playbook: str | None
) -> DraftState:
    """A draft state pre-filled with the dossier's last answers (the customer answered)."""
    history = History.open(env, config)
    try:
        dossier, answers = history.previous_answers(dossier_id)
    finally:
        history.close()
    return DraftState(playbook=playbook or dossier.playbook, answers=answers)
