"""Ticket exports in: Zendesk (JSON Lines), Freshdesk (CSV), any CSV or JSON Lines with a
column mapping, a folder of `.eml` files, an `mbox`.

Every reader streams: it holds one ticket at a time, however large the export, and says
how far into the input each ticket ends so the progress bar can tell the time left. A
ticket that cannot be read becomes a ticket with a `problem` — the run goes on and the
agent is told — rather than an error that stops a night's batch at line 40,000.

Readers only split the export into tickets; the customer's words are read from each one
(`Ticket.read`, with listening/mail.py) where it is drafted.
"""

from __future__ import annotations

import codecs
import csv
import email.policy
import json
import mailbox
from collections.abc import Iterator
from email.parser import BytesHeaderParser
from pathlib import Path
from typing import IO, Any

from reponse_cli.batch.tickets import TICKET_FIELDS, Ticket
from reponse_cli.errors import IOFailure, ReponseError, os_message
from reponse_cli.files.read import (
    MAX_TEXT_BYTES,
    TooLarge,
    folder_files,
    inside,
    is_regular,
    read_limited,
    size_label,
)
from reponse_cli.text.french import NBSP

FORMATS_HINT = (
    "Formats lus\u00a0: export Zendesk (JSON Lines), export Freshdesk (CSV), CSV ou JSON Lines "
    "avec --colonne, dossier de fichiers .eml, fichier mbox."
)
# Zendesk's ticket statuses with nothing left to answer; Freshdesk's, in both languages.
CLOSED_STATUSES = frozenset(("solved", "closed", "resolved", "résolu", "fermé", "clos"))
FRESHDESK_COLUMNS = {
    "id": "Ticket ID",
    "message": "Description",
    "objet": "Subject",
    "email": "Email",
    "client": "Full name",
}
HEAD_BYTES = 65536
REPLACEMENT = "\ufffd"
NOT_UTF8 = "caractères illisibles\u00a0: cette partie du fichier n'est pas en UTF-8"


# --- sources ---------------------------------------------------------------------------


class Source:
    """An export opened for reading: what it is, its size in `unit`s, its tickets."""

    kind = ""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.total = 0

    def __iter__(self) -> Iterator[Ticket]:
        raise NotImplementedError


TOO_LONG = (
    f"ticket de plus de {size_label(MAX_TEXT_BYTES)} : laissé de côté (un message, même avec "
    "tout son fil, est bien plus court)"
)


class _Lines:
    """A binary file's lines, counting lines and bytes read so far.

    A line longer than `MAX_TEXT_BYTES` is never held whole: it is read through and
    given as an empty line, and `too_long` is set (until the reader resets it, once it
    has reported the ticket), so one absurd ticket cannot exhaust memory.
    """

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        self.position = 0
        self.number = 0
        self.too_long = False

    def __iter__(self) -> Iterator[bytes]:
        while True:
            line = self.handle.readline(MAX_TEXT_BYTES + 1)
            if not line:
                return
            self.position += len(line)
            self.number += 1
            long = len(line) > MAX_TEXT_BYTES and not line.endswith(b"\n")
            while long and line and not line.endswith(b"\n"):
                line = self.handle.readline(MAX_TEXT_BYTES)
                self.position += len(line)
            self.too_long = self.too_long or long
            yield b"\n" if long else line


def _open(path: Path) -> IO[bytes]:
    try:
        return path.open("rb")
    except OSError as error:
        raise IOFailure(f"Lecture impossible de {path}{NBSP}: {os_message(error)}.") from None


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _head(path: Path) -> bytes:
    with _open(path) as handle:
        return handle.read(HEAD_BYTES)


