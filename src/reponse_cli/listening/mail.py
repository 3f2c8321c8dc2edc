"""The customer's e-mail: an `.eml` file or pasted text, their own words set apart.

What came with the customer's words — earlier messages quoted below (ours among them),
a signature, a legal disclaimer, HTML leftovers — would otherwise be read as theirs:
a quoted « nous avons expédié votre colis » must not become a fact. `parse_message`
keeps them apart, and from an `.eml` also the sender, the subject and the thread
(Message-ID, References), so the reply lands in the customer's thread.

`parse_eml` takes bytes or an `email.message.Message` (the batch reads `.eml` folders and
mbox with it); `parse_text` reads what an agent pasted.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING, Any

import msgspec

from reponse_cli.errors import ReponseError
from reponse_cli.text.lazy import lazy_compile

if TYPE_CHECKING:
    from email.message import EmailMessage, Message

# The stdlib's e-mail and HTML parsers are imported when an e-mail is read: a draft
# from typed answers, or a pasted message, never needs them.


@cache
def _header_errors() -> tuple[type[Exception], ...]:
    """What reading a damaged header can raise from deep inside the stdlib parser."""
    import email.errors

    return (
        ValueError,
        IndexError,
        TypeError,
        AttributeError,
        LookupError,
        email.errors.MessageError,
    )


class Mail(msgspec.Struct):
    """One customer e-mail: their own words, what was set aside, who and which thread."""

    text: str  # the customer's own words: what `listen` reads and the draft starts from
    quoted: str = ""  # earlier messages of the thread, quoted below or inline
    signature: str = ""
    disclaimer: str = ""
    sender_name: str | None = None
    sender_email: str | None = None
    reply_to: str | None = None  # where a reply goes, when not to the sender
    reply_to_name: str | None = None
    subject: str | None = None
    message_id: str | None = None
    references: list[str] = msgspec.field(default_factory=list)  # the thread before it
    eml: bool = False  # read from an e-mail file (headers known), not pasted text

    @property
    def address(self) -> str | None:
        """Where the reply goes: Reply-To when given (contact forms), else the sender."""
        return self.reply_to or self.sender_email

    @property
    def name(self) -> str | None:
        """The name of whom the reply goes to."""
        return self.reply_to_name if self.reply_to else self.sender_name

    def reply_references(self) -> list[str]:
        """The References of a reply (RFC 5322 §3.6.4): the thread, then this message."""
        thread = list(self.references)
        if self.message_id and self.message_id not in thread:
            thread.append(self.message_id)
        return thread

    def as_json(self) -> dict[str, Any]:
        return {
            "eml": self.eml,
            "sender": {"name": self.sender_name, "email": self.sender_email},
            "reply_to": {"name": self.name, "email": self.address},
            "subject": self.subject,
            "message_id": self.message_id,
            "references": self.references,
            "set_aside": {
                "quoted": self.quoted,
                "signature": self.signature,
                "disclaimer": self.disclaimer,
            },
        }


def parse_message(data: bytes, name: str = "le message") -> Mail:
    """An `.eml` (recognised by its headers) or a pasted text, as UTF-8."""
    if looks_like_eml(data):
        return parse_eml(data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ReponseError(
            f"{name} n'est ni un e-mail (.eml) ni un texte UTF-8.",
            hint="Enregistrez-le en UTF-8 (texte brut), ou exportez l'e-mail en .eml.",
        ) from None
    return parse_text(text)


# --- the .eml ---------------------------------------------------------------------------

_FIELD = lazy_compile(rb"^[!-9;-~]+:")  # a header field name: printable ASCII, no colon
_KNOWN_FIELDS = (
    b"from:",
    b"to:",
    b"subject:",
    b"date:",
    b"message-id:",
    b"received:",
    b"return-path:",
    b"mime-version:",
    b"delivered-to:",
)


def looks_like_eml(data: bytes) -> bool:
    """A header block first (two fields or more, one of the usual ones), then the body."""
    head = data[:16384].replace(b"\r\n", b"\n")
    if head.startswith(b"From "):  # an mbox separator line
        head = head.partition(b"\n")[2]
    fields = known = 0
    for line in head.split(b"\n"):
        if not line.strip():
            break
        if line[:1] in (b" ", b"\t") and fields:
            continue  # a folded continuation line
        if not _FIELD.match(line):
            return False
        fields += 1
        known += line.lower().startswith(_KNOWN_FIELDS)
    return fields >= 2 and known >= 1


def parse_eml(source: bytes | Message) -> Mail:
    """An e-mail's body (text part, else HTML turned to text) and its headers."""
    import email
    import email.policy
    from email.message import EmailMessage

    if isinstance(source, bytes | bytearray):
        message = email.message_from_bytes(bytes(source), policy=email.policy.default)
    elif isinstance(source, EmailMessage):
        message = source
    else:  # a compat32 message (mailbox.mbox): reparse with the modern API
        message = email.message_from_bytes(source.as_bytes(), policy=email.policy.default)
    body = _body(message)
    name, sender = _mailbox(message, "From")
    reply_name, reply_to = _mailbox(message, "Reply-To")
    references = _ids(_header(message, "References"))
    if not references:
        references = _ids(_header(message, "In-Reply-To"))[:1]
    ids = _ids(_header(message, "Message-ID"))
    parsed = parse_text(body)
    return msgspec.structs.replace(
        parsed,
        sender_name=name or parsed.sender_name,
        sender_email=sender or parsed.sender_email,
        reply_to=reply_to if reply_to and reply_to != sender else None,
        reply_to_name=reply_name if reply_to and reply_to != sender else None,
        subject=_header(message, "Subject") or parsed.subject,
        message_id=ids[0] if ids else None,
        references=references,
        eml=True,
    )


