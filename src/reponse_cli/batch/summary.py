"""The figures of a batch: drafts ready, drafts to look at and why, by playbook."""

from __future__ import annotations

import msgspec


class Tally(msgspec.Struct):
    """What happened to the tickets read: the summary table's figures."""

    drafted: int = 0  # ready to read and send
    to_review: int = 0
    by_reason: dict[str, int] = msgspec.field(default_factory=dict)
    by_playbook: dict[str, list[int]] = msgspec.field(default_factory=dict)  # [ready, review]
    skipped: dict[str, int] = msgspec.field(default_factory=dict)  # résolu, déjà répondu…
    resumed: int = 0  # already in the results of an earlier run

    def add(self, needs_human: bool, reason: str | None, playbook: str | None) -> None:
        if needs_human:
            self.to_review += 1
            if reason:
                self.by_reason[reason] = self.by_reason.get(reason, 0) + 1
        else:
            self.drafted += 1
        counts = self.by_playbook.setdefault(playbook or "—", [0, 0])
        counts[1 if needs_human else 0] += 1

    def skip(self, why: str) -> None:
        self.skipped[why] = self.skipped.get(why, 0) + 1

    @property
    def written(self) -> int:
        return self.drafted + self.to_review
