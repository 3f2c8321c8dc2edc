"""The verdict on a whole reply: every rule and detector, the five parts, one finding a place."""

from __future__ import annotations

from collections.abc import Iterator

from reponse_cli.checker.detectors import capitals, tutoiement, typography_findings
from reponse_cli.checker.document import CheckResult, Document, Finding, make_finding
from reponse_cli.checker.rules import Rule, RuleSet


def _pattern_findings(rule: Rule, doc: Document) -> Iterator[Finding]:
    spans: list[tuple[int, int]] = []
    for matcher in rule.matchers:
        spans += matcher.spans(doc.folded)
    source = doc.text if rule.case_sensitive else doc.folded
    for matcher in rule.raw:
        spans += matcher.spans(source)
    for start, end in spans:
        if doc.line_of(start) in doc.quoted_lines:
            continue
        if rule.unless or rule.only_if:
            left, right = doc.span(start, end, rule.scope)
            context = doc.folded[left:right]
            if any(m.search(context) for m in rule.unless):
                continue
            if rule.only_if and not any(m.search(context) for m in rule.only_if):
                continue
        yield make_finding(rule, doc, start, end)


def _step_present(rule: Rule, doc: Document) -> tuple[bool, int | None]:
    """Whether the step's signals appear where they should; the line of the last one."""
    low, high = doc.region(rule.position)
    found: int | None = None
    for matcher in rule.matchers:
        for start, _ in matcher.spans(doc.folded, low, high):
            if doc.line_of(start) not in doc.quoted_lines:
                found = max(found or 0, start)
                if rule.step != "closing":
                    return True, found
    source = doc.text if rule.case_sensitive else doc.folded
    for matcher in rule.raw:
        for start, _ in matcher.spans(source, low, high):
            if doc.line_of(start) not in doc.quoted_lines:
                found = max(found or 0, start)
                if rule.step != "closing":
                    return True, found
    return found is not None, found


def _missing_step(rule: Rule, doc: Document) -> Finding:
    """Missing greeting points at the first line, missing closing at the last one."""
    if rule.step in ("greeting", "closing") and doc.nonempty:
        index = doc.nonempty[0] if rule.step == "greeting" else doc.nonempty[-1]
        start = doc.line_starts[index]
        end = start + len(doc.lines[index])
        return make_finding(rule, doc, start, end, step=rule.step)
    return Finding(
        step=rule.step,
        rule=rule.id,
        category=rule.category,
        severity=rule.severity,
        line=0,
        column=0,
        excerpt="",
        suggestion=rule.suggestion,
        message=rule.why,
    )


# --- checking ---------------------------------------------------------------------------

_RANK = {"error": 2, "warning": 1}


def check_text(text: str, rules: RuleSet) -> CheckResult:
    """Every finding in a reply and which of the five steps it contains."""
    doc = Document(text)
    findings: list[Finding] = []
    steps: dict[str, bool] = {}
    for rule in rules.rules:
        if rule.step is None:
            continue
        present, at = _step_present(rule, doc)
        steps[rule.step] = steps.get(rule.step, False) or present
        if rule.step == "closing" and at is not None:
            doc.signature_from = doc.line_of(at) + 1
    for rule in rules.rules:
        if rule.step is not None:
            if rule.enabled and not steps.get(rule.step, False) and text.strip():
                findings.append(_missing_step(rule, doc))
            continue
        if not rule.enabled:
            continue
        if rule.detector == "capitals":
            findings += capitals(rule, doc)
        elif rule.detector == "tutoiement":
            findings += tutoiement(rule, doc)
        elif rule.detector in ("typography-punctuation", "typography-quotes"):
            findings += typography_findings(rule, doc, quotes=rule.detector == "typography-quotes")
        else:
            findings += _pattern_findings(rule, doc)
    return CheckResult(_dedupe(findings), steps)


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """One finding per place: a rule's overlapping matches, or twin rules on one span."""
    ordered = sorted(findings, key=lambda f: (f.start, -(f.end - f.start)))
    kept: list[Finding] = []
    for finding in ordered:
        if finding.category == "typography":
            kept.append(finding)  # one finding per mark, even side by side
            continue
        clash = next(
            (
                k
                for k in kept
                if k.excerpt
                and finding.excerpt
                and (
                    (k.rule == finding.rule and k.start < finding.end and finding.start < k.end)
                    or (
                        k.category == finding.category
                        and k.step is None
                        and (k.start, k.end) == (finding.start, finding.end)
                    )
                )
            ),
            None,
        )
        if clash is None:
            kept.append(finding)
        elif _RANK[finding.severity] > _RANK[clash.severity]:
            kept[kept.index(clash)] = finding
    structure = [f for f in kept if f.line == 0]
    placed = sorted((f for f in kept if f.line), key=lambda f: (f.line, f.column, f.rule))
    return placed + structure
