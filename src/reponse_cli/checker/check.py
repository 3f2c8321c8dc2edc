"""The verdict on a whole reply: every rule and detector, the five parts, one finding a place."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from reponse_cli.checker.detectors import capitals, tutoiement, typography_findings
from reponse_cli.checker.document import CheckResult, Document, Finding, make_finding
from reponse_cli.checker.frames import frame_spans
from reponse_cli.checker.rules import Rule, RuleSet, is_builtin
from reponse_cli.checker.verdict import Verdict, pieces, trained_verdict
from reponse_cli.text.french import typography
from reponse_cli.text.patterns import Matcher, WordIndex


def _pattern_findings(
    rule: Rule, doc: Document, rules: RuleSet, live: set[int] | None
) -> Iterator[Finding]:
    spans: list[tuple[int, int]] = []
    if rule.frame:
        spans += frame_spans(rule, doc, rules.classes)
    for matcher in rule.matchers:
        if live is None or id(matcher) in live:
            spans += matcher.spans(doc.folded, words=doc.words)
    source = doc.text if rule.case_sensitive else doc.folded
    for matcher in rule.raw:
        spans += matcher.spans(source)
    softened: bool | None = None
    for start, end in spans:
        if doc.line_of(start) in doc.quoted_lines:
            continue
        if rule.negated is not None and doc.negated(start, end) != rule.negated:
            continue
        if rule.unless:
            left, right = doc.span(start, end, rule.scope)
            context = doc.folded[left:right]
            if any(m.search(context, doc.words) for m in rule.unless):
                continue
        if rule.only_if:
            left, right = doc.span(start, end, rule.only_if_scope or rule.scope)
            context = doc.folded[left:right]
            if not any(m.search(context, doc.words) for m in rule.only_if):
                continue
        if softened is None:
            softened = any(m.search(doc.folded, doc.words) for m in rule.soften)
        if softened:
            yield make_finding(rule, doc, start, end, severity="warning", softened=True)
        else:
            yield make_finding(rule, doc, start, end)


def _step_present(rule: Rule, doc: Document, live: set[int] | None) -> tuple[bool, int | None]:
    """Whether the step's signals appear where they should; the line of the last one.

    A signal does not count in a quoted line, negated when the rule says so (« aucun
    remboursement » is no solution), or in a sentence one of `unless` matches (« désolés
    si vous avez été déçu » is no apology).
    """
    low, high = doc.region(rule.position)
    found: int | None = None
    source = doc.text if rule.case_sensitive else doc.folded
    for matchers, text in ((rule.matchers, doc.folded), (rule.raw, source)):
        for matcher in matchers:
            index = doc.words if text is doc.folded else None
            if index is not None and live is not None and id(matcher) not in live:
                continue
            for start, end in matcher.spans(text, low, high, words=index):
                if not _counts(rule, doc, start, end):
                    continue
                found = max(found or 0, start)
                if rule.step != "closing":
                    return True, found
    return found is not None, found


_OWN_NEGATION = re.compile(r"(?:sans|ne|n'|aucune?|jamais|ni|pas|rien|personne)\b\s*")


def _counts(rule: Rule, doc: Document, start: int, end: int) -> bool:
    if doc.line_of(start) in doc.quoted_lines:
        return False
    if rule.negated is not None:
        # A pattern that says its own negation (« sans frais », « aucun frais ») is judged
        # by its first word: « sans frais » is an offer, « pas sans frais » is not.
        own = _OWN_NEGATION.match(doc.folded, start, end)
        at = (start, own.end() - 1) if own else (start, end)
        if doc.negated(*at) != rule.negated:
            return False
    if rule.unless:
        left, right = doc.span(start, end, rule.scope)
        if any(m.search(doc.folded[left:right], doc.words) for m in rule.unless):
            return False
    return True


def _whole_reply(rule: Rule, step: str | None = None) -> Finding:
    """A finding about the reply as a whole: no line to point at."""
    return Finding(
        step=step,
        rule=rule.id,
        category=rule.category,
        severity=rule.severity,
        line=0,
        column=0,
        excerpt="",
        suggestion=rule.suggestion,
        message=rule.why,
    )


def _missing_step(rule: Rule, doc: Document) -> Finding:
    """Missing greeting points at the first line, missing closing at the last one."""
    if rule.step in ("greeting", "closing") and doc.nonempty:
        index = doc.nonempty[0] if rule.step == "greeting" else doc.nonempty[-1]
        start = doc.line_starts[index]
        end = start + len(doc.lines[index])
        return make_finding(rule, doc, start, end, step=rule.step)
    return _whole_reply(rule, rule.step)


# --- checking ---------------------------------------------------------------------------

_RANK = {"error": 2, "warning": 1}


def check_text(
    text: str, rules: RuleSet, fragment: bool = False, learned: bool = True
) -> CheckResult:
    """Every finding in a reply and which of the five steps it contains.

    `fragment`: a piece of a reply (a follow-up message, one paragraph): its wording is
    checked, not the parts a whole reply must have. `learned`: weigh the findings with the
    learned verdict (False: the rules alone).
    """
    doc = Document(text)
    live = _candidates(rules, doc)
    findings: list[Finding] = []
    steps: dict[str, bool] = {}
    dry: Rule | None = None
    judge: Rule | None = None
    for rule in rules.rules:
        if rule.step is None or fragment:  # a piece of a reply has no steps to have
            continue
        present, at = _step_present(rule, doc, live)
        steps[rule.step] = steps.get(rule.step, False) or present
        if rule.step == "closing" and at is not None:
            doc.signature_from = doc.line_of(at) + 1
    # Frames read roles where the phrases found nothing: they come after every other
    # rule, and speak only in a sentence no rule of their category has spoken about.
    ordered = sorted(rules.rules, key=lambda rule: rule.frame is not None)
    for rule in ordered:
        if rule.frame and rule.enabled:
            findings += _unsaid(_pattern_findings(rule, doc, rules, live), findings, doc)
            continue
        if rule.step is not None:
            if rule.enabled and not steps.get(rule.step, False) and text.strip() and not fragment:
                findings.append(_missing_step(rule, doc))
            continue
        if not rule.enabled:
            continue
        if rule.detector == "reponse-seche":
            dry = rule  # judged once every other finding is known
        elif rule.detector == "verdict-appris":
            judge = rule  # weighs every finding, last
        elif rule.detector == "capitals":
            findings += capitals(rule, doc)
        elif rule.detector == "tutoiement":
            findings += tutoiement(rule, doc)
        elif rule.detector in ("typography-punctuation", "typography-quotes"):
            findings += typography_findings(rule, doc, quotes=rule.detector == "typography-quotes")
        else:
            findings += _pattern_findings(rule, doc, rules, live)
    if (
        dry is not None
        and text.strip()
        and not fragment
        and not steps.get("solution")
        and not _acknowledged(dry, doc, findings, steps)
    ):
        findings.append(_whole_reply(dry))
    if judge is not None and not fragment and learned and len(text) <= LEARNED_LIMIT:
        verdict = trained_verdict()
        if verdict is not None:
            findings = _weighed(judge, verdict, doc, findings, rules)
    return CheckResult(_dedupe(findings), steps)


# The learned verdict reads a reply up to this length (3,000 words and more): beyond, no
# e-mail is a reply any more and the rules alone judge, in linear time.
LEARNED_LIMIT = 20_000

# Errors the learned verdict never overrules: a hole in the e-mail, a card number,
# capitals (the model reads folded text).
NEVER_OVERRULED = frozenset({"placeholder", "privacy", "shouting"})


def _weighed(
    rule: Rule, verdict: Verdict, doc: Document, findings: list[Finding], rules: RuleSet
) -> list[Finding]:
    """The findings once the learned verdict has read the reply.

    To rework (its worst sentence and the whole pass their thresholds): when the
    rules found no error, the worst sentence is an error of `rule`. The rules' errors
    stand when the whole reply passes its threshold; otherwise a built-in rule's error
    becomes a warning to look at, unless its own sentence reads as a fault beyond doubt
    (never a placeholder, a card number or capitals, never a rule of the shop's own
    files).
    """
    spans = pieces(doc)
    whole, each = verdict.read([doc.folded[start:end] for start, end in spans])
    worst = max(range(len(each)), key=each.__getitem__, default=None)
    to_rework = (
        worst is not None
        and whole >= verdict.reply_threshold
        and each[worst] >= verdict.sentence_threshold
    )
    if to_rework and worst is not None and not any(f.severity == "error" for f in findings):
        findings.append(make_finding(rule, doc, *spans[worst]))
    if whole >= verdict.reply_threshold:
        return findings
    origins = {r.id: r.origin for r in rules.rules}
    for finding in findings:
        if finding.severity != "error" or finding.category in NEVER_OVERRULED:
            continue
        inside = [
            p
            for (start, end), p in zip(spans, each, strict=True)
            if finding.excerpt and start < finding.end and finding.start < end
        ]
        if max(inside, default=0.0) >= verdict.stand_threshold:
            continue
        if is_builtin(origins.get(finding.rule, "")):
            finding.severity = "warning"
            finding.softened = True
            finding.message = f"{finding.message} {_OVERRULED}"
    return findings


_OVERRULED = typography(
    "(Lue en entier, la réponse ressemble à celles qui peuvent partir : "
    "vérifiez ce point, sans forcément tout réécrire.)"
)


class MatcherIndex:
    """Which of a rule set's matchers may match a text: the ones a word of it opens.

    Each matcher is filed under the words of one of its sets of required words (any
    match holds one of them), the set whose words the rules need least often — a rough
    measure of how common they are (« vous », « pas »…): a text reaches its few
    candidates through its own words, instead of every matcher testing the text. A
    matcher without such a set, or whose sets all hold a « rembours* » start, is always
    a candidate. A candidate is then tested as before (`Matcher.possible`); the others
    would have failed that test.
    """

    def __init__(self, matchers: list[Matcher]) -> None:
        self.filed: dict[str, list[int]] = {}
        self.always: set[int] = set()
        needed = Counter(word for matcher in matchers for g in matcher.required for word in g)
        for matcher in matchers:
            groups = [g for g in matcher.required if not any(w.endswith("*") for w in g)]
            if not groups:
                self.always.add(id(matcher))
                continue
            for word in min(groups, key=lambda g: sum(needed[word] for word in g)):
                self.filed.setdefault(word, []).append(id(matcher))

    def candidates(self, words: WordIndex) -> set[int]:
        """The ids of the matchers that may match the text of `words`."""
        found = set(self.always)
        filed = self.filed
        for word in words.bases.keys() & filed.keys():
            found.update(filed[word])
        return found


# Filing every matcher takes longer than a few checks: a command that checks one reply
# (`draft`, `check`) asks every matcher; one that checks many (`lot`, `validate`) files
# them after its first replies.
INDEX_AFTER = 12
_INDEXES: dict[int, tuple[RuleSet, MatcherIndex | None, int]] = {}


def _candidates(rules: RuleSet, doc: Document) -> set[int] | None:
    """The matchers that may match `doc` (ids), or None: every matcher is asked."""
    held = _INDEXES.get(id(rules))
    if held is None or held[0] is not rules:
        if len(_INDEXES) > 8:
            _INDEXES.clear()  # a long process that loads rules again and again
        held = (rules, None, 0)
    rules_held, index, checked = held
    if index is None and checked >= INDEX_AFTER:
        index = MatcherIndex([m for rule in rules.rules for m in (*rule.matchers, *rule.raw)])
    _INDEXES[id(rules)] = (rules_held, index, checked + 1)
    return None if index is None else index.candidates(doc.words)


def _unsaid(new: Iterator[Finding], findings: list[Finding], doc: Document) -> list[Finding]:
    """The frame's findings in sentences where no finding of the same kind is yet."""
    said = {(f.category, doc.span(f.start, f.end, "sentence")) for f in findings if f.excerpt}
    return [f for f in new if (f.category, doc.span(f.start, f.end, "sentence")) not in said]


