"""The playbook contract: schema, safe loading, and errors that point at `path:line`.

A playbook is one YAML file per kind of dispute. msgspec validates its shape (and
exports the JSON Schema editors use for completion); the checks msgspec cannot express
(unique ids, references between parts) live in `structural_problems`. Template-level
checks need Jinja and live in `validate.py`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any, Literal

import msgspec

from reponse_cli.errors import PlaybookError, did_you_mean

Responsibility = Literal["nous", "partagee", "a-eclaircir", "client"]
RESPONSIBILITY_LABELS = {
    "nous": "Notre erreur",
    "partagee": "Responsabilité partagée",
    "a-eclaircir": "À éclaircir : nous vérifions",
    "client": "Probablement côté client : expliquer sans reprocher",
}
QuestionType = Literal["text", "multiline", "choice", "money", "date", "int", "bool"]
FAMILY_LABELS = {
    "qualite": "Qualité",
    "financier": "Financier",
    "administratif": "Administratif",
    "contractuel": "Contractuel",
    "avis": "Avis publics",
}
Stage = Literal["before", "during", "after"]
STAGE_LABELS = {"before": "avant", "during": "pendant", "after": "après"}

Ident = Annotated[
    str,
    msgspec.Meta(
        pattern=r"^[a-z][a-z0-9_]*$",
        description="Identifiant utilisable dans les modèles : minuscules, chiffres et _.",
    ),
]
Slug = Annotated[
    str,
    msgspec.Meta(
        pattern=r"^[a-z0-9][a-z0-9-]*$",
        description="Identifiant : minuscules, chiffres et tirets.",
    ),
]
Template = Annotated[str, msgspec.Meta(description="Texte Jinja2 : {{ commande }}, {{ montant }}…")]


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
    required: Annotated[bool, _doc("Réponse obligatoire (défaut : oui).")] = True
    default: Annotated[Any, _doc("Valeur proposée par défaut.")] = None
    help: Annotated[str | None, _doc("Aide affichée sous la question.")] = None
    choices: Annotated[list[str | Choice], _doc("Valeurs possibles (type choice).")] = []
    when: Annotated[
        str | None, _doc("Condition Jinja sur les réponses précédentes, ex. « colis_suivi ».")
    ] = None


class Listen(Base, kw_only=True):
    checklist: Annotated[list[str], _doc("Ce que l'agent vérifie en lisant le message.")] = []
    reformulation: Annotated[Template, _doc("« Si je comprends bien, … » : début de la réponse.")]
    summary: Annotated[
        Template | None,
        _doc(
            "Pour « reponse listen » : « Si je comprends bien, … » à partir des seuls faits "
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
    text: Annotated[Template, _doc("La phrase de la réponse ; elle se lit seule.")]
    geste: Annotated[bool, _doc("Geste commercial offert.")] = False
    recommended: Annotated[bool, _doc("Proposée par défaut.")] = False
    help: str | None = None
    questions: list[Question] = []


class FollowUp(Base, kw_only=True):
    id: Annotated[
        str,
        msgspec.Meta(
            pattern=r"^[a-z][a-z0-9_-]*$",
            description="Identifiant ; {{ suivi.mon_id }} donne sa date (tirets → _).",
        ),
    ]
    stage: Annotated[Stage, _doc("before : confirmer ; during : tenir informé ; after : vérifier.")]
    after_days: Annotated[int, msgspec.Meta(ge=0, le=365)]
    label: str
    text: Annotated[Template, _doc("L'engagement écrit dans la réponse ; {{ due }} est sa date.")]
    message: Annotated[
        Template | None, _doc("Le message à envoyer au client à cette étape, plus tard.")
    ] = None


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
    empathy: Annotated[int | str, _doc("Numéro de la phrase (1, 2…) ou phrase libre.")] = 1
    follow_up: list[str] | None = None
    answers: dict[str, Any] = {}


class Playbook(Base, kw_only=True):
    id: Slug | None = None
    title: str
    family: Annotated[Slug, _doc("qualite, financier, administratif, contractuel, ou autre.")]
    description: str
    keywords: Annotated[list[str], _doc("Mots et expressions des clients, pour `listen`.")] = []
    subject: Annotated[Template, _doc("Objet de l'e-mail ; portez-y le numéro de commande.")]
    questions: list[Question] = []
    listen: Listen
    apologies: Apologies
    default_responsibility: Responsibility | None = None
    empathy: Annotated[list[Template], msgspec.Meta(min_length=1)]
    solutions: Annotated[list[Solution], msgspec.Meta(min_length=1)]
    follow_up: list[FollowUp] = []
    solutions_intro: Annotated[
        Template | None, _doc("Phrase qui annonce plusieurs solutions au choix.")
    ] = None
    solutions_outro: Annotated[Template | None, _doc("Phrase qui invite le client à choisir.")] = (
        None
    )
    closing: Annotated[Template | None, _doc("Dernière phrase avant « Bien cordialement, ».")] = (
        None
    )
    template: Annotated[str | None, _doc("Modèle Jinja2 propre (défaut : reply.txt.j2).")] = None
    guidance: Guidance = msgspec.field(default_factory=Guidance)
    examples: list[Example] = []

    # --- derived views -------------------------------------------------------

    def responsibility_default(self) -> str:
        variants = self.apologies.variants()
        if self.default_responsibility in variants:
            return self.default_responsibility
        return "nous" if "nous" in variants else next(iter(variants))

    def recommended_solutions(self) -> list[str]:
        ids = [s.id for s in self.solutions if s.recommended]
        return ids or [self.solutions[0].id]

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
        help="Donne la formule d'appel : « Madame, », « Monsieur, » ou « Madame, Monsieur, ».",
    ),
    Question(id="nom", prompt="Nom du client", required=False),
    Question(id="commande", prompt="Numéro de commande", help="Tel qu'il figure sur la facture."),
    Question(id="date_commande", prompt="Date de la commande", type="date"),
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


# --- JSON view ------------------------------------------------------------------------


def question_json(question: Question) -> dict[str, Any]:
    """A question as JSON, its type and requiredness always spelled out."""
    from reponse_cli.answers import plain

    data = msgspec.to_builtins(question)
    data["type"] = question.type
    data["required"] = question.required
    if question.default is not None:
        data["default"] = msgspec.to_builtins(plain(question.default))
    return data


def playbook_json(spec: Playbook, **where: str) -> dict[str, Any]:
    """The whole playbook for `playbooks show --format json`: questions with their types."""
    from reponse_cli.answers import fact_questions

    data = msgspec.to_builtins(spec)
    data.update(where)
    data["questions"] = [question_json(q) for q in spec.questions]
    data["asked"] = [question_json(q) for q in fact_questions(spec)]
    for index, solution in enumerate(spec.solutions):
        data["solutions"][index]["geste"] = solution.geste
        data["solutions"][index]["questions"] = [question_json(q) for q in solution.questions]
    return data


# --- loading ---------------------------------------------------------------------


def _loader() -> Any:
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> tuple[str, Any]:
    """Read a YAML file with the safe loader; errors become `path:line: message`."""
    import yaml

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PlaybookError([f"{path}: fichier introuvable"]) from None
    except UnicodeDecodeError:
        raise PlaybookError([f"{path}: le fichier n'est pas encodé en UTF-8"]) from None
    except OSError as error:
        raise PlaybookError([f"{path}: lecture impossible ({error.strerror})"]) from None
    try:
        return text, yaml.load(text, Loader=_loader())  # a safe loader
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = mark.line + 1 if mark else 1
        problem = getattr(error, "problem", None) or str(error)
        message = f"{path}:{line}: YAML invalide : {problem}"
        bad_line = text.splitlines()[line - 1] if 0 < line <= len(text.splitlines()) else ""
        if "{{" in bad_line or "{%" in bad_line:
            message += " (un texte qui commence par {{ doit être entre guillemets)"
        elif "mapping values" in problem and bad_line.count(": ") > 1:
            message += " (un texte qui contient « : » doit être entre guillemets)"
        raise PlaybookError([message]) from None


def parse_playbook(path: Path) -> Playbook:
    """Load one playbook file; raise PlaybookError with every structural problem."""
    from reponse_cli.cache import load_yaml

    data = load_yaml(path)
    if not isinstance(data, dict):
        raise PlaybookError([f"{path}:1: un playbook est un dictionnaire YAML (clé: valeur)"])
    try:
        playbook = msgspec.convert(data, Playbook)
    except msgspec.ValidationError as error:
        message, where = translate_validation_error(str(error))
        text = read_yaml(path)[0]
        line = locate(text, where)
        lines = text.splitlines()
        if "dictionnaire" in message and 0 < line <= len(lines) and ": " in lines[line - 1]:
            message += " (un texte qui contient « : » doit être entre guillemets)"
        raise PlaybookError([f"{path}:{line}: {message}"]) from None
    found = structural_problems(playbook, path.stem)
    if found:
        text = read_yaml(path)[0]
    problems = [f"{path}:{locate(text, where)}: {message}" for where, message in found]
    if problems:
        raise PlaybookError(problems)
    return playbook


# --- structural checks -------------------------------------------------------------

Where = list[str | int]


def structural_problems(playbook: Playbook, file_id: str) -> list[tuple[Where, str]]:
    """What the schema cannot say: ids, references, defaults of the right type."""
    from reponse_cli.answers import coerce

    problems: list[tuple[Where, str]] = []
    if playbook.id is not None and playbook.id != file_id:
        problems.append(
            (["id"], f"l'id « {playbook.id} » doit être le nom du fichier : « {file_id} »")
        )
    variants = playbook.apologies.variants()
    if not variants:
        problems.append((["apologies"], "au moins une excuse est nécessaire (nous, client…)"))
    if playbook.default_responsibility and playbook.default_responsibility not in variants:
        problems.append(
            (
                ["default_responsibility"],
                f"« {playbook.default_responsibility} » n'a pas d'excuse dans apologies",
            )
        )

    seen: dict[str, Where] = {}
    all_questions: list[tuple[Where, Question]] = [
        (["questions", i], q) for i, q in enumerate(playbook.questions)
    ]
    for s_index, solution in enumerate(playbook.solutions):
        all_questions += [
            (["solutions", s_index, "questions", i], q) for i, q in enumerate(solution.questions)
        ]
    for where, question in all_questions:
        if question.id in seen:
            problems.append(([*where, "id"], f"question « {question.id} » définie deux fois"))
        seen[question.id] = where
        if question.id in RESERVED_NAMES:
            problems.append(
                ([*where, "id"], f"« {question.id} » est un nom réservé ; choisissez-en un autre")
            )
        if question.type == "choice" and not question.choices:
            problems.append(
                ([*where, "choices"], "une question de type choice a besoin de choices")
            )
        if question.default is not None:
            try:
                coerce(question, question.default)
            except ValueError as error:
                problems.append(([*where, "default"], f"valeur par défaut : {error}"))

    for label, items in (
        ("solution", [s.id for s in playbook.solutions]),
        ("suivi", [f.id for f in playbook.follow_up]),
    ):
        key = "solutions" if label == "solution" else "follow_up"
        for index, item_id in enumerate(items):
            if items.index(item_id) != index:
                problems.append(([key, index, "id"], f"{label} « {item_id} » définie deux fois"))

    solution_ids = {s.id for s in playbook.solutions}
    follow_ids = {f.id for f in playbook.follow_up}
    for index, example in enumerate(playbook.examples):
        where: Where = ["examples", index]
        if example.responsibility not in variants:
            problems.append(
                ([*where, "responsibility"], f"pas d'excuse « {example.responsibility} »")
            )
        for sid in example.solutions:
            if sid not in solution_ids:
                problems.append(
                    (
                        [*where, "solutions"],
                        f"solution inconnue « {sid} »." + did_you_mean(sid, solution_ids),
                    )
                )
        for fid in example.follow_up or []:
            if fid not in follow_ids:
                problems.append(([*where, "follow_up"], f"suivi inconnu « {fid} »"))
    return problems


# Names the renderer provides; a question may not reuse them.
CONFIG_NAMES = ("agent", "entreprise", "signature", "contact", "mediateur_nom", "mediateur_site")
RESERVED_NAMES = frozenset(
    (
        *CONFIG_NAMES,
        "aujourdhui",
        "responsabilite",
        "greeting",
        "reformulation",
        "apology",
        "empathy",
        "solutions",
        "follow_up",
        "closing",
        "solutions_intro",
        "solutions_outro",
        "subject",
        "suivi",
        "due",
        "after_days",
    )
)


# --- errors: msgspec's English → French, and `$.a[0].b` → a YAML line ----------------

_FIELD_NAMES = sorted(
    {
        f
        for struct in (Playbook, Question, Solution, FollowUp, Listen, Example)
        for f in struct.__struct_fields__
    }
    | {"a-eclaircir"}
)
_TYPE_NAMES = {
    "str": "un texte",
    "int": "un nombre entier",
    "bool": "true ou false",
    "array": "une liste",
    "object": "un dictionnaire",
    "null": "rien",
    "float": "un nombre",
}


def translate_validation_error(text: str) -> tuple[str, Where]:
    """Turn msgspec's message into French and its `$.path` into path tokens."""
    message, _, at = text.partition(" - at ")
    where: Where = []
    if at:
        path = at.strip("`")
        if path.startswith("key` in `"):
            path = path.removeprefix("key` in `")
        for token in re.findall(r"\.([\w-]+)|\[(\d+)\]", path.removeprefix("$")):
            where.append(token[0] if token[0] else int(token[1]))
    if m := re.match(r"Object missing required field `(.+)`", message):
        return f"champ obligatoire manquant : « {m[1]} »", where
    if m := re.match(r"Object contains unknown field `(.+)`", message):
        where.append(m[1])
        return f"champ inconnu : « {m[1]} »." + did_you_mean(m[1], _FIELD_NAMES), where
    if m := re.match(r"Invalid enum value '(.*)'", message):
        return f"valeur non prévue : « {m[1]} »", where
    if m := re.match(r"Expected `str` matching regex '(.*)'", message):
        allowed = {"_": "chiffres et _", "-": "chiffres et tirets"}.get(
            "_" if "_]" in m[1] else "-" if "-]" in m[1] and "_" not in m[1] else "",
            "chiffres, tirets et _",
        )
        return f"identifiant invalide : minuscules, {allowed} seulement", where
    if m := re.match(r"Expected `array` of length >= (\d+)", message):
        return f"il faut au moins {m[1]} élément(s)", where
    if m := re.match(r"Expected `(\w+)`.* >= (\d+)", message):
        return f"le nombre doit être au moins {m[2]}", where
    if m := re.match(r"Expected `(\w+)`.* <= (\d+)", message):
        return f"le nombre doit être au plus {m[2]}", where
    if m := re.match(r"Expected `([\w |]+)`, got `(\w+)`", message):
        wanted = " ou ".join(_TYPE_NAMES.get(t.strip(), t.strip()) for t in m[1].split("|"))
        return f"attendu : {wanted}, trouvé : {_TYPE_NAMES.get(m[2], m[2])}", where
    return message, where


def locate(text: str, where: Where) -> int:
    """The 1-based line of the YAML key at `where`, or of its closest parent."""
    return walk(text, where)[0]


def template_line(text: str, where: Where) -> int:
    """The line where the template string at `where` begins (after a `|` or `>`)."""
    import yaml

    line, node = walk(text, where)
    if isinstance(node, yaml.ScalarNode):
        line = node.start_mark.line + 1
        if node.style in ("|", ">"):
            line += 1
    return line


def walk(text: str, where: Where) -> tuple[int, Any]:
    import yaml

    try:
        node = yaml.compose(text, Loader=_loader())
    except yaml.YAMLError:
        return 1, None
    line = node.start_mark.line + 1 if node is not None else 1
    for token in where:
        if node is None:
            break
        child = None
        if isinstance(node, yaml.MappingNode) and isinstance(token, str):
            for key, value in node.value:
                if key.value == token:
                    child = value
                    line = key.start_mark.line + 1
                    break
        elif (
            isinstance(node, yaml.SequenceNode)
            and isinstance(token, int)
            and token < len(node.value)
        ):
            child = node.value[token]
            line = child.start_mark.line + 1
        node = child
    return line, node
