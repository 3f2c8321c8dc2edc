"""Work shared among processes, each with its own drafting worker; results in order.

`reponse lot --jobs` drafts tickets this way and `reponse playbooks validate --jobs`
validates playbooks: a fresh interpreter per process builds its worker once (playbooks,
rules, templates and patterns load once there), a few small chunks are in flight at a
time, so the input is never read further ahead than them, and the results come back in
input order.
"""

from __future__ import annotations

import datetime as dt
import io
import multiprocessing
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from pathlib import Path
from typing import Any, Generic, TypeVar

import msgspec

from reponse_cli.drafting.worker import Worker
from reponse_cli.env import Environment
from reponse_cli.errors import ExitStatus, ReponseError
from reponse_cli.playbooks.library import Library

Item = TypeVar("Item")
Result = TypeVar("Result")
IN_FLIGHT = 3  # chunks waiting per process: enough to keep it busy, no more


class WorkerSpec(msgspec.Struct, frozen=True):
    """What a process needs to build its own worker (an Environment cannot travel)."""

    variables: dict[str, str]
    today: dt.date
    playbook_dirs: list[str] | None = None

    @classmethod
    def of(cls, env: Environment, playbook_dirs: list[Path] | None) -> WorkerSpec:
        dirs = [str(d) for d in playbook_dirs] if playbook_dirs else None
        return cls(dict(env.variables), env.today, dirs)

    def library(self) -> Library:
        """The library of a quiet environment: a process of the pool never prints."""
        quiet = io.StringIO()
        env = Environment(
            stdin=io.StringIO(),
            stdout=quiet,
            stderr=quiet,
            variables=self.variables,
            fixed_today=self.today,
        )
        dirs = [Path(d) for d in self.playbook_dirs] if self.playbook_dirs else None
        return Library(env, dirs)

    def worker(self) -> Worker:
        library = self.library()
        return Worker(library.env, library)


class WorkerLost(ReponseError):
    """A process of the pool died (killed, out of memory): not the agent's doing."""

    exit_code = ExitStatus.INTERNAL


_process_worker: Worker | None = None


def _start_process(spec: WorkerSpec, make_worker: Callable[[WorkerSpec], Worker]) -> None:
    # Ctrl-C is the parent's to handle: it stops feeding work and closes the results.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    global _process_worker
    _process_worker = make_worker(spec)


def _run_chunk(task: Callable[[Worker, Any], Any], items: list[Any]) -> list[Any]:
    assert _process_worker is not None
    return [task(_process_worker, item) for item in items]


def _default_worker(spec: WorkerSpec) -> Worker:
    return spec.worker()


class OrderedPool(Generic[Item, Result]):
    """`task(worker, item)` for every item, in `jobs` processes; results in input order.

    `task` and `make_worker` are module-level functions (they travel by name). `lost`
    says, in French, what the agent can do when a process dies.
    """

    def __init__(
        self,
        spec: WorkerSpec,
        jobs: int,
        task: Callable[[Worker, Item], Result],
        chunk: int,
        lost: str,
        make_worker: Callable[[WorkerSpec], Worker] = _default_worker,
    ) -> None:
        methods = multiprocessing.get_all_start_methods()
        # A fresh interpreter per process (no fork of a parent whose progress bar runs
        # a thread); the fork server makes them cheap where the system has one.
        context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
        self.jobs, self.task, self.chunk, self.lost = jobs, task, chunk, lost
        self.pool = ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=context,
            initializer=_start_process,
            initargs=(spec, make_worker),
        )

    def map(self, items: Iterable[Item]) -> Iterator[tuple[Item, Result]]:
        stream = iter(items)
        pending: deque[tuple[list[Item], Future[list[Result]]]] = deque()

        def submit() -> bool:
            chunk = list(islice(stream, self.chunk))
            if chunk:
                pending.append((chunk, self.pool.submit(_run_chunk, self.task, chunk)))
            return bool(chunk)

        while len(pending) < self.jobs * IN_FLIGHT and submit():
            pass
        while pending:
            chunk, future = pending.popleft()
            try:
                results = future.result()
            except BrokenProcessPool:
                raise WorkerLost(
                    "Un des processus de --jobs s'est arrêté net (mémoire épuisée ?).",
                    hint=self.lost,
                ) from None
            submit()
            yield from zip(chunk, results, strict=True)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
