"""The playbook contract: the schema of a playbook file, and the lists derived from it.

A playbook is one YAML file per kind of dispute. msgspec validates its shape (and
exports the JSON Schema editors use for completion); what msgspec cannot express
(unique ids, references between parts) is checked by `loading.py`, what needs Jinja by
`validate.py`. `template_fields` is the one list of a playbook's texts: the questions
asked, the validation and the renderer all read it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Annotated, Any, Literal

import msgspec

Responsibility = Literal["nous", "partagee", "a-eclaircir", "client"]
RESPONSIBILITY_LABELS = {
    "nous": "Notre erreur",
    "partagee": "Responsabilité partagée",
    "a-eclaircir": "À éclaircir, nous vérifions",
    "client": "Probablement côté client, à expliquer sans reprocher",
}
QuestionType = Literal["text", "multiline", "choice", "money", "date", "int", "bool"]
FAMILY_LABELS = {
    "qualite": "Qualité",
    "financier": "Financier",
    "administratif": "Administratif",
    "contractuel": "Contractuel",
    "avis": "Avis public",
}


def family_label(family: str) -> str:
    """The family as an agent reads it: « Qualité », « Avis public »; other ids as written."""
    return FAMILY_LABELS.get(family, family.replace("-", " ").capitalize())


_CONDITION_WORDS = {"or": "ou", "and": "et", "not": "non", "in": "parmi", "true": "oui",
                    "false": "non", "none": "rien"}  # fmt: skip
_CONDITION_TOKEN = re.compile(
    r"'([^']*)'|\"([^\"]*)\"|==|!=|\b(?:or|and|not|in|true|false|none)\b", re.I
)


def condition_label(condition: str) -> str:
    """A playbook's condition as an agent reads it: « occasion ou delai_depasse »,
    « statut = en-transit », rather than Jinja's English operators."""

    def french(match: re.Match[str]) -> str:
        if match.group(1) is not None or match.group(2) is not None:
            quoted = match.group(1) if match.group(1) is not None else match.group(2)
            return f"« {quoted} »"
        token = match.group(0)
        return {"==": "=", "!=": "≠"}.get(token) or _CONDITION_WORDS[token.lower()]

    return " ".join(_CONDITION_TOKEN.sub(french, condition).split())


Stage = Literal["before", "during", "after"]
STAGE_LABELS = {"before": "avant", "during": "pendant", "after": "après"}

Ident = Annotated[
    str,
    msgspec.Meta(
        pattern=r"^[a-z][a-z0-9_]*$",
        description="Identifiant utilisable dans les modèles : minuscules, chiffres et _.",
    ),
]
Slug = Annotated[
    str,
    msgspec.Meta(
        pattern=r"^[a-z0-9][a-z0-9-]*$",
        description="Identifiant : minuscules, chiffres et tirets.",
    ),
]
Template = Annotated[str, msgspec.Meta(description="Texte Jinja2 : {{ commande }}, {{ montant }}…")]
Condition = Annotated[
    str,
    msgspec.Meta(
        description=(
            "Condition Jinja sur les réponses, la responsabilité et les solutions choisies : "
            "« occasion », « responsabilite == 'client' », "
            "« 'annulation' in solutions_choisies »."
        )
    ),
]


def _doc(text: str) -> msgspec.Meta:
    return msgspec.Meta(description=text)


class Base(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True, kw_only=True):
    pass


class Choice(Base, kw_only=True):
    value: str
    label: str | None = None


class Question(Base, kw_only=True):
    id: Ident
    prompt: Annotated[str, _doc("La question posée à l'agent.")]
    type: Annotated[QuestionType, _doc("Type de la réponse, vérifié à la saisie.")] = "text"
    required: Annotated[bool, _doc("Réponse obligatoire (défaut : oui).")] = True
    default: Annotated[Any, _doc("Valeur proposée par défaut.")] = None
    help: Annotated[str | None, _doc("Aide affichée sous la question.")] = None
    choices: Annotated[list[str | Choice], _doc("Valeurs possibles (type choice).")] = []
    when: Annotated[
        str | None, _doc("Condition Jinja sur les réponses précédentes, ex. « colis_suivi ».")
    ] = None
    past: Annotated[
        bool,
        _doc(
            "Type date : une date déjà passée (réception, commande, retour…). « lundi », "
            "« le 5 janvier » sont lus au passé ; une date à venir est refusée."
        ),
    ] = False


