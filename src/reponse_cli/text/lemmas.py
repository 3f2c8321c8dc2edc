"""Classes of words given by their lemmas, expanded to every form simplemma knows.

A rule names a class (« remède » : rembourser, échange, geste…) and not the forms of
each word: « remboursé », « rembourserions », « exclue » are found because simplemma's
French dictionary says whose forms they are. The expansion runs once, when rules are
compiled (the dictionary takes longer to load than a check can spare); a check only
looks folded words up in the table it produced.
"""

from __future__ import annotations

from collections.abc import Iterable

from reponse_cli.text.fold import fold
from reponse_cli.text.language import _PARTICIPLE_ENDINGS

_WORD = "abcdefghijklmnopqrstuvwxyz0123456789"


def entry_words(entry: str) -> tuple[str, ...]:
    """The folded words of a class entry (« prise en charge » → three words)."""
    words: list[str] = []
    current = ""
    for char in fold(entry):
        if char in _WORD:
            current += char
        elif current:
            words.append(current)
            current = ""
    if current:
        words.append(current)
    return tuple(words)


def expand_classes(classes: dict[str, Iterable[str]]) -> dict[str, list[str]]:
    """Folded form (or first word of a locution) → the classes it belongs to.

    Entries are lemmas (« rembourser », « remboursement »). A one-word entry brings
    every form of its lemma and of its participles (« exclu », « exclues » for
    « exclure »); an entry of several words is a locution whose first
    word is inflected (« donner suite » : « donnons suite », « donnera suite »), read
    whole by the checker. An entry written `=mot` is that form only, `@classe` brings
    every entry of another class.
    """
    from simplemma.strategies.dictionaries import DefaultDictionaryFactory

    classes = {name: _with_included(name, classes) for name in classes}

    wanted: dict[str, set[str]] = {}  # folded lemma → classes
    exact: dict[str, set[str]] = {}  # folded form → classes
    for name, entries in classes.items():
        for entry in entries:
            only = entry.startswith("=")
            words = entry_words(entry[1:] if only else entry)
            if not words:
                continue
            key = " ".join(words)
            exact.setdefault(key, set()).add(name)
            if only:
                continue
            # The entry is a lemma (« rembourser », « exclure »): its forms join it.
            wanted.setdefault(words[0], set()).add(f"{name}\0{' '.join(words[1:])}")
    dictionary = DefaultDictionaryFactory().get_dictionary("fr")
    found: dict[str, set[str]] = {key: set(names) for key, names in exact.items()}
    for form, lemma in dictionary.items():
        folded_lemma = fold(lemma)
        heads = [folded_lemma]
        parent = dictionary.get(lemma)
        if parent is not None:
            heads.append(fold(parent))  # « exclue » → « exclu » → « exclure »
        heads += _verbs_of(folded_lemma)
        for head in heads:
            for tagged in wanted.get(head, ()):
                name, rest = tagged.split("\0")
                key = f"{fold(form)} {rest}" if rest else fold(form)
                found.setdefault(key, set()).add(name)
    return {key: sorted(names) for key, names in sorted(found.items())}


def _with_included(name: str, classes: dict[str, Iterable[str]]) -> list[str]:
    entries: list[str] = []
    seen = {name}
    pending = list(classes.get(name, ()))
    while pending:
        entry = pending.pop(0)
        if entry.startswith("@"):
            if entry[1:] not in seen:
                seen.add(entry[1:])
                pending += list(classes.get(entry[1:], ()))
            continue
        entries.append(entry)
    return entries


def _verbs_of(lemma: str) -> list[str]:
    """« endommagé » is its own lemma in simplemma: the verb it is the participle of."""
    verbs = []
    for ending, infinitive in _PARTICIPLE_ENDINGS:
        if lemma.endswith(ending) and len(lemma) > len(ending) + 2:
            verbs.append(lemma[: -len(ending)] + infinitive)
    return verbs