def _require_utf8(path: Path, head: bytes) -> None:
    """The start of the file must be UTF-8: a file saved in another encoding is named now,
    not discovered ticket by ticket."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        raise ReponseError(
            f"{path} n'est pas encodé en UTF-8.",
            hint="Enregistrez l'export en « CSV UTF-8 » (ou UTF-8) puis relancez.",
        ) from None


def _check_mapping(
    mapping: dict[str, str], available: list[str], path: Path, nested: bool = False
) -> None:
    """Every mapped column exists (a dotted path into nested JSON is taken on trust)."""
    listed = ", ".join(f"« {c} »" for c in available) or "aucune"
    for field, column in mapping.items():
        if column not in available and not (nested and "." in column):
            raise ReponseError(
                f"Colonne introuvable dans {path}{NBSP}: « {column} » (pour {field}).",
                hint=f"Colonnes du fichier{NBSP}: {listed}.",
            )
    if "message" not in mapping:
        raise ReponseError(
            f"Je ne trouve pas la colonne du message dans {path}.",
            hint=f"Indiquez-la{NBSP}: --colonne message=COLONNE "
            f"(colonnes du fichier{NBSP}: {listed}).",
        )


def _ticket_from_fields(
    values: dict[str, str], source: str, position: int, fallback_id: str
) -> Ticket:
    """A ticket from mapped values: ticket fields, then answers."""
    message = values.get("message", "").strip()
    ticket = Ticket(
        id=values.get("id", "").strip() or fallback_id,
        message=message,
        subject=values.get("objet", "").strip() or None,
        email=values.get("email", "").strip() or None,
        name=values.get("client", "").strip() or None,
        message_id=values.get("message_id", "").strip() or None,
        answers={k: v for k, v in values.items() if k not in TICKET_FIELDS and v.strip()},
        source=source,
        position=position,
    )
    if ticket.message_id:
        ticket.references = [ticket.message_id]
    if any(REPLACEMENT in value for value in values.values()):
        ticket.problem = NOT_UTF8
    elif not message:
        ticket.problem = "message vide"
    return ticket


class CsvSource(Source):
    """A CSV export: Freshdesk's columns are known; any other CSV needs `message` mapped."""

    def __init__(self, path: Path, columns: dict[str, str], head: bytes) -> None:
        super().__init__(path)
        self.total = _size(path)
        text = head.decode("utf-8-sig", "replace")
        first = text.split("\n", 1)[0]
        try:
            self.dialect: Any = csv.Sniffer().sniff(first, delimiters=",;\t")
        except csv.Error:
            self.dialect = csv.excel
        headers = next(csv.reader([first], self.dialect), [])
        headers = [h.strip() for h in headers]
        freshdesk = "Ticket ID" in headers and "Description" in headers
        self.kind = "export Freshdesk (CSV)" if freshdesk else "CSV"
        if freshdesk:
            guessed = {f: c for f, c in FRESHDESK_COLUMNS.items() if c in headers}
        else:
            lower = {h.lower(): h for h in headers}
            guessed = {f: lower[f] for f in TICKET_FIELDS if f in lower}
            if "objet" not in guessed and "subject" in lower:
                guessed["objet"] = lower["subject"]
        self.mapping = {**guessed, **columns}
        _check_mapping(self.mapping, headers, path)
        self.status = "Status" if freshdesk and "Status" in headers else None

    def __iter__(self) -> Iterator[Ticket]:
        with _open(self.path) as handle:
            lines = _Lines(handle)
            decoded = (
                line.decode("utf-8-sig" if lines.number == 1 else "utf-8", "replace")
                for line in lines
            )
            # A description may be long (a whole thread pasted): the csv module's default
            # limit on a field (128 KiB) would stop the run; lines are bounded above.
            csv.field_size_limit(MAX_TEXT_BYTES)
            reader = csv.reader(decoded, self.dialect)
            header = next(reader, None)
            if header is None:
                return
            index = {name.strip(): i for i, name in enumerate(header)}
            start = lines.number + 1
            for row in _rows(reader, self.path, lines):
                if lines.too_long:
                    lines.too_long = False
                    yield Ticket(
                        f"ligne-{start}",
                        source=f"{self.path.name}:{start}",
                        position=lines.position,
                        problem=TOO_LONG,
                    )
                    start = lines.number + 1
                    continue
                if not any(cell.strip() for cell in row):
                    start = lines.number + 1
                    continue
                values = {
                    field: row[index[column]] if index[column] < len(row) else ""
                    for field, column in self.mapping.items()
                }
                ticket = _ticket_from_fields(
                    values, f"{self.path.name}:{start}", lines.position, f"ligne-{start}"
                )
                if self.status is not None and self.status in index:
                    status = row[index[self.status]] if index[self.status] < len(row) else ""
                    if status.strip().lower() in CLOSED_STATUSES:
                        ticket.skip = "résolu"
                start = lines.number + 1
                yield ticket


def _rows(reader: Iterator[list[str]], path: Path, lines: _Lines) -> Iterator[list[str]]:
    """The CSV rows; a row the csv module cannot read stops the run with its line."""
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise ReponseError(
                f"{path}:{lines.number}: CSV illisible ({error}).",
                hint="Les tickets d'avant sont écrits : corrigez la ligne, puis relancez avec "
                "--reprendre.",
            ) from None
        yield row


