"""A reply as the checker reads it, and what it finds: findings and the verdict."""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Any, NamedTuple

import msgspec

from reponse_cli.checker.rules import Rule
from reponse_cli.method import CHECKED_PARTS
from reponse_cli.text.fold import fold
from reponse_cli.text.language import EMPTY_LEXICON, analyse, split_sentences
from reponse_cli.text.patterns import WordIndex


class Finding(msgspec.Struct):
    rule: str
    category: str
    severity: str
    line: int
    column: int
    excerpt: str
    suggestion: str
    message: str
    start: int = 0
    end: int = 0
    step: str | None = None  # for a missing step: which one
    softened: bool = False  # an error made a warning because the reply offers another way
    follow_up: str | None = None  # found in the message of this follow-up, not the reply

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "rule": self.rule,
            "category": self.category,
            "severity": self.severity,
            "line": self.line,
            "column": self.column,
            "excerpt": self.excerpt,
            "suggestion": self.suggestion,
            "message": self.message,
        }
        if self.step:
            data["step"] = self.step  # a missing step; line 0: the reply as a whole
        if self.follow_up:
            data["follow_up"] = self.follow_up  # line and column within that message
        return data


class CheckResult(msgspec.Struct):
    findings: list[Finding] = msgspec.field(default_factory=list)
    steps: dict[str, bool] = msgspec.field(default_factory=dict)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    def count(self, category: str) -> int:
        return sum(1 for f in self.findings if f.category == category)

    @property
    def ok(self) -> bool:
        """No error; warnings are advice, `--strict` makes them count."""
        return not self.errors

    def as_json(self, strict: bool = False) -> dict[str, Any]:
        return {
            "ok": not self.findings if strict else self.ok,
            "findings": [f.as_json() for f in self.findings],
            "steps": {step: self.steps.get(step, False) for step in CHECKED_PARTS},
            "counts": {"error": len(self.errors), "warning": len(self.warnings)},
        }


_SENTENCE_END = re.compile(r"[.!?…]+(?=\s|$)|\n")
_PARAGRAPH_END = re.compile(r"\n[ \t\u00a0]*\n")


class Document:
    """The reply, its folded twin and the positions the rules need."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.folded = fold(text)
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.lines = text.split("\n")
        # Lines quoting the customer's e-mail (« > … ») are not the agent's words.
        self.quoted_lines = {
            i for i, line in enumerate(self.lines) if line.lstrip().startswith(">")
        }
        nonempty = [i for i, line in enumerate(self.lines) if line.strip()]
        self.nonempty = nonempty
        self.signature_from: int | None = None  # first line after the closing formula
        self._words: WordIndex | None = None
        # Where sentences and paragraphs end, found once: every rule's context is a bisect.
        self._ends = {
            "sentence": [(m.start(), m.end()) for m in _SENTENCE_END.finditer(text)],
            "paragraph": [(m.start(), m.end()) for m in _PARAGRAPH_END.finditer(text)],
        }
        self._negated: list[tuple[int, int]] | None = None
        self._tokens: list[Token] | None = None

    @property
    def words(self) -> WordIndex:
        """The words of the reply, for the test a pattern passes before its regex runs."""
        if self._words is None:
            self._words = WordIndex(self.folded)
        return self._words

    def _negated_words(self) -> list[tuple[int, int]]:
        if self._negated is None:
            words = analyse(self.text, EMPTY_LEXICON, plain=True)
            self._negated = [(w.start, w.end) for w in words if w.negated]
        return self._negated

    def negated(self, start: int, end: int) -> bool:
        """Whether a word between `start` and `end` is negated (« ne … pas », « aucun »)."""
        self._negated_words()
        assert self._negated is not None
        index = bisect_right(self._negated, (start, -1))
        return index < len(self._negated) and self._negated[index][0] < end

    @property
    def tokens(self) -> list[Token]:
        """Every word, with its sentence, its clause and whether a negation covers it.

        A negation covers the word it denies (language.py) and what follows it in its
        clause: in « nous ne pouvons pas procéder au remboursement », the refund is
        denied with the procedure (`denier`: where the word the negation fell on is);
        « vous n'avez rien à payer, nous remboursons » denies no refund.
        """
        if self._tokens is None:
            self._tokens = _read_tokens(self.folded, {start for start, _ in self._negated_words()})
        return self._tokens

    def line_of(self, offset: int) -> int:
        return bisect_right(self.line_starts, offset) - 1

    def position(self, offset: int) -> tuple[int, int]:
        index = self.line_of(offset)
        return index + 1, offset - self.line_starts[index] + 1

    def span(self, start: int, end: int, scope: str) -> tuple[int, int]:
        """The sentence, paragraph or text around `start`–`end`."""
        if scope == "text":
            return 0, len(self.text)
        ends = self._ends[scope]
        before = bisect_right(ends, (start, len(self.text) + 1)) - 1
        while before >= 0 and ends[before][1] > start:
            before -= 1
        left = ends[before][1] if before >= 0 else 0
        after = bisect_right(ends, (end, -1))
        right = ends[after][0] if after < len(ends) else len(self.text)
        return left, right

    def region(self, position: str) -> tuple[int, int]:
        """Where a step is looked for: the first or last few non-empty lines, or all."""
        if position == "anywhere" or not self.nonempty:
            return 0, len(self.text)
        if position == "start":
            last = self.nonempty[min(2, len(self.nonempty) - 1)]
            return 0, self.line_starts[last] + len(self.lines[last])
        first = self.nonempty[max(0, len(self.nonempty) - 8)]
        return self.line_starts[first], len(self.text)


class Token(NamedTuple):
    word: str
    start: int
    end: int
    sentence: int
    clause: int
    negated: bool
    denier: int = -1  # where the word the covering negation fell on starts, or -1


_TOKEN = re.compile(r"[a-z0-9]+|[,;:()]")
_CLAUSE_WORDS = frozenset(
    [
        "mais",
        "car",
        "donc",
        "puis",
        "parce",
        "cependant",
        "toutefois",
        "pourtant",
        "sinon",
        "or",
        "et",
        "ou",
        "neanmoins",
    ]
)
NEGATION_REACH = 6  # words a negation carries over after the word it denies


def _read_tokens(folded: str, negated_at: set[int]) -> list[Token]:
    tokens: list[Token] = []
    clause = 0
    for sentence, (low, high) in enumerate(split_sentences(folded)):
        clause += 1
        carry = 0  # words still covered by a negation met earlier in the clause
        denier = -1
        for match in _TOKEN.finditer(folded, low, high):
            word = match.group()
            if word in ",;:()" or word in _CLAUSE_WORDS:
                clause += 1
                carry = 0
                if word in ",;:()":
                    continue
            denied = match.start() in negated_at
            if denied:
                carry = NEGATION_REACH
                denier = match.start()
            elif carry:
                carry -= 1
            covered = denied or carry > 0
            tokens.append(
                Token(
                    word,
                    match.start(),
                    match.end(),
                    sentence,
                    clause,
                    covered,
                    denier if covered else -1,
                )
            )
    return tokens


def excerpt(text: str, limit: int = 70) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def make_finding(rule: Rule, doc: Document, start: int, end: int, **extra: Any) -> Finding:
    line, column = doc.position(start)
    values: dict[str, Any] = {
        "rule": rule.id,
        "category": rule.category,
        "severity": rule.severity,
        "line": line,
        "column": column,
        "excerpt": excerpt(doc.text[start:end]),
        "suggestion": rule.suggestion,
        "message": rule.why,
        "start": start,
        "end": end,
    }
    values.update(extra)
    return Finding(**values)
