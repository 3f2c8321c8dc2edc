"""Écouter : read a customer's message — which playbook, which facts, which warning signs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import msgspec

from reponse_cli.config import Config
from reponse_cli.drafting.answers import all_questions
from reponse_cli.drafting.compose import Composer, DraftState
from reponse_cli.errors import ReponseError
from reponse_cli.files.cache import Cache
from reponse_cli.listening.age import product_age
from reponse_cli.listening.alarm import escalation_model
from reponse_cli.listening.data import DATA, listening_data
from reponse_cli.listening.facts import Facts, extract, family_name, find_customer
from reponse_cli.listening.mail import Mail, parse_text
from reponse_cli.listening.model import trained_model
from reponse_cli.listening.ranking import Candidate, Index, second_problem, uncertainty
from reponse_cli.listening.signals import Escalation, find_escalation
from reponse_cli.playbooks.library import PlaybookRef
from reponse_cli.playbooks.schema import Playbook, choice_values
from reponse_cli.text.french import FrenchDate, Money, typography
from reponse_cli.text.language import analyse, lexicon_for


class Listening(msgspec.Struct):
    candidates: list[Candidate]
    facts: Facts
    escalation: list[Escalation]
    reformulation: str | None
    unsure: str | None  # why the match is uncertain, or None
    second: Candidate | None = None  # a second problem in the same message
    truncated: bool = False  # the message was longer than reponse reads

    @property
    def best(self) -> Candidate | None:
        if self.unsure or not self.candidates:
            return None
        return self.candidates[0]

    def as_json(self, explain: bool = False) -> dict[str, Any]:
        shown = [c for c in self.candidates[:3] if c.score > 0]
        total = sum(c.score for c in shown) or 1.0
        candidates = []
        for c in shown:
            item: dict[str, Any] = {
                "playbook": c.playbook,
                "family": c.family,
                "title": c.title,
                "score": c.score,
                "confidence": round(c.score / total, 2),
                "matched": c.matched,
            }
            if explain:
                item["hits"] = [
                    {"keyword": h.keyword, "weight": round(h.weight, 2), "excerpt": h.excerpt}
                    for h in c.hits
                ]
            candidates.append(item)
        problems = [
            {"playbook": c.playbook, "family": c.family, "title": c.title} for c in shown[:1]
        ]
        if self.second is not None:
            problems.append(
                {
                    "playbook": self.second.playbook,
                    "family": self.second.family,
                    "title": self.second.title,
                }
            )
        return {
            "candidates": candidates,
            "problems": problems,
            "unsure": self.unsure,
            "facts": self.facts.as_json(),
            "escalation": [e.as_json() for e in self.escalation],
            "reformulation": self.reformulation,
        }


# The learned model reads the first 20,000 characters (a complaint says what it is about
# long before that); the keywords read the whole message.
MODEL_READS = 20_000


class Listener:
    """Reads messages against a set of playbooks; the index is built once."""

    def __init__(
        self,
        playbooks: dict[str, Playbook],
        cache: Cache | None = None,
        sources: list[Path] | None = None,
    ) -> None:
        listening_data(cache)  # read once, from the cache when there is one
        self.playbooks = playbooks
        texts = [text for playbook in playbooks.values() for text in playbook_texts(playbook)]
        lexicon = lexicon_for(texts, sources or [], cache)
        self.index = Index(playbooks, lexicon)
        self.cache = cache

    def _closeness(self, text: str) -> dict[str, float]:
        """The learned model's closeness of a text to each playbook it knows."""
        model = trained_model()
        assert model is not None
        text = text[:MODEL_READS]
        lemmas = " ".join(w.feature for w in analyse(text, self.index.lexicon))
        return model.closeness(lemmas.split(), text)

    def read(
        self, message: str | Mail, today: dt.date, order_pattern: str | None = None
    ) -> Listening:
        """A message as the customer wrote it, or an e-mail already read (`mail.py`).

        The playbooks are ranked and the warning signs read on the customer's own words
        (and the subject), the quoted thread adding weak evidence to the ranking; the facts
        come from the whole message, the customer's words first; the customer's name may
        also come from the shop's greeting in a quote.
        """
        mail = message if isinstance(message, Mail) else parse_text(message)
        own = own_words(mail)
        # The facts: the customer's words first (the order they name comes first), then
        # what they quoted (the shop's earlier reply often names the order too).
        whole = "\n\n".join(part for part in (own, mail.signature, mail.quoted) if part)
        facts = extract(whole, today, order_pattern)
        age = product_age(own, today, facts.dates)
        # The model is read at the first message, never by --help, check or a plain draft.
        learned = self._closeness if trained_model() is not None else None
        rest = "\n\n".join(part for part in (mail.signature, mail.quoted) if part)
        ranking = self.index.rank(own, mail.quoted, age, learned, rest)
        candidates = ranking.candidates
        unsure = uncertainty(candidates)
        facts.civilite, facts.name = find_customer(whole, mail.quoted)
        if mail.name and not facts.name:
            facts.name = family_name(mail.name)
        escalation = find_escalation(own)
        detectors = escalation_model()  # read at the first message, as the ranking model
        if detectors is not None:
            escalation += detectors.escalation(own, escalation)
        best = None if unsure else candidates[0]
        reformulation = (
            summary(self.playbooks[best.playbook], facts, today, self.cache) if best else None
        )
        second = second_problem(ranking)
        return Listening(candidates, facts, escalation, reformulation, unsure, second)