def _dig(data: Any, path: str) -> Any:
    """`via.source.from.address` or `custom_fields.0.value` in nested JSON."""
    for key in path.split("."):
        if isinstance(data, dict):
            data = data.get(key)
        elif isinstance(data, list) and key.isdigit() and int(key) < len(data):
            data = data[int(key)]
        else:
            return None
    return data


def _text(value: Any) -> str:
    if value is None or isinstance(value, dict | list):
        return ""
    return str(value)


def zendesk_ticket(data: dict[str, Any], source: str, position: int) -> Ticket:
    """A Zendesk ticket with its comments: what the customer wrote since the last answer."""
    requester = data.get("requester_id")
    comments = [c for c in data.get("comments") or [] if isinstance(c, dict)]
    public = [c for c in comments if c.get("public", True)]
    latest: list[str] = []
    for comment in public:
        if requester is not None and comment.get("author_id") != requester:
            latest = []  # an agent answered: only what the customer wrote after counts
            continue
        # HTML only when there is no text: the mail reader turns it into text.
        body = _text(comment.get("plain_body") or comment.get("body") or comment.get("html_body"))
        if body.strip():
            latest.append(body.strip())
    message = "\n\n".join(latest) if latest else _text(data.get("description")).strip()
    address = _text(_dig(data, "via.source.from.address") or _dig(data, "requester.email"))
    name = _text(_dig(data, "via.source.from.name") or _dig(data, "requester.name"))
    ticket = Ticket(
        id=_text(data.get("id")) or source,
        message=message,
        subject=_text(data.get("subject") or data.get("raw_subject")) or None,
        email=address or None,
        name=name or None,
        source=source,
        position=position,
    )
    if str(data.get("status", "")).lower() in CLOSED_STATUSES:
        ticket.skip = "résolu"
    elif public and not latest:
        ticket.skip = "déjà répondu"
    elif not message:
        ticket.problem = "message vide"
    return ticket


def _is_zendesk(data: Any) -> bool:
    return isinstance(data, dict) and (
        "comments" in data or ("requester_id" in data and "description" in data)
    )


class JsonLinesSource(Source):
    """JSON Lines: one ticket per line; Zendesk's export is recognised, others mapped."""

    def __init__(self, path: Path, columns: dict[str, str], head: bytes) -> None:
        super().__init__(path)
        self.total = _size(path)
        # The shape comes from the first whole ticket of the head (a torn or very long
        # first line says nothing about the others).
        first: Any = None
        complete = head if len(head) < HEAD_BYTES else head[: head.rfind(b"\n") + 1]
        for line in complete.decode("utf-8", "replace").splitlines():
            try:
                first = json.loads(line)
            except ValueError:
                continue
            if isinstance(first, dict):
                break
        self.zendesk = _is_zendesk(first)
        self.kind = "export Zendesk (JSON Lines)" if self.zendesk else "JSON Lines"
        keys = list(first) if isinstance(first, dict) else []
        guessed = {} if self.zendesk else {f: f for f in TICKET_FIELDS if f in keys}
        self.mapping = {**guessed, **columns}
        if not self.zendesk:
            _check_mapping(self.mapping, keys, path, nested=True)

    def __iter__(self) -> Iterator[Ticket]:
        with _open(self.path) as handle:
            lines = _Lines(handle)
            for raw in lines:
                source = f"{self.path.name}:{lines.number}"
                fallback = f"ligne-{lines.number}"
                if lines.too_long:
                    lines.too_long = False
                    yield Ticket(fallback, source=source, position=lines.position, problem=TOO_LONG)
                    continue
                if not raw.strip():
                    continue
                try:
                    data = json.loads(raw.decode("utf-8"))
                except UnicodeDecodeError:
                    yield Ticket(fallback, source=source, position=lines.position, problem=NOT_UTF8)
                    continue
                except json.JSONDecodeError as error:
                    yield Ticket(
                        fallback,
                        source=source,
                        position=lines.position,
                        problem=f"JSON invalide à la colonne {error.colno} (ligne coupée ?)",
                    )
                    continue
                if not isinstance(data, dict):
                    yield Ticket(
                        fallback,
                        source=source,
                        position=lines.position,
                        problem="une ligne doit être un objet JSON { … }",
                    )
                    continue
                if self.zendesk:
                    ticket = zendesk_ticket(data, source, lines.position)
                    answers = {
                        f: _text(_dig(data, c))
                        for f, c in self.mapping.items()
                        if f not in TICKET_FIELDS
                    }
                    ticket.answers = {k: v for k, v in answers.items() if v.strip()}
                    yield ticket
                    continue
                values = {f: _text(_dig(data, c)) for f, c in self.mapping.items()}
                yield _ticket_from_fields(values, source, lines.position, fallback)


