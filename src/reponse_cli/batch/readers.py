"""Ticket exports in: Zendesk (JSON Lines), Freshdesk (CSV), any CSV or JSON Lines with a
column mapping, a folder of `.eml` files, an `mbox`.

Every reader streams: it holds one ticket at a time, however large the export, and says
how far into the input each ticket ends so the progress bar can tell the time left. A
ticket that cannot be read becomes a ticket with a `problem` — the run goes on and the
agent is told — rather than an error that stops a night's batch at line 40,000.
"""

from __future__ import annotations

import codecs
import csv
import email
import email.policy
import json
import mailbox
import re
from collections.abc import Iterator
from email.message import EmailMessage
from html.parser import HTMLParser
from pathlib import Path
from typing import IO, Any

import msgspec

from reponse_cli.batch.tickets import TICKET_FIELDS, Ticket
from reponse_cli.errors import IOFailure, ReponseError, os_message
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


# --- e-mails: the one function the lead swaps for listening.mail ------------------------


class Mail(msgspec.Struct):
    """What a reply needs from a customer's e-mail."""

    body: str  # the customer's own words, quoted history set aside
    subject: str | None = None
    sender_name: str | None = None
    sender_email: str | None = None
    message_id: str | None = None
    references: list[str] = msgspec.field(default_factory=list)


def read_email(data: bytes) -> Mail:
    """An RFC 5322 message (`.eml`, one message of an mbox) read with the standard library."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    body = ""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is not None:
        try:
            body = part.get_content()
        except (LookupError, UnicodeError, ValueError):
            payload = part.get_payload(decode=True)
            body = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
        if part.get_content_type() == "text/html":
            body = html_to_text(body)
    name = address = None
    try:
        sender = message["From"]
        addresses = getattr(sender, "addresses", ())
        if addresses:
            name = addresses[0].display_name or None
            address = addresses[0].addr_spec or None
    except (ValueError, IndexError, TypeError):
        pass
    message_id = _header(message, "Message-ID")
    return Mail(
        body=own_words(body),
        subject=_header(message, "Subject"),
        sender_name=name,
        sender_email=address,
        message_id=message_id,
        references=(_header(message, "References") or "").split(),
    )


def _header(message: EmailMessage, name: str) -> str | None:
    try:
        value = message.get(name)
    except (ValueError, IndexError, TypeError):
        return None
    text = " ".join(str(value).split()) if value is not None else ""
    return text or None


_QUOTE_START = re.compile(
    r"^\s*(?:Le .{0,200}a [ée]crit\s*:|On .{0,200}wrote\s*:"
    r"|-{2,}\s*(?:Message d'origine|Original Message|Message transféré)\s*-{2,}"
    r"|De\s*:\s.+|From\s*:\s.+)\s*$",
    re.IGNORECASE,
)


def own_words(text: str) -> str:
    """The customer's words without the history their mail client quoted below them."""
    kept = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if _QUOTE_START.match(line) or line.rstrip() == "--":
            break
        if line.lstrip().startswith(">"):
            continue
        kept.append(line.rstrip())
    return "\n".join(kept).strip()


class _TextOfHtml(HTMLParser):
    BLOCKS = frozenset(("p", "div", "br", "li", "tr", "h1", "h2", "h3"))
    HIDDEN = frozenset(("script", "style", "head", "blockquote"))  # quoted history too

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    parser = _TextOfHtml()
    parser.feed(html)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


_LOOKS_HTML = re.compile(r"<(?:p|div|br|html|body|span)\b", re.IGNORECASE)


def plain(text: str) -> str:
    return html_to_text(text) if _LOOKS_HTML.search(text) else text.strip()


# --- sources ---------------------------------------------------------------------------


class Source:
    """An export opened for reading: what it is, its size in `unit`s, its tickets."""

    kind = ""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.total = 0

    def __iter__(self) -> Iterator[Ticket]:
        raise NotImplementedError


class _Lines:
    """A binary file's lines, counting lines and bytes read so far."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        self.position = 0
        self.number = 0

    def __iter__(self) -> Iterator[bytes]:
        for line in self.handle:
            self.position += len(line)
            self.number += 1
            yield line


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
    message = plain(values.get("message", ""))
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
            reader = csv.reader(decoded, self.dialect)
            header = next(reader, None)
            if header is None:
                return
            index = {name.strip(): i for i, name in enumerate(header)}
            start = lines.number + 1
            for row in reader:
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
        body = _text(comment.get("plain_body") or comment.get("body"))
        if not body and comment.get("html_body"):
            body = html_to_text(_text(comment.get("html_body")))
        if body.strip():
            latest.append(plain(body))
    message = "\n\n".join(latest) if latest else plain(_text(data.get("description")))
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
        first: Any = None
        for line in head.decode("utf-8", "replace").splitlines():
            if line.strip():
                try:
                    first = json.loads(line)
                except ValueError:
                    first = None
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
                if not raw.strip():
                    continue
                source = f"{self.path.name}:{lines.number}"
                fallback = f"ligne-{lines.number}"
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
                        problem=f"JSON invalide à la colonne {error.colno} (ligne coupée ?)",
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


def _mail_ticket(data: bytes, fallback_id: str, source: str, position: int) -> Ticket:
    try:
        mail = read_email(data)
    except Exception as error:  # a broken e-mail must not stop the batch
        return Ticket(
            fallback_id,
            source=source,
            position=position,
            problem=f"e-mail illisible ({type(error).__name__})",
        )
    references = list(mail.references)
    if mail.message_id and mail.message_id not in references:
        references.append(mail.message_id)
    ticket = Ticket(
        id=fallback_id,
        message=mail.body,
        subject=mail.subject,
        email=mail.sender_email,
        name=mail.sender_name,
        message_id=mail.message_id,
        references=references,
        source=source,
        position=position,
    )
    if REPLACEMENT in mail.body:
        ticket.problem = NOT_UTF8
    elif not mail.body:
        ticket.problem = "message vide"
    return ticket


class EmlFolder(Source):
    """A folder of `.eml` files (or one file); the ticket id is the file's name."""

    kind = "dossier d'e-mails (.eml)"

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        if path.is_dir():
            try:
                self.files = sorted(p for p in path.iterdir() if p.suffix.lower() == ".eml")
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
            try:
                data = file.read_bytes()
            except OSError as error:
                yield Ticket(
                    file.stem,
                    source=file.name,
                    position=number,
                    problem=f"lecture impossible ({os_message(error)})",
                )
                continue
            yield _mail_ticket(data, file.stem, file.name, number)


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
                ticket = _mail_ticket(
                    data, f"message-{number}", f"{self.path.name}#{number}", number
                )
                if ticket.message_id:
                    ticket.id = ticket.message_id.strip("<>")
                yield ticket
        finally:
            self.box.close()


def open_source(path: Path, columns: dict[str, str] | None = None) -> Source:
    """The export at `path`, its format recognised from its name and first bytes."""
    columns = columns or {}
    if not path.exists():
        raise ReponseError(f"Introuvable{NBSP}: {path}", hint=FORMATS_HINT)
    if path.is_dir() or path.suffix.lower() == ".eml":
        return EmlFolder(path)
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