def own_words(mail: Mail) -> str:
    """What the customer wrote themselves: the subject and the text, without the quoted
    thread or the signature (the warning signs and the ranking read this)."""
    return f"{mail.subject}\n\n{mail.text}" if mail.subject else mail.text


def playbook_texts(playbook: Playbook) -> list[str]:
    """What the matcher reads of a playbook."""
    return [
        *playbook.keywords,
        *playbook.listen.examples,
        playbook.title,
        playbook.description,
    ]


# --- from facts to answers, and the reformulation ---------------------------------------------


def prefill(playbook: Playbook, facts: Facts) -> dict[str, Any]:
    """Answers the facts give: who writes, the order, the amount, the product, the
    occasion, the parcel's status, dates by their role."""
    # The summary may read a common answer no other text of the playbook uses.
    questions = all_questions(playbook, [playbook.listen.summary or ""])
    answers: dict[str, Any] = {}
    if facts.civilite and "civilite" in questions:
        answers["civilite"] = facts.civilite
    if facts.name and "nom" in questions:
        answers["nom"] = facts.name
    if facts.orders and "commande" in questions:
        answers["commande"] = facts.orders[0]
    money = [qid for qid, q in questions.items() if q.type == "money" and qid == "montant"]
    # The reply speaks in euros: an amount in francs or dollars is not prefilled as one.
    euros = [a for a in facts.amounts if a.currency == "EUR"]
    if euros and money:
        answers["montant"] = Money(euros[0].value)
    if facts.product and "produit" in questions:
        answers["produit"] = facts.product
    # The occasion the order was for, and the parcel as the customer says the tracking
    # shows it: when the playbook asks them, as it asks them.
    occasion = questions.get("occasion")
    if facts.occasion and occasion is not None and occasion.type == "bool":
        answers["occasion"] = True
        if "evenement" in questions:
            answers["evenement"] = facts.occasion
    status = questions.get("statut")
    if (
        facts.parcel
        and status is not None
        and status.type == "choice"
        and facts.parcel in {value for value, _ in choice_values(status)}
    ):
        answers["statut"] = facts.parcel
    wanted = {
        "commande": ("date_commande",),
        "livraison": ("date_livraison", "date_reception"),
        "promesse": ("date_promise", "date_prevue"),
        "retour": ("date_retour", "date_renvoi"),
    }
    for found in facts.dates:
        for qid in wanted.get(found.role, ()):
            if qid in questions and qid not in answers:
                answers[qid] = FrenchDate.of(found.value)  # « 12 novembre 2026 » in a text
                break
    return answers


def summary(playbook: Playbook, facts: Facts, today: dt.date, cache: Cache | None = None) -> str:
    """« Si je comprends bien, … » from the playbook's summary and the facts."""
    source = playbook.listen.summary
    if source:
        ref = PlaybookRef("listen", DATA, "builtin")
        composer = Composer(ref, playbook, Config(), today, cache)
        composer.questions = all_questions(playbook, [source])
        state = DraftState("listen", answers=prefill(playbook, facts))
        try:
            return composer.render(source, state, "le résumé d'écoute")
        except ReponseError:
            pass
    title = playbook.title[0].lower() + playbook.title[1:]
    order = f" concernant votre commande {facts.orders[0]}" if facts.orders else ""
    return typography(f"Si je comprends bien, votre message{order} porte sur : {title}.")