class Paragraph(Base, kw_only=True):
    """A text that belongs in the reply only when its condition holds."""

    text: Template
    when: Condition | None = None


# A paragraph is written as plain text, or as {text, when} when it fits some cases only.
Para = Template | Paragraph


def para_text(para: Para) -> str:
    return para if isinstance(para, str) else para.text


def para_when(para: Para) -> str | None:
    return None if isinstance(para, str) else para.when


Duration = Annotated[
    str,
    msgspec.Meta(
        pattern=r"^\s*\d{1,4}\s*(jours?|semaines?|mois|ans?)\s*$",
        description="Une durée : « 10 jours », « 6 semaines », « 3 mois », « 2 ans ».",
    ),
]


class AgeRange(Base, kw_only=True):
    """The product's age a playbook is for, read in the message (`listening/age.py`)."""

    min: Annotated[
        Duration | None, _doc("Âge du produit à partir duquel ce playbook s'applique.")
    ] = None
    max: Annotated[
        Duration | None, _doc("Âge du produit au-delà duquel ce playbook ne s'applique plus.")
    ] = None


class Listen(Base, kw_only=True):
    checklist: Annotated[list[str], _doc("Ce que l'agent vérifie en lisant le message.")] = []
    examples: Annotated[
        list[str],
        _doc(
            "Pour « reponse listen » : quelques phrases de clients, telles qu'ils les "
            "écrivent, qui relèvent de ce playbook."
        ),
    ] = []
    age: Annotated[
        AgeRange | None,
        _doc(
            "Pour « reponse listen » : l'âge du produit auquel ce playbook s'applique, "
            "lu dans le message (« reçu hier », « acheté en 2022 », « au bout de deux "
            "mois ») ; un message qui dit un autre âge le classe plus bas."
        ),
    ] = None
    reformulation: Annotated[Template, _doc("« Si je comprends bien, … » : début de la réponse.")]
    summary: Annotated[
        Template | None,
        _doc(
            "Pour « reponse listen » : « Si je comprends bien, … » à partir des seuls faits "
            "lus dans le message (commande, montant, dates), gardés par {% if %}."
        ),
    ] = None


class Apologies(Base, kw_only=True, rename={"a_eclaircir": "a-eclaircir"}):
    nous: Template | None = None
    partagee: Template | None = None
    a_eclaircir: Template | None = None
    client: Template | None = None

    def variants(self) -> dict[str, str]:
        found = {
            "nous": self.nous,
            "partagee": self.partagee,
            "a-eclaircir": self.a_eclaircir,
            "client": self.client,
        }
        return {key: text for key, text in found.items() if text is not None}


class Solution(Base, kw_only=True):
    id: Slug
    label: Annotated[str, _doc("Libellé montré à l'agent.")]
    text: Annotated[
        Template,
        _doc(
            "La phrase de la réponse ; elle se lit seule. Un geste est précédé de "
            "« En plus, » quand la réponse propose aussi une solution."
        ),
    ]
    geste: Annotated[
        bool,
        _doc(
            "Geste commercial : offert en plus de la solution, jamais présenté comme une "
            "alternative entre lesquelles le client choisit."
        ),
    ] = False
    recommended: Annotated[bool, _doc("Proposée par défaut.")] = False
    when: Annotated[Condition | None, _doc("Proposée seulement quand la condition est vraie.")] = (
        None
    )
    help: str | None = None
    questions: list[Question] = []