def _header(message: Message, name: str) -> str | None:
    """A header on one line (never a line break: it may go into our reply's headers)."""
    try:
        value = message.get(name)
    except _header_errors():
        return None
    if value is None:
        return None
    return one_line(str(value)) or None


_LINE_BREAKS = lazy_compile(r"[ \t]*[\r\n\v\f\x85\u2028\u2029]+[ \t]*")


def one_line(value: str) -> str:
    """`value` without line breaks (a header must not gain one); other spaces kept."""
    return _LINE_BREAKS.sub(" ", value).strip()


_ADDR_SPEC = lazy_compile(r"^[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+\.[^@\s<>()\[\],;:\"]+$")


def is_address(value: str | None) -> bool:
    """A plain e-mail address (`nom@domaine.fr`), safe to put in a header or a link."""
    return bool(value) and bool(_ADDR_SPEC.match(value or ""))


def _mailbox(message: Message, name: str) -> tuple[str | None, str | None]:
    try:
        header = message.get(name)
        addresses = getattr(header, "addresses", ()) if header is not None else ()
        first = addresses[0] if addresses else None
        if first is None:
            return None, None
        display, spec = first.display_name, first.addr_spec
    except _header_errors():
        return None, None
    display = one_line(display) or None
    spec = spec if is_address(spec) else None
    return display, spec


_MSG_ID = lazy_compile(r"<[^<>\s]+>")


def _ids(value: str | None) -> list[str]:
    return _MSG_ID.findall(value or "")


def _body(message: EmailMessage) -> str:
    try:
        part = message.get_body(preferencelist=("plain", "html"))
    except _header_errors():
        part = None
    if part is None:
        raise ReponseError(
            "Cet e-mail ne contient pas de texte à lire (seulement des pièces jointes ?).",
            hint="Copiez le texte du message et collez-le : reponse listen -",
        )
    text = _part_text(part)
    if part.get_content_subtype() == "html":
        text = html_to_text(text)
    return text


def _part_text(part: Message) -> str:
    """The decoded text of a part, whatever charset it claims (often wrongly)."""
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    declared = part.get_content_charset() or "utf-8"
    for charset in (declared, "utf-8", "cp1252"):
        try:
            return payload.decode(charset)
        except (LookupError, UnicodeDecodeError):
            continue
    return payload.decode("utf-8", errors="replace")


# --- HTML to text -----------------------------------------------------------------------

_BLOCKS = {
    "p", "div", "br", "tr", "li", "ul", "ol", "table", "blockquote", "hr", "pre",
    "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "header", "footer",
}  # fmt: skip
_SKIPPED = {"script", "style", "head", "title", "template"}
_HTML_BLOCK = lazy_compile(r"<(?:html|body|div|p|br|table|blockquote)\b[^>]*>", re.IGNORECASE)
_HTML_INLINE = lazy_compile(r"</?(?:span|font|b|i|u|strong|em|a|o:p)\b[^>]*>", re.IGNORECASE)
_ENTITY = lazy_compile(r"&(?:nbsp|amp|lt|gt|quot|#\d{2,5}|#x[0-9a-f]{2,4}|[a-z]{2,8});", re.I)


