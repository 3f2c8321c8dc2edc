"""The results on disk: one JSON Lines file, or a folder of `.eml` drafts beside it.

Records are appended one whole line at a time, so the file an interrupted run leaves is
a valid start of the results: `--reprendre` reads the ids back (cutting a line half
written when the process was killed) and the run goes on after them. Everything is
customer text, hence private: files `0600`, folders `0700`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, TextIO

import msgspec

from reponse_cli.batch.pipeline import Outcome
from reponse_cli.batch.summary import Tally
from reponse_cli.batch.tickets import Ticket
from reponse_cli.config import Config
from reponse_cli.delivery.eml import eml_text, sender
from reponse_cli.errors import IOFailure, ReponseError, os_message
from reponse_cli.files.write import ensure_dir, open_append, write_atomic
from reponse_cli.text.french import NBSP

INDEX = "lot.jsonl"  # in a folder of .eml drafts: every record, drafts or not
REVIEW = "a-revoir"  # the drafts a person must look at before sending
_ENCODER = msgspec.json.Encoder()


class Previous(msgspec.Struct):
    """What an earlier run left: the ids done, their figures, where its last whole line ends."""

    done: set[str] = msgspec.field(default_factory=set)
    tally: Tally = msgspec.field(default_factory=Tally)
    size: int | None = None  # None: nothing to cut


class _Seen(msgspec.Struct):
    id: str
    needs_human: bool = False
    reason: str | None = None
    playbook: str | None = None


def read_previous(path: Path) -> Previous:
    """The records of an earlier run at `path` (JSON Lines); a torn last line is left out."""
    previous = Previous()
    if not path.exists():
        return previous
    decoder = msgspec.json.Decoder(_Seen)
    good = 0
    try:
        with path.open("rb") as handle:
            for line in handle:
                try:
                    seen = decoder.decode(line)
                except msgspec.DecodeError:
                    break  # the run was killed while writing this line: it goes
                if not line.endswith(b"\n"):
                    break
                good += len(line)
                if seen.id not in previous.done:
                    previous.done.add(seen.id)
                    previous.tally.add(seen.needs_human, seen.reason, seen.playbook)
        previous.size = good
    except OSError as error:
        raise IOFailure(f"Lecture impossible de {path}{NBSP}: {os_message(error)}.") from None
    return previous


class JsonLinesWriter:
    """Records appended to a file, or written to a stream (standard output)."""

    def __init__(
        self, path: Path | None, stream: TextIO | None = None, keep: int | None = None
    ) -> None:
        self.path = path
        self.stream = stream
        self.handle: BinaryIO | None = (
            open_append(path, private=True, keep=keep) if path is not None else None
        )

    def __call__(self, ticket: Ticket, outcome: Outcome) -> None:
        line = _ENCODER.encode(outcome.record) + b"\n"
        if self.handle is None:
            assert self.stream is not None
            self.stream.write(line.decode())
            self.stream.flush()
            return
        try:
            self.handle.write(line)
            self.handle.flush()
        except OSError as error:
            raise IOFailure(
                f"Écriture impossible dans {self.path}{NBSP}: {os_message(error)}."
            ) from None

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()


class EmlFolderWriter:
    """A folder of `.eml` drafts to open in a mail client, the ones to look at apart.

    Each is the e-mail `reponse draft --format eml` would write for the same ticket.
    """

    def __init__(
        self,
        folder: Path,
        config: Config,
        now: Callable[[], dt.datetime],
        keep: int | None = None,
    ) -> None:
        self.folder = folder
        self.sender = sender(config)
        self.now = now
        ensure_dir(folder, private=True)
        self.index = JsonLinesWriter(folder / INDEX, keep=keep)

    def __call__(self, ticket: Ticket, outcome: Outcome) -> None:
        self.index(ticket, outcome)
        if outcome.draft is None:
            return
        record = outcome.record
        target = self.folder / REVIEW if record.needs_human else self.folder
        text = eml_text(outcome.draft, from_=self.sender, date=self.now())
        write_atomic(target / f"{file_name(record.id)}.eml", text, private=True)

    def close(self) -> None:
        self.index.close()


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def file_name(ticket_id: str) -> str:
    """A file name for a ticket id; ids that had to change get a short hash, so two
    ids never share a file."""
    safe = _UNSAFE.sub("-", ticket_id).strip(".-")[:80] or "ticket"
    if safe != ticket_id:
        safe += "-" + hashlib.sha1(ticket_id.encode()).hexdigest()[:6]
    return safe


def results_writer(
    output: Path | None,
    stdout: TextIO,
    config: Config,
    now: Callable[[], dt.datetime],
    keep: int | None = None,
) -> JsonLinesWriter | EmlFolderWriter:
    """Where `--sortie` sends the results: standard output, a JSON Lines file, or a folder
    of `.eml` drafts (whose sender comes from the shop's settings)."""
    if output is None:
        return JsonLinesWriter(None, stdout)
    if is_folder_output(output):
        return EmlFolderWriter(output, config, now, keep=keep)
    return JsonLinesWriter(output, keep=keep)


def index_path(output: Path) -> Path:
    return output / INDEX if is_folder_output(output) else output


def is_folder_output(output: Path) -> bool:
    """A folder of `.eml` drafts for a folder or a name without suffix; else JSON Lines."""
    return output.is_dir() or str(output).endswith("/") or not output.suffix


def refuse_to_overwrite(output: Path) -> None:
    index = index_path(output)
    if index.exists() and index.stat().st_size > 0:
        raise ReponseError(
            f"{index} existe déjà\u00a0: je ne l'écrase pas.",
            hint="Pour continuer ce lot\u00a0: --reprendre\u202f; pour recommencer, supprimez-le.",
        )