class FollowUp(Base, kw_only=True):
    id: Annotated[
        str,
        msgspec.Meta(
            pattern=r"^[a-z][a-z0-9_-]*$",
            description="Identifiant ; {{ suivi.mon_id }} donne sa date (tirets → _).",
        ),
    ]
    stage: Annotated[Stage, _doc("before : confirmer ; during : tenir informé ; after : vérifier.")]
    after_days: Annotated[int, msgspec.Meta(ge=0, le=365)]
    label: str
    text: Annotated[
        Template,
        _doc(
            "L'engagement écrit dans la réponse, si c'est l'étape promise ; {{ due }} est sa date."
        ),
    ]
    message: Annotated[
        Template | None, _doc("Le message à envoyer au client à cette étape, plus tard.")
    ] = None
    when: Annotated[
        Condition | None, _doc("Étape du plan seulement quand la condition est vraie.")
    ] = None
    promise: Annotated[
        bool,
        _doc(
            "L'étape que la réponse promet, avec sa date (une seule par réponse ; par "
            "défaut la première étape « during »)."
        ),
    ] = False


class Guidance(Base, kw_only=True):
    listen: str | None = None
    apology: str | None = None
    empathy: str | None = None
    solutions: str | None = None
    follow_up: str | None = None


class Example(Base, kw_only=True):
    name: str | None = None
    responsibility: Responsibility
    solutions: list[str] = []
    empathy: Annotated[
        int | str | None,
        _doc("Numéro de la phrase (1, 2…) ou phrase libre ; défaut : la première qui s'applique."),
    ] = None
    follow_up: list[str] | None = None
    promise: Annotated[str | None, _doc("L'étape du suivi que la réponse promet.")] = None
    answers: dict[str, Any] = {}


class Playbook(Base, kw_only=True):
    id: Slug | None = None
    title: str
    family: Annotated[Slug, _doc("qualite, financier, administratif, contractuel, ou autre.")]
    description: str
    keywords: Annotated[list[str], _doc("Mots et expressions des clients, pour `listen`.")] = []
    subject: Annotated[
        Template | None,
        _doc("Objet de l'e-mail ; portez-y le numéro de commande. Sans objet : réponse publique."),
    ] = None
    questions: list[Question] = []
    listen: Listen
    apologies: Apologies
    default_responsibility: Responsibility | None = None
    empathy: Annotated[list[Para], msgspec.Meta(min_length=1)]
    solutions: Annotated[list[Solution], msgspec.Meta(min_length=1)]
    follow_up: list[FollowUp] = []
    solutions_intro: Annotated[
        Template | None, _doc("Phrase qui annonce plusieurs solutions au choix.")
    ] = None
    solutions_outro: Annotated[Template | None, _doc("Phrase qui invite le client à choisir.")] = (
        None
    )
    closing: Annotated[
        Para | list[Para] | None,
        _doc(
            "Dernière phrase avant « Bien cordialement, » ; une liste : la première qui s'applique."
        ),
    ] = None
    mediation: Annotated[
        Condition | None,
        _doc(
            "Quand la réponse décline une partie de la demande : la condition qui fait citer, "
            "à la fin, le médiateur de la consommation (nom et site, L616-1)."
        ),
    ] = None
    template: Annotated[str | None, _doc("Modèle Jinja2 propre (défaut : reply.txt.j2).")] = None
    guidance: Guidance = msgspec.field(default_factory=Guidance)
    examples: list[Example] = []

    # --- derived views -------------------------------------------------------

    def responsibility_default(self) -> str:
        variants = self.apologies.variants()
        if self.default_responsibility in variants:
            return self.default_responsibility
        return "nous" if "nous" in variants else next(iter(variants))

    def closings(self) -> list[Para]:
        if self.closing is None:
            return []
        return self.closing if isinstance(self.closing, list) else [self.closing]

    def solution(self, solution_id: str) -> Solution:
        for solution in self.solutions:
            if solution.id == solution_id:
                return solution
        raise KeyError(solution_id)


# --- the common answers, defined once for every playbook ---------------------------

CIVILITES = {"madame": "Madame,", "monsieur": "Monsieur,", "neutre": "Madame, Monsieur,"}