def _acknowledged(
    rule: Rule, doc: Document, findings: list[Finding], steps: dict[str, bool]
) -> bool:
    """Whether the reply really apologises or recognises the problem somewhere.

    The dry-reply rule lists its own signs (« merci pour votre message » is courtesy,
    not an apology); a sign does not count where its `unless` matches, nor in a
    sentence already found to be a non-apology (« désolés que vous le preniez ainsi »).
    Without signs of its own, the apology step decides.
    """
    if not rule.matchers:
        return steps.get("apology", False)
    hollow = [doc.span(f.start, f.end, "sentence") for f in findings if f.category == "non-apology"]
    for matcher in rule.matchers:
        for start, end in matcher.spans(doc.folded, words=doc.words):
            if not _counts(rule, doc, start, end):
                continue
            if any(left <= start < right for left, right in hollow):
                continue
            return True
    return False


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """One finding per place: a rule's overlapping matches, or twin rules on one span.

    Findings come sorted by where they start, so a clash can only be with the last kept
    finding of the same rule, or one of the same category on the very same span: two
    dictionaries, and the work stays linear in the number of findings.
    """
    ordered = sorted(findings, key=lambda f: (f.start, -(f.end - f.start)))
    kept: list[Finding | None] = []
    last_of_rule: dict[str, int] = {}
    on_span: dict[tuple[str, int, int], int] = {}
    for finding in ordered:
        if finding.category == "typography" or not finding.excerpt:
            kept.append(finding)  # one finding per mark; whole-reply findings all stay
            continue
        clash: int | None = None
        index = last_of_rule.get(finding.rule)
        previous = kept[index] if index is not None else None
        if previous is not None and previous.start < finding.end and finding.start < previous.end:
            clash = index
        elif finding.step is None:
            clash = on_span.get((finding.category, finding.start, finding.end))
        if clash is None:
            kept.append(finding)
            last_of_rule[finding.rule] = len(kept) - 1
            on_span.setdefault((finding.category, finding.start, finding.end), len(kept) - 1)
            continue
        current = kept[clash]
        if current is not None and _RANK[finding.severity] > _RANK[current.severity]:
            kept[clash] = finding
            last_of_rule[finding.rule] = clash
    placed_and_not = [f for f in kept if f is not None]
    structure = [f for f in placed_and_not if f.line == 0]
    placed = sorted((f for f in placed_and_not if f.line), key=lambda f: (f.line, f.column, f.rule))
    return placed + structure
