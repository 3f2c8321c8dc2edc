"""Frames: who does what in a sentence, read from classes of words rather than phrases.

A frame rule names classes of words (`classes:` in a rule file, lemmas expanded to their
forms by text/lemmas.py) and what one sentence must hold of them: a remedy within a
negation (« il n'y aura pas de remboursement », « nous ne pouvons donner suite »), a
third party the customer is told to go to (« rapprochez-vous de votre assureur »). The
next author words the fault differently; the roles stay the same.
"""

from __future__ import annotations

from collections.abc import Iterator

from reponse_cli.checker.document import Document, Token
from reponse_cli.checker.rules import Rule

LOCUTION_WORDS = 4  # the longest locution a class may hold, in words
DIRECTED_REACH = 6  # words between « veuillez » and the verb it commands
_SUBJECTS = frozenset(
    ["vous", "nous", "je", "j", "on", "il", "elle", "ils", "elles", "qui", "que", "qu", "si"]
)
_US = frozenset({"nous", "moi", "me", "m"})
_INJUNCTION = "injonction"  # the class of words that tell the customer to act
_RELAY = "relais"  # the words through which a negation reaches what follows them


def frame_spans(rule: Rule, doc: Document, classes: dict[str, list[str]]) -> list[tuple[int, int]]:
    """Where the rule's frame holds: one span a sentence, from its first word to its last."""
    frame = rule.frame or {}
    spans = []
    for sentence in _sentences(doc.tokens):
        found = _classes_in(sentence, classes)
        span = _holds(frame, found, sentence)
        if span is not None:
            spans.append(span)
    return spans


def _sentences(tokens: list[Token]) -> Iterator[list[Token]]:
    current: list[Token] = []
    for token in tokens:
        if current and token.sentence != current[0].sentence:
            yield current
            current = []
        current.append(token)
    if current:
        yield current


def _classes_in(sentence: list[Token], classes: dict[str, list[str]]) -> dict[str, list[int]]:
    """Class name → indexes (in the sentence) of the words that belong to it."""
    found: dict[str, list[int]] = {}
    for index in range(len(sentence)):
        phrase = sentence[index].word
        for size in range(LOCUTION_WORDS):
            if size:
                if index + size >= len(sentence):
                    break
                phrase += " " + sentence[index + size].word
            for name in classes.get(phrase, ()):
                found.setdefault(name, []).append(index)  # a locution is at its first word
    return found


def _holds(
    frame: dict[str, list[str]], found: dict[str, list[int]], sentence: list[Token]
) -> tuple[int, int] | None:
    used: list[int] = []
    for name in frame.get("none", ()):
        if name in found:
            return None
    for key, keep in (
        ("all", lambda i: True),
        ("negated", lambda i: _denied(sentence, i, found.get(_RELAY, ()))),
        ("affirmed", lambda i: not sentence[i].negated),
        ("directed", lambda i: _directed(sentence, i, found.get(_INJUNCTION, ()))),
    ):
        for name in frame.get(key, ()):
            where = [i for i in found.get(name, ()) if keep(i)]
            if not where:
                return None
            used.append(where[0])
    if not used:
        return None
    return sentence[min(used)].start, sentence[max(used)].end


def _denied(sentence: list[Token], index: int, relays: list[int] | tuple[()]) -> bool:
    """Negated itself, or through the word the negation fell on when that word only
    carries the act (« ne pouvons pas procéder au remboursement ») — not through any
    verb: « vous ne perdrez pas votre remboursement » denies no refund."""
    token = sentence[index]
    if not token.negated or token.denier == token.start:
        return token.negated
    return any(sentence[at].start == token.denier for at in relays)


def _directed(sentence: list[Token], index: int, injunctions: list[int] | tuple[()]) -> bool:
    """The customer is told to do it: « contactez », « adressez-vous », « veuillez voir ».

    An imperative has no subject before it (« vous contactez » tells what he does); an
    infinitive is commanded by an injunction a few words before it.
    """
    token = sentence[index]
    word = token.word
    if index + 1 < len(sentence) and sentence[index + 1].word in _US:
        return False  # « écrivez-nous », « contactez-moi »: the customer comes to us
    if index and sentence[index - 1].word in _US:
        return False  # « merci de nous écrire »
    before = {t.word for t in sentence[max(0, index - 2) : index] if t.clause == token.clause}
    if word.endswith("ez") and not before & _SUBJECTS:  # « vous le voyez » is no order
        return not token.negated  # « ne contactez pas le transporteur » sends nowhere
    if word.endswith(("er", "ir", "re", "oir")):
        return any(0 < index - at <= DIRECTED_REACH for at in injunctions)
    return False