COMMON_QUESTIONS: tuple[Question, ...] = (
    Question(
        id="civilite",
        prompt="Civilité du client",
        type="choice",
        choices=[
            Choice(value="madame", label="Madame"),
            Choice(value="monsieur", label="Monsieur"),
            Choice(value="neutre", label="Je ne sais pas (Madame, Monsieur)"),
        ],
        default="neutre",
        help="Donne la formule d'appel : « Madame, », « Monsieur, » ou « Madame, Monsieur, ».",
    ),
    Question(id="nom", prompt="Nom du client", required=False),
    # Optional: phone orders, shops without numbers, a first « mon colis n'est pas
    # arrivé ». Every text writes it inside `{% if commande %}` (validate checks it) and
    # reads as well without it: « votre commande ».
    Question(
        id="commande",
        prompt="Numéro de commande",
        required=False,
        help="Tel qu'il figure sur la facture ; laissez vide si le client ne le donne pas.",
    ),
    Question(id="date_commande", prompt="Date de la commande", type="date", past=True),
    Question(id="produit", prompt="Produit concerné"),
    Question(id="montant", prompt="Montant concerné", type="money", help="Par exemple 49,90"),
)
COMMON_IDS = tuple(q.id for q in COMMON_QUESTIONS)


def choice_values(question: Question) -> list[tuple[str, str]]:
    """(value, label) pairs of a choice question."""
    pairs = []
    for choice in question.choices:
        if isinstance(choice, str):
            pairs.append((choice, choice))
        else:
            pairs.append((choice.value, choice.label or choice.value))
    return pairs


# --- the one list of a playbook's texts ---------------------------------------------

Where = Sequence[str | int]
FOLLOW_UP_LOCAL = frozenset(("due", "after_days"))


def template_fields(playbook: Playbook) -> Iterator[tuple[Where, str, frozenset[str]]]:
    """(where, source, names local to it) for every template text of a playbook."""
    if playbook.subject is not None:
        yield ["subject"], playbook.subject, frozenset()
    yield ["listen", "reformulation"], playbook.listen.reformulation, frozenset()
    if playbook.listen.summary:
        yield ["listen", "summary"], playbook.listen.summary, frozenset()
    for key, text in playbook.apologies.variants().items():
        yield ["apologies", key], text, frozenset()
    for index, phrase in enumerate(playbook.empathy):
        yield _para_where(["empathy", index], phrase), para_text(phrase), frozenset()
    for index, solution in enumerate(playbook.solutions):
        yield ["solutions", index, "text"], solution.text, frozenset()
    for index, item in enumerate(playbook.follow_up):
        yield ["follow_up", index, "text"], item.text, FOLLOW_UP_LOCAL
        if item.message:
            yield ["follow_up", index, "message"], item.message, FOLLOW_UP_LOCAL
    closings = playbook.closings()
    for index, para in enumerate(closings):
        where: list[str | int] = (
            ["closing", index] if isinstance(playbook.closing, list) else ["closing"]
        )
        yield _para_where(where, para), para_text(para), frozenset()
    for name in ("solutions_intro", "solutions_outro"):
        source = getattr(playbook, name)
        if source:
            yield [name], source, frozenset()


def _para_where(where: list[str | int], para: Para) -> list[str | int]:
    return where if isinstance(para, str) else [*where, "text"]


def conditions(playbook: Playbook) -> Iterator[tuple[Where, str]]:
    """Every `when:` condition, where it stands."""
    for index, question in enumerate(playbook.questions):
        if question.when:
            yield ["questions", index, "when"], question.when
    for s_index, solution in enumerate(playbook.solutions):
        if solution.when:
            yield ["solutions", s_index, "when"], solution.when
        for index, question in enumerate(solution.questions):
            if question.when:
                yield ["solutions", s_index, "questions", index, "when"], question.when
    for index, item in enumerate(playbook.follow_up):
        if item.when:
            yield ["follow_up", index, "when"], item.when
    for index, phrase in enumerate(playbook.empathy):
        if para_when(phrase):
            yield ["empathy", index, "when"], para_when(phrase)
    closings = playbook.closings()
    for index, para in enumerate(closings):
        if para_when(para):
            where: list[str | int] = (
                ["closing", index] if isinstance(playbook.closing, list) else ["closing"]
            )
            yield [*where, "when"], para_when(para)
    if playbook.mediation:
        yield ["mediation"], playbook.mediation


FIELD_NAMES = sorted(
    {
        f
        for struct in (
            Playbook,
            Question,
            Solution,
            FollowUp,
            Listen,
            AgeRange,
            Example,
            Guidance,
            Paragraph,
        )
        for f in struct.__struct_fields__
    }
    | {"a-eclaircir"}
)