@cache
def _text_maker() -> type:
    """The HTML reader, built on the stdlib's parser the first time HTML comes in."""
    from html.parser import HTMLParser

    class _TextMaker(HTMLParser):
        """Paragraphs and line breaks kept, `<blockquote>` as « > » lines, the rest dropped."""

        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.lines: list[str] = []
            self.current: list[str] = []
            self.depth = 0  # blockquote nesting
            self.skipping = 0

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag in _SKIPPED:
                self.skipping += 1
            elif tag == "br":
                self.newline(blank=not "".join(self.current).strip())  # <br><br>: a paragraph
            elif tag in _BLOCKS:
                self.newline(blank=tag in ("p", "blockquote", "table", "hr"))
                if tag == "blockquote":
                    self.depth += 1
                elif tag == "li":
                    self.current.append("- ")

        def handle_endtag(self, tag: str) -> None:
            if tag in _SKIPPED:
                self.skipping = max(0, self.skipping - 1)
            elif tag in _BLOCKS and tag != "br":
                self.newline(blank=tag in ("p", "blockquote", "table"))
                if tag == "blockquote":
                    self.depth = max(0, self.depth - 1)

        def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.handle_starttag(tag, attrs)

        def handle_data(self, data: str) -> None:
            if not self.skipping:
                self.current.append(re.sub(r"\s+", " ", data.replace("\u00a0", " ")))

        def newline(self, blank: bool = False) -> None:
            line = "".join(self.current).strip()
            self.current = []
            prefix = "> " * self.depth
            if line:
                self.lines.append(prefix + line)
            if blank and self.lines and self.lines[-1].strip("> "):
                self.lines.append(prefix.rstrip())

        def text(self) -> str:
            self.newline()
            return "\n".join(self.lines)

    return _TextMaker


def html_to_text(source: str) -> str:
    """The text a person reads in an HTML e-mail (the stdlib parser; no markup survives)."""
    maker = _text_maker()()
    maker.feed(source)
    maker.close()
    return maker.text()


# --- pasted text: the customer's own words, and what came with them ----------------------

# « Le 3 nov. 2026 à 10:12, Atelier <a@b.fr> a écrit : » — with a time, a year or an
# address, so that « Le 3 novembre, le vendeur m'a écrit : » stays the customer's.
_ATTRIBUTION = lazy_compile(
    r"^\s*(?:le|on)\s(?=.*(?:\d{1,2}[:h]\d{2}|@|\d{4})).{4,300}?(?<![\w'’])"
    r"(?:a\s+[ée]crit|wrote)\s*:?\s*$",
    re.IGNORECASE,
)
_SEPARATOR = lazy_compile(
    r"^\s*-{2,}\s*(?:message d['’]origine|message original|original message|mail original"
    r"|courriel original)\s*-{2,}\s*$",
    re.IGNORECASE,
)
_RULE = lazy_compile(r"^\s*_{10,}\s*$")  # Outlook draws one above the quoted headers
_HEADER_FROM = lazy_compile(r"^\s*\**\s*(?:de|from)\s*\**\s*:\s*\**\s*\S", re.IGNORECASE)
_HEADER_NEXT = lazy_compile(
    r"^\s*\**\s*(?:envoy[ée]|sent|date|[àa]|to|objet|subject|cc)\s*\**\s*:", re.IGNORECASE
)
_MOBILE = lazy_compile(
    r"^\s*(?:envoy[ée]e?\s+(?:de|depuis|à partir de)\s+(?:mon|ma|un|une|l['’]|outlook|courrier)"
    r"|sent\s+from\s+my|obtenir\s+outlook\s+pour|get\s+outlook\s+for"
    r"|t[ée]l[ée]charg(?:er|ez)\s+outlook)\b.{0,60}$",
    re.IGNORECASE,
)
_DISCLAIMER = lazy_compile(
    r"(?:confidenti(?:el|al).{0,300}(?:destinataire|intended|recipient|supprim|delete|d[ée]trui)"
    r"|avant d['’]imprimer|pensez à l['’]environnement|consider the environment"
    r"|ce (?:message|courriel|mail|e-mail) (?:et (?:toutes )?(?:les |ses )?pièces jointes )?"
    r"(?:sont|est) (?:strictement )?confidenti)",
    re.IGNORECASE | re.DOTALL,
)
_HEADER_LINE = lazy_compile(r"^\s*\**\s*([^:\n]{1,20}?)\s*\**\s*:\s*(.*)$")
_BRACKET_ADDRESS = lazy_compile(r"[<\[](?:mailto:)?([^<>\[\]\s]+@[^<>\[\]\s]+)[>\]]")
_BARE_ADDRESS = lazy_compile(r"[^\s<>\[\]()]+@[^\s<>\[\]()]+\.[a-z]{2,}", re.IGNORECASE)


