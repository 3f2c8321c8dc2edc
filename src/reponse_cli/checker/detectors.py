"""Detectors: what needs more than a pattern — shouting, « tu » among « vous », typography."""

from __future__ import annotations

import re
from collections.abc import Iterator

from reponse_cli.checker.document import Document, Finding, make_finding
from reponse_cli.checker.rules import Rule
from reponse_cli.text.fold import fold
from reponse_cli.text.french import NBSP, NNBSP, typography

_LETTERS = re.compile(r"[^\W\d_]+")
_CIVILITY = {"m", "mme", "mlle", "madame", "monsieur", "mademoiselle", "me", "dr", "pr"}


def capitals(rule: Rule, doc: Document) -> Iterator[Finding]:
    """Runs of words in capitals; acronyms (`allow`), codes and names are not shouting."""
    for index, line in enumerate(doc.lines):
        if index in doc.quoted_lines:
            continue
        if doc.signature_from is not None and index >= doc.signature_from:
            break  # the signature: « Camille MARTIN, ATELIER LUNA » is not a shout
        tokens = list(_LETTERS.finditer(line))
        for first, last in _capital_runs(line, tokens):
            run = tokens[first : last + 1]
            words = [m.group() for m in run if len(m.group()) >= 2]
            loud = [w for w in words if fold(w) not in rule.allow and set(w) != {"X"}]
            if not loud or len(loud) < rule.min_words:
                continue
            if len(words) == 1:
                if len(loud[0]) < 4 and loud[0].isascii():
                    continue  # NON, SAV, DPD: too short to tell a shout from a code
                if _looks_like_name(tokens, first, last, line):
                    continue
            base = doc.line_starts[index]
            yield make_finding(rule, doc, base + run[0].start(), base + run[-1].end())


def _capital_runs(line: str, tokens: list[re.Match[str]]) -> Iterator[tuple[int, int]]:
    """Indexes (first, last) of consecutive words in capitals, codes (CMD-2026) left out."""
    first: int | None = None
    for position, token in enumerate(tokens):
        before = line[token.start() - 1] if token.start() else " "
        after = line[token.end()] if token.end() < len(line) else " "
        code = before.isdigit() or after.isdigit() or before in "-_" or after in "-_"
        joined = (
            first is not None
            and line[tokens[position - 1].end() : token.start()].strip(" ,'’\t:") == ""
        )
        if token.group().isupper() and not code:
            if first is not None and not joined:
                yield first, position - 1
                first = None
            if first is None:
                first = position
            continue
        if first is not None:
            yield first, position - 1
            first = None
    if first is not None:
        yield first, len(tokens) - 1


def _looks_like_name(tokens: list[re.Match[str]], first: int, last: int, line: str) -> bool:
    """« Camille MARTIN », « M. DUPONT », « MARTIN Camille »: a family name, not a shout.

    A capitalised neighbour counts only inside a sentence: « Merci BEAUCOUP » shouts.
    """
    if first > 0:
        prev = tokens[first - 1]
        if line[prev.end() : tokens[first].start()].strip(" .-") == "":
            word = prev.group()
            if word.lower() in _CIVILITY:
                return True
            opening = line[: prev.start()].rstrip()
            if word.istitle() and len(word) > 1 and opening and opening[-1] not in ".!?:…":
                return True
    if last + 1 < len(tokens):
        nxt = tokens[last + 1]
        if line[tokens[last].end() : nxt.start()].strip(" -") == "":
            word = nxt.group()
            if word.istitle() and len(word) > 1:
                return True
    return False


_TU = re.compile(
    r"(?<![\w'’])(?:(tu|te|toi|ton|ta|tes)(?![\w'’])|(t)['’](?=[^\W\d_]))", re.IGNORECASE
)
_VOUS = re.compile(r"(?<![\w'’])(?:vous|votre|vos)(?![\w'’])", re.IGNORECASE)
_TON_NOUN_BEFORE = {
    "le", "un", "ce", "du", "au", "mon", "son", "notre", "votre", "leur", "bon", "haut",
    "meme", "quel", "cet", "de", "d", "sur", "beau", "petit",
}  # fmt: skip
_QUOTED = re.compile(r"«[^»\n]*»|“[^”\n]*”|\"[^\"\n]*\"")


