"""The results on disk: one JSON Lines file, or a folder of `.eml` drafts beside it.

Records are appended one whole line at a time, so the file an interrupted run leaves is
a valid start of the results: `--reprendre` reads the ids back (cutting a line half
written when the process was killed) and the run goes on after them. Everything is
customer text, hence private: files `0600`, folders `0700`.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formataddr
from pathlib import Path
from typing import BinaryIO, TextIO

import msgspec

from reponse_cli.batch.pipeline import Record
from reponse_cli.batch.summary import Tally
from reponse_cli.batch.tickets import Ticket
from reponse_cli.config import Config
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

    def __call__(self, ticket: Ticket, record: Record) -> None:
        line = _ENCODER.encode(record) + b"\n"
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
    """A folder of `.eml` drafts to open in a mail client, the ones to look at apart."""

    def __init__(self, folder: Path, config: Config, keep: int | None = None) -> None:
        self.folder = folder
        self.config = config
        ensure_dir(folder, private=True)
        self.index = JsonLinesWriter(folder / INDEX, keep=keep)

    def __call__(self, ticket: Ticket, record: Record) -> None:
        self.index(ticket, record)
        if record.text is None:
            return
        target = self.folder / REVIEW if record.needs_human else self.folder
        message = draft_message(record, self.config)
        write_atomic(target / f"{file_name(record.id)}.eml", message.as_bytes(), private=True)

    def close(self) -> None:
        self.index.close()


def draft_message(record: Record, config: Config) -> EmailMessage:
    """An unsent reply (`X-Unsent: 1`): the mail client opens it as a draft to send.

    Threaded under the customer's e-mail when its Message-ID is known.
    """
    message = EmailMessage(policy=SMTP)
    message["Subject"] = record.subject or ""
    if record.email:
        message["To"] = formataddr((record.client or "", record.email))
    contact = config.get("contact")
    if contact and "@" in contact:
        with contextlib.suppress(ValueError, IndexError):  # not an address: no From
            message["From"] = Address(config.get("entreprise") or "", addr_spec=contact)
    if record.in_reply_to:
        message["In-Reply-To"] = record.in_reply_to
    if record.references:
        message["References"] = " ".join(record.references)
    message["X-Unsent"] = "1"
    message.set_content(record.text or "", charset="utf-8", cte="quoted-printable")
    return message


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def file_name(ticket_id: str) -> str:
    """A file name for a ticket id; ids that had to change get a short hash, so two
    ids never share a file."""
    safe = _UNSAFE.sub("-", ticket_id).strip(".-")[:80] or "ticket"
    if safe != ticket_id:
        safe += "-" + hashlib.sha1(ticket_id.encode()).hexdigest()[:6]
    return safe


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