_HEADERS = BytesHeaderParser(policy=email.policy.default)


def message_id_of(data: bytes) -> str | None:
    """The Message-ID alone (headers only): an mbox ticket's id, stable across runs."""
    try:
        value = _HEADERS.parsebytes(data).get("Message-ID")
    except (ValueError, IndexError, TypeError, LookupError):
        return None
    text = str(value or "").strip().strip("<>").strip()
    return text or None


class EmlFolder(Source):
    """A folder of `.eml` files (or one file); the ticket id is the file's name."""

    kind = "dossier d'e-mails (.eml)"

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        if path.is_dir():
            try:
                self.files = folder_files(path, (".eml", ".EML"))
            except OSError as error:
                raise IOFailure(
                    f"Lecture impossible de {path}{NBSP}: {os_message(error)}."
                ) from None
            if not self.files:
                raise ReponseError(f"Aucun fichier .eml dans {path}.", hint=FORMATS_HINT)
        else:
            self.files = [path]
        self.total = len(self.files)

    def __iter__(self) -> Iterator[Ticket]:
        for number, file in enumerate(self.files, 1):
            problem = None
            if self.path.is_dir() and not inside(file, self.path):
                problem = "lien vers un fichier hors du dossier : pas lu"
            else:
                try:
                    data = read_limited(file, MAX_TEXT_BYTES)
                except TooLarge:
                    problem = TOO_LONG
                except OSError as error:
                    problem = f"lecture impossible ({os_message(error)})"
            if problem is not None:
                yield Ticket(file.stem, source=file.name, position=number, problem=problem)
                continue
            yield Ticket(file.stem, eml=data, source=file.name, position=number)


class MboxSource(Source):
    """An mbox mailbox (Thunderbird, Gmail's Takeout…); the ticket id is the Message-ID."""

    kind = "boîte mbox"

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.box = mailbox.mbox(str(path), create=False)
        try:
            self.keys = self.box.keys()  # one pass over the file: offsets only
        except OSError as error:
            raise IOFailure(f"Lecture impossible de {path}{NBSP}: {os_message(error)}.") from None
        self.total = len(self.keys)

    def __iter__(self) -> Iterator[Ticket]:
        try:
            for number, key in enumerate(self.keys, 1):
                data = self.box.get_bytes(key)
                ticket_id = message_id_of(data) or f"message-{number}"
                if len(data) > MAX_TEXT_BYTES:
                    source = f"{self.path.name}#{number}"
                    yield Ticket(ticket_id, source=source, position=number, problem=TOO_LONG)
                    continue
                yield Ticket(
                    ticket_id, eml=data, source=f"{self.path.name}#{number}", position=number
                )
        finally:
            self.box.close()


def open_source(path: Path, columns: dict[str, str] | None = None) -> Source:
    """The export at `path`, its format recognised from its name and first bytes."""
    columns = columns or {}
    if not path.exists():
        raise ReponseError(f"Introuvable{NBSP}: {path}", hint=FORMATS_HINT)
    if path.is_dir() or path.suffix.lower() == ".eml":
        return EmlFolder(path)
    if not is_regular(path):
        raise ReponseError(
            f"{path} n'est pas un fichier ordinaire (tube, périphérique…).",
            hint="Enregistrez l'export dans un fichier, puis donnez ce fichier.",
        )
    head = _head(path)
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not start:
        raise ReponseError(f"{path} est vide.")
    suffix = path.suffix.lower()
    if suffix == ".mbox" or start.startswith(b"From "):
        return MboxSource(path)
    _require_utf8(path, head)
    if start.startswith(b"["):
        raise ReponseError(
            f"{path} est un tableau JSON\u00a0: il faut un ticket par ligne (JSON Lines).",
            hint="Exportez en JSON Lines (NDJSON), comme l'export JSON de Zendesk.",
        )
    if suffix in (".jsonl", ".ndjson", ".json") or start.startswith(b"{"):
        return JsonLinesSource(path, columns, head)
    if suffix in (".csv", ".tsv", ".txt") or b"," in start or b";" in start:
        return CsvSource(path, columns, head)
    raise ReponseError(f"Format non reconnu\u00a0: {path}.", hint=FORMATS_HINT)