def tutoiement(rule: Rule, doc: Document) -> Iterator[Finding]:
    """« tu », « te », « ton »… in a reply written with « vous »: the customer notices."""
    text = doc.text
    quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(text)]

    def outside(offset: int) -> bool:
        line = doc.line_of(offset)
        if line in doc.quoted_lines:
            return False
        if doc.signature_from is not None and line >= doc.signature_from:
            return False  # the signature: « Sophie — Thé & Toi » is a shop's name
        return not any(a <= offset < b for a, b in quoted)

    hits = []
    for m in _TU.finditer(text):
        if not outside(m.start()):
            continue
        word = (m.group(1) or "t").lower()
        before = doc.folded[max(0, m.start() - 12) : m.start()].split()
        if before and before[-1].rstrip(".") in _CIVILITY and m.group()[0].isupper():
            continue  # « Monsieur Tu », « Mme Ta » : a family name
        if word == "ton":
            before = re.findall(r"[^\W\d_]+", doc.folded[max(0, m.start() - 20) : m.start()])
            if before and before[-1] in _TON_NOUN_BEFORE:
                continue
        hits.append(m)
    if not hits:
        return
    uses_vous = any(outside(m.start()) for m in _VOUS.finditer(text))
    for m in hits:
        if uses_vous:
            yield make_finding(rule, doc, m.start(), m.end())
        else:
            yield make_finding(
                rule,
                doc,
                m.start(),
                m.end(),
                severity="warning",
                message=typography(
                    "Cette réponse tutoie le client ; nos réponses vouvoient toujours."
                ),
            )


def typography_gaps(line: str) -> list[tuple[int, int, str]]:
    """Where `french.typography` would add or change a space: (start, end, mark).

    The fix itself is `typography`; this only locates what it would change, by walking
    the line and its fixed version side by side (it only ever inserts or swaps one
    space next to a mark, and drops trailing spaces).
    """
    fixed = typography(line)
    if fixed == line:
        return []
    gaps: list[tuple[int, int, str]] = []
    i = j = 0
    while i < len(line) and j < len(fixed):
        a, b = line[i], fixed[j]
        if a == b:
            i += 1
            j += 1
            continue
        if b not in (NBSP, NNBSP):
            break  # not a change typography makes: stop rather than guess
        replaced = a in (" ", NBSP, NNBSP)
        if replaced and a in (NBSP, NNBSP):
            i += 1  # one no-break space for the other: both are acceptable
            j += 1
            continue
        where = i + 1 if replaced else i
        mark = line[where] if where < len(line) else ""
        if mark not in ";:!?»" and i > 0 and line[i - 1] == "«":
            mark = "«"
        gaps.append((i, where, mark))
        i += 1 if replaced else 0
        j += 1
    return gaps


def typography_findings(rule: Rule, doc: Document, quotes: bool) -> Iterator[Finding]:
    for index, line in enumerate(doc.lines):
        if index in doc.quoted_lines or not any(c in line for c in ";:!?«»"):
            continue
        base = doc.line_starts[index]
        for start, where, mark in typography_gaps(line):
            if (mark in "«»") != quotes:
                continue
            if mark == "«":
                # From the opening quote to the end of the word after it.
                left, right = start - 1, where
                while right < len(line) and not line[right].isspace() and right - left < 20:
                    if line[right] == "»":
                        break
                    right += 1
            else:
                # From the word before to the end of the marks: « commande: », « vrai ?! ».
                left = start
                while left > 0 and not line[left - 1].isspace() and start - left < 20:
                    left -= 1
                    if line[left] == "»":
                        break
                right = where
                while right < len(line) and line[right] in ";:!?»":
                    right += 1
            yield make_finding(rule, doc, base + left, base + max(right, where + 1))
