"""`reponse lot` on screen: a progress bar while it runs, the summary when it ends."""

from __future__ import annotations

import time
from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    TaskID,
    TaskProgressColumn,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from reponse_cli.batch.pipeline import REASONS
from reponse_cli.batch.summary import Tally
from reponse_cli.env import Environment
from reponse_cli.text.french import NBSP, format_number
from reponse_cli.views.console import agent_console

SKIP_LABELS = {
    "résolu": "ignorés, déjà résolus",
    "déjà répondu": "ignorés, la dernière réponse est la vôtre",
    "doublon": "ignorés, en double dans l'export",
}


class BatchProgress:
    """The bar, the tickets done, the rate and the time left — only on a terminal."""

    def __init__(self, env: Environment, total: int, label: str, tally: Tally) -> None:
        self.tally = tally
        self.position = 0
        self.started = time.monotonic()
        self.first = tally.written  # tickets of an earlier run do not count in the rate
        self.progress: Progress | None = None
        self.task: TaskID | None = None
        if env.stderr_isatty and total > 0:
            self.progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                TaskProgressColumn(),
                TextColumn("{task.fields[count]}"),
                TextColumn("{task.fields[rate]}"),
                TextColumn("reste"),
                TimeRemainingColumn(),
                console=agent_console(env),
            )
            self.task = self.progress.add_task(label, total=total, count="", rate="")

    def __enter__(self) -> BatchProgress:
        if self.progress is not None:
            self.progress.start()
        return self

    def __exit__(
        self, kind: type | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.progress is not None:
            self.progress.stop()

    def advance(self, position: int) -> None:
        if self.progress is None or self.task is None:
            return
        self.position = max(self.position, position)
        done = self.tally.written - self.first
        elapsed = max(time.monotonic() - self.started, 1e-6)
        self.progress.update(
            self.task,
            completed=self.position,
            count=f"{format_number(self.tally.written)} tickets",
            rate=f"{done / elapsed:.0f}/s",
        )


def show_summary(console: Console, tally: Tally, kind: str, output: str) -> None:
    """The figures an agent acts on: how many to send, how many to look at, and why."""
    console.print(f"[bold]Lot terminé[/bold]{NBSP}: {kind} → {output}", highlight=False)
    table = Table(box=None, pad_edge=False)
    table.add_column("Tickets", header_style="bold")
    table.add_column("Nombre", justify="right", header_style="bold")
    table.add_row("Brouillons prêts à relire et envoyer", format_number(tally.drafted))
    table.add_row("À revoir avant d'envoyer", format_number(tally.to_review))
    for code, label in REASONS.items():
        if tally.by_reason.get(code):
            table.add_row(f"  dont {label}", format_number(tally.by_reason[code]))
    for why, count in tally.skipped.items():
        table.add_row(SKIP_LABELS.get(why, f"ignorés, {why}").capitalize(), format_number(count))
    if tally.resumed:
        table.add_row("Comptés ci-dessus, faits au passage précédent", format_number(tally.resumed))
    console.print(table)
    if not tally.by_playbook:
        return
    console.print()
    by_playbook = Table(box=None, pad_edge=False)
    by_playbook.add_column("Type de litige", header_style="bold")
    by_playbook.add_column("Prêts", justify="right", header_style="bold")
    by_playbook.add_column("À revoir", justify="right", header_style="bold")
    for playbook, (ready, review) in sorted(
        tally.by_playbook.items(), key=lambda item: (-sum(item[1]), item[0])
    ):
        name = "aucun (playbook incertain ou ticket illisible)" if playbook == "—" else playbook
        by_playbook.add_row(name, format_number(ready), format_number(review))
    console.print(by_playbook)