def parse_text(text: str) -> Mail:
    """The customer's own words, apart from quotes, signature, disclaimer, HTML leftovers."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _HTML_BLOCK.search(text):  # pasted HTML source: its line breaks are its tags
        text = html_to_text(text)
    else:  # a stray inline tag or entity in otherwise plain text
        text = _HTML_INLINE.sub("", text)
        if _ENTITY.search(text):
            import html

            text = html.unescape(text)
    lines = text.replace("\u00a0", " ").split("\n")
    meta, lines = _leading_headers(lines)
    own, quoted = _split_quotes(lines)
    own, signature = _split_signature(own)
    own, disclaimer = _split_disclaimer(own)
    signature, disclaimer_after = _split_disclaimer(signature)
    words = _tidy(own)
    if not words:  # nothing of their own (a forward, a bare quote): read everything
        words, quoted, signature = _tidy(lines), [], []
    return Mail(
        text=words,
        quoted=_tidy(quoted),
        signature=_tidy(signature),
        disclaimer=_tidy(disclaimer + disclaimer_after),
        **meta,
    )


def _is_header_block(lines: list[str], index: int) -> bool:
    """« De : … » followed closely by « Envoyé : », « À : » or « Objet : »."""
    if not _HEADER_FROM.match(lines[index]):
        return False
    following = [line for line in lines[index + 1 : index + 6] if line.strip()]
    return sum(bool(_HEADER_NEXT.match(line)) for line in following[:4]) >= 1


def _leading_headers(lines: list[str]) -> tuple[dict[str, Any], list[str]]:
    """A message copied with its own headers (« De : … Objet : … ») at the very top."""
    start = next((i for i, line in enumerate(lines) if line.strip()), None)
    if start is None or not _is_header_block(lines, start):
        return {}, lines
    meta: dict[str, Any] = {}
    end = start
    while end < len(lines) and lines[end].strip():
        match = _HEADER_LINE.match(lines[end])
        if match is None:
            break
        field, value = match[1].strip().lower(), match[2].strip()
        if field in ("de", "from"):
            address = _BRACKET_ADDRESS.search(value) or _BARE_ADDRESS.search(value)
            if address:
                meta["sender_email"] = (
                    address[1] if address.re is _BRACKET_ADDRESS.compiled else address[0]
                )
                name = value[: address.start()].strip(" \"'")
                meta["sender_name"] = name or None
            else:
                meta["sender_name"] = value or None
        elif field in ("objet", "subject"):
            meta["subject"] = value or None
        end += 1
    return meta, lines[end:]


def _attribution_at(lines: list[str], index: int) -> int:
    """How many lines the « Le …, X a écrit : » starting here takes (it wraps), or 0."""
    if not re.match(r"^\s*(?:le|on)\s", lines[index], re.IGNORECASE):
        return 0
    for size in (1, 2, 3):
        part = lines[index : index + size]
        if len(part) < size:
            return 0
        if size > 1 and (not part[-1].strip() or part[-2].rstrip().endswith((".", "!", "?"))):
            # A wrapped attribution has no blank line inside and no sentence ending: this
            # is the customer's own « Le code promo n'a pas marché. » above a quote.
            return 0
        joined = " ".join(line.strip() for line in part)
        if _ATTRIBUTION.match(joined):
            return size
    return 0


def _split_quotes(lines: list[str]) -> tuple[list[str], list[str]]:
    own: list[str] = []
    quoted: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if _SEPARATOR.match(line) or _is_header_block(lines, index):
            quoted += lines[index:]  # Outlook quotes the rest without « > »
            break
        if _RULE.match(line) and index + 1 < len(lines) and _is_header_block(lines, index + 1):
            quoted += lines[index:]
            break
        size = _attribution_at(lines, index)
        if size:
            after = next(
                (lines[i] for i in range(index + size, len(lines)) if lines[i].strip()), ""
            )
            quoted += lines[index : index + size]
            index += size
            if not after.lstrip().startswith(">"):
                quoted += lines[index:]  # quoted without « > »: the rest is the quote
                break
            continue
        if line.lstrip().startswith(">"):
            quoted.append(line)
        else:
            own.append(line)
        index += 1
    return own, quoted


def _split_signature(lines: list[str]) -> tuple[list[str], list[str]]:
    for index, line in enumerate(lines):
        if line.rstrip() == "--":  # the signature separator, « -- » (its space often lost)
            return lines[:index], lines[index + 1 :]
    own = [line for line in lines if not _MOBILE.match(line)]
    return own, [line for line in lines if _MOBILE.match(line)]


def _paragraphs(lines: list[str]) -> list[list[str]]:
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [block for block in blocks if block]


def _split_disclaimer(lines: list[str]) -> tuple[list[str], list[str]]:
    """Legal boilerplate paragraphs at the end; never the first paragraph."""
    blocks = _paragraphs(lines)
    cut = len(blocks)
    while cut > 1 and _DISCLAIMER.search(" ".join(blocks[cut - 1])):
        cut -= 1
    if cut == len(blocks):
        return lines, []
    kept = [line for block in blocks[:cut] for line in [*block, ""]]
    return kept, [line for block in blocks[cut:] for line in [*block, ""]]


def _tidy(lines: list[str]) -> str:
    text = "\n".join(line.rstrip() for line in lines).strip()
    return re.sub(r"\n{3,}", "\n\n", text)
