"""`reponse playbooks validate`: everything that can be wrong in a playbook, as `path:line`.

Beyond the schema (playbook.py): Jinja syntax, names no question provides, `when`
conditions, the custom template, and every example rendered end to end — then read by
the checker, so no playbook can produce a reply the checker rejects. Then every
combination of responsibility and solutions, on the facts of each example, is rendered
and read for sentences from another case: a follow-up, an empathy phrase or a closing
that speaks of a refund, an enquiry, photos… the reply neither offers nor asks for.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import jinja2
import msgspec
from jinja2 import meta
from jinja2.exceptions import SecurityError

from reponse_cli.config import Config
from reponse_cli.drafting.answers import all_questions, coerce
from reponse_cli.drafting.compose import BASE_TEMPLATE, Draft, DraftState, renderer_for
from reponse_cli.drafting.flow import DictAsker
from reponse_cli.drafting.pool import OrderedPool, WorkerSpec
from reponse_cli.drafting.render import FILTERS, condition_source, is_plain
from reponse_cli.drafting.worker import Job, Worker
from reponse_cli.env import Environment
from reponse_cli.errors import PlaybookError, ReponseError
from reponse_cli.files.yaml import read_yaml
from reponse_cli.method import SECTIONS
from reponse_cli.playbooks.library import Library, PlaybookRef, playbook_files
from reponse_cli.playbooks.names import CONFIG_NAMES, PROVIDED_NAMES, RENDERED_NAMES
from reponse_cli.playbooks.schema import (
    COMMON_IDS,
    COMMON_QUESTIONS,
    RESPONSIBILITY_LABELS,
    Playbook,
    Where,
    choice_values,
    conditions,
    template_fields,
)
from reponse_cli.text.fold import fold
from reponse_cli.text.french import FrenchDate

# Examples render with this configuration, so validation depends on the playbook only.
DEMO_CONFIG = Config(
    values={
        "agent": "Camille Martin",
        "entreprise": "Atelier Exemple",
        "contact": "service-client@atelier-exemple.fr",
        "mediateur_nom": "Médiation Exemple de la consommation",
        "mediateur_site": "https://www.mediation-exemple.fr",
    },
    exists=True,
)
BUILTIN_NAMES = frozenset((*CONFIG_NAMES, *PROVIDED_NAMES))


class Report(msgspec.Struct):
    path: Path
    problems: list[str]
    playbook: Playbook | None = None
    renders: list[tuple[str, str]] | None = None  # (example label, text)
    combinations: int = 0  # replies rendered beyond the examples
    skipped: list[str] = msgspec.field(default_factory=list)  # combinations no facts cover


def example_worker(env: Environment, library: Library | None = None) -> Worker:
    """A worker that renders examples as `draft --no-input` would, with demo settings."""
    return Worker(env, library or Library(env), config=DEMO_CONFIG)


def validate_ref(worker: Worker, ref: PlaybookRef, check_replies: bool = True) -> Report:
    path = ref.path
    try:
        playbook = worker.library.load(ref)
    except PlaybookError as error:
        return Report(path, error.problems)
    # Where a problem is: (where, line offset, message); lines are computed only for the
    # problems found, from one parse of the file (most playbooks have none).
    found: list[tuple[Where, int, str]] = []
    provided = set(all_questions(playbook)) | set(COMMON_IDS) | BUILTIN_NAMES
    # The sandbox drafting uses for this folder: each text is compiled once, for the
    # sandbox's test below and for the examples.
    renderer = renderer_for(ref, worker.library.cache)
    env = renderer.env

    samples = sample_context(playbook, worker.env.today)
    optional = optional_names(playbook)
    for where, source, local in template_fields(playbook):
        if is_plain(source):
            # No name, no filter, nothing the sandbox could refuse.
            found += [(where, 1, message) for message in agreement_problems(source)]
            continue
        try:
            ast, names, refused = renderer.analyse(source)
        except jinja2.TemplateSyntaxError as error:
            found.append((where, error.lineno or 1, f"Jinja invalide : {error.message}"))
            continue
        for name in sorted(names - provided - local):
            found.append((where, 1, f"« {name} » n'est fourni par aucune question"))
        unknown = _unknown_filters(ast, FILTERS, env)
        found += [(where, 1, message) for message in unknown]
        if refused and not unknown:
            found.append((where, 1, f"Jinja invalide : {refused}"))
        # What the draft would refuse (`''.__class__`, `'x' * 10000000`) fails here too,
        # examples or not.
        refused = renderer.sandbox_problem(source, samples)
        if refused:
            found.append((where, 1, f"refusé par le bac à sable : {refused}"))
        found += [(where, 1, message) for message in agreement_problems(source)]
        found += [(where, 1, message) for message in unguarded_problems(ast, optional - local)]

    for where, source in conditions(playbook):
        try:
            ast, names = _condition(renderer, source)
        except jinja2.TemplateSyntaxError as error:
            found.append((where, 1, f"condition invalide : {error.message}"))
            continue
        for name in sorted(names - provided):
            found.append((where, 1, f"« {name} » n'est fourni par aucune question"))
        found += [(where, 1, message) for message in _unknown_filters(ast, FILTERS, env)]

    elsewhere: list[str] = []  # problems inside the template file, already located
    if playbook.template:
        at_template, elsewhere = _check_template_file(renderer, playbook.template, provided)
        found += [(["template"], 1, message) for message in at_template]

    renders: list[tuple[str, str]] = []
    if not found and not elsewhere:
        for index, example in enumerate(playbook.examples):
            label = example.name or f"exemple {index + 1}"
            where = ["examples", index]
            try:
                draft = render_example(worker, ref, playbook, index)
            except ReponseError as error:
                found += [(where, 1, f"{label} : {line}") for line in str(error).splitlines()]
                continue
            renders.append((label, draft.text))
            if check_replies:
                found += [(where, 1, f"{label} : {message}") for message in _check_reply(draft)]
    report = Report(path, [*_locate(path, found), *elsewhere], playbook, renders)
    if not report.problems and playbook.examples:
        read: dict[str, list[tuple[str, list[str]]]] = {}  # this playbook's texts only
        for label, outcome in combinations(worker, ref, playbook):
            if isinstance(outcome, str):
                report.skipped.append(f"{label} : {outcome}")
                continue
            report.combinations += 1
            for sentence, concept in stray_references(outcome, read):
                report.problems.append(
                    f"{path}: {label} : « {sentence} » parle {concept}, que la réponse "
                    "ne propose ni ne demande"
                )
    return report


def _locate(path: Path, found: list[tuple[Where, int, str]]) -> list[str]:
    """`path:line: message` for each problem, the file parsed once for all of them."""
    if not found:
        return []
    document = read_yaml(path, PlaybookError)
    return [
        f"{path}:{document.template_line(where) + offset - 1}: {message}"
        for where, offset, message in found
    ]


# --- sentences from another case ---------------------------------------------------

# What a sentence may speak of only when the reply offers or asks for it (folded text).
REFERENCES: dict[str, str] = {
    "d'un remboursement": r"\brembours",
    "d'une enquête": r"\benquete",
    "d'une annulation": r"\bannul",
    "d'un remplacement": r"\bremplac|\bnouvel exemplaire|\bexemplaire neuf",
    "d'une réparation": r"\breparation",
    "d'un bon d'achat ou d'un avoir": r"\bbon d'achat|\bun avoir (?:de|valable)|\bcet avoir\b",
    "d'une étiquette de retour": r"\betiquette",
    "de photos": r"\bphoto",
    "d'un envoi express": r"\bexpress\b",
    "d'un échéancier": r"\becheanci|\bmensualite",
    "d'un appel": r"\bvous appel|\bappel telephonique|\bde vive voix",
    "d'un geste": r"\bgeste\b",
    "d'une facture corrigée": r"\bfacture (?:corrigee|rectificative)|\bnouvelle facture",
    "d'un nouvel envoi": r"\breexpedi|\bnouvel envoi",
}
_REFERENCES = {concept: re.compile(pattern) for concept, pattern in REFERENCES.items()}
# Where the reply offers and asks, and where a sentence must not go beyond it.
OFFERING_SECTIONS = ("listen", "apology", "solutions")
FOLLOWING_SECTIONS = ("empathy", "follow_up", "closing")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


def stray_references(
    draft: Draft, read: dict[str, list[tuple[str, list[str]]]] | None = None
) -> list[tuple[str, str]]:
    """(sentence, what it speaks of) for every sentence beyond what the reply offers.

    Read: the empathy, the promise, the closing, and every step of the follow-up plan
    with its later message — they must not mention a refund, an enquiry, photos… that
    the greeting-to-solutions part of this reply neither offers nor asks for. `read`
    keeps what each text speaks of, for the other combinations of the same playbook.
    """
    read = {} if read is None else read
    texts = [draft.sections[name] for name in FOLLOWING_SECTIONS]
    for item in draft.follow_up:
        texts += [item.text, item.message or ""]
    found: list[tuple[str, str]] = []
    offered: str | None = None
    offers: dict[str, bool] = {}  # concept: whether the reply offers or asks for it
    for text in texts:
        if text not in read:
            read[text] = _references(text)
        for sentence, concepts in read[text]:
            for concept in concepts:
                if concept not in offers:
                    if offered is None:
                        offered = _offered(draft)
                    offers[concept] = bool(_REFERENCES[concept].search(offered))
                if not offers[concept] and (sentence, concept) not in found:
                    found.append((sentence, concept))
    return found


def _offered(draft: Draft) -> str:
    """What the reply offers: its first parts, and every solution chosen, even one a
    public reply keeps for the private conversation (folded)."""
    parts = [draft.sections[name] for name in OFFERING_SECTIONS]
    return fold(" ".join([*parts, *draft.offers.values()]))


def _references(text: str) -> list[tuple[str, list[str]]]:
    """The sentences of `text` that speak of something a reply may not have offered,
    each with what it speaks of."""
    found = []
    for sentence in _SENTENCE_END.split(text.strip()):
        folded = fold(sentence)
        concepts = [concept for concept, pattern in _REFERENCES.items() if pattern.search(folded)]
        if concepts:
            found.append((sentence, concepts))
    return found


# A reply offers a few solutions: beyond four, it is no longer one a customer reads.
MAX_SOLUTIONS = 4


def solution_sets(offered: list[str], recommended: list[str]) -> list[tuple[str, ...]]:
    """The sets of solutions a playbook is composed with: each alone and each pair (a
    sentence that fits only some choices shows there), the recommended set and the
    first four together — not every subset, which grows too fast to check 500 files."""
    sets: list[tuple[str, ...]] = []
    for size in (1, 2):
        sets += itertools.combinations(offered, size)
    for extra in (tuple(recommended), tuple(offered[:MAX_SOLUTIONS])):
        if extra and extra not in sets:
            sets.append(extra)
    return sets


def combinations(
    worker: Worker, ref: PlaybookRef, playbook: Playbook
) -> Iterator[tuple[str, Draft | str]]:
    """Every responsibility × set of solutions (`solution_sets`) that apply, on each
    example's facts.

    The facts of one example are completed by the other examples' answers and the
    questions' defaults; a combination they still leave without a value is yielded as
    the French reason instead of a draft.
    """
    composer = worker.composer(ref)
    questions = {q.id: q for q in COMMON_QUESTIONS} | composer.questions
    shared: dict[str, Any] = {}
    for example in reversed(playbook.examples):
        shared.update(example.answers)
    for index, example in enumerate(playbook.examples):
        raw = {**shared, **example.answers}
        answers: dict[str, Any] = {}
        for qid, question in questions.items():
            value = raw.get(qid, question.default)
            if value is None or (qid not in raw and question.default is None):
                continue
            try:
                answers[qid] = coerce(question, value, composer.today)
            except ValueError:
                continue
        for responsibility in playbook.apologies.variants():
            base = DraftState(playbook=ref.id, answers=answers, responsibility=responsibility)
            try:
                offered = [s.id for s in composer.offered(base)]
            except ReponseError as error:
                yield f"faits de l'exemple {index + 1}", error.message
                continue
            for chosen in solution_sets(offered, composer.recommended(base)):
                label = (
                    f"faits de l'exemple {index + 1}, "
                    f"{RESPONSIBILITY_LABELS[responsibility].lower()}, "
                    f"solutions {', '.join(chosen)}"
                )
                state = DraftState(
                    playbook=ref.id,
                    answers=dict(answers),
                    responsibility=responsibility,
                    solutions=list(chosen),
                )
                try:
                    # Read for its sections (`stray_references`): the whole text is not.
                    yield label, composer.compose(state, typeset=False)
                except ReponseError as error:
                    yield label, error.message


# --- optional answers, written only where they are known ------------------------------


def optional_names(playbook: Playbook) -> set[str]:
    """The common answers a draft may go without (`commande`…), unless this playbook
    makes its own one required: a text prints them only where they are known. Other
    optional questions (a playbook's own, or `montant` made optional because one
    solution alone needs it) may stop that variant with « valeur manquante » instead."""
    own = {q.id: q for q in playbook.questions}
    return {
        q.id
        for q in COMMON_QUESTIONS
        if not q.required and q.default is None and not own.get(q.id, q).required
    }


def _truthy_names(test: jinja2.nodes.Node) -> set[str]:
    """The names a condition can only hold with: `commande`, `commande and montant`."""
    if isinstance(test, jinja2.nodes.Name):
        return {test.name}
    if isinstance(test, jinja2.nodes.And):
        return _truthy_names(test.left) | _truthy_names(test.right)
    return set()


def unguarded_names(ast: jinja2.nodes.Node, optional: set[str]) -> set[str]:
    """Optional names a text prints outside an `{% if name %}`: a hole when left blank."""
    found: set[str] = set()

    def visit(node: jinja2.nodes.Node, guarded: frozenset[str], printed: bool) -> None:
        if isinstance(node, jinja2.nodes.If | jinja2.nodes.CondExpr):
            visit(node.test, guarded, False)
            inner = guarded | _truthy_names(node.test)
            if isinstance(node, jinja2.nodes.If):
                for child in node.body:
                    visit(child, inner, printed)
                for child in [*node.elif_, *node.else_]:
                    visit(child, guarded, printed)
            else:
                visit(node.expr1, inner, printed)
                if node.expr2 is not None:
                    visit(node.expr2, guarded, printed)
            return
        if isinstance(node, jinja2.nodes.Name):
            if printed and node.name in optional and node.name not in guarded:
                found.add(node.name)
            return
        for child in node.iter_child_nodes():
            visit(child, guarded, printed or isinstance(node, jinja2.nodes.Output))

    visit(ast, frozenset(), False)
    return found


def unguarded_problems(ast: jinja2.nodes.Node, optional: set[str]) -> list[str]:
    return [
        f"« {name} » est facultatif : écrivez-le dans un {{% if {name} %}}…{{% endif %}}, "
        "et que la phrase se lise aussi sans lui"
        for name in sorted(unguarded_names(ast, optional))
    ]


# --- agreement with a noun the agent types -------------------------------------------

# « votre {{ produit }} » is safe; « le {{ produit }} » or « {{ produit }} défectueux »
# agrees with a noun whose gender the playbook cannot know.
_TYPED_NOUN = r"\{\{\s*produit\s*\}\}"
_GENDERED_BEFORE = re.compile(
    r"\b(le|la|un|une|ce|cet|cette|du|au|mon|ma|son|sa)\s+" + _TYPED_NOUN, re.IGNORECASE
)
_AGREEING_AFTER = re.compile(
    _TYPED_NOUN + r",?\s+(?:(?:est|était|a été|semble|paraît|reste)\s+)?"
    r"(\w*(?:é|ée|és|ées|eux|euse|ive|if|reçu|reçue|neuf|neuve|cassée?|tombée?))\b"
)


def agreement_problems(source: str) -> list[str]:
    """A word that agrees with the product the agent types: its gender is unknown."""
    problems = []
    for match in _GENDERED_BEFORE.finditer(source):
        problems.append(
            f"« {match.group(0)} » : l'article dépend du genre du produit tapé ; "
            "écrivez « votre {{ produit }} »"
        )
    for match in _AGREEING_AFTER.finditer(source):
        problems.append(
            f"« {match.group(0)} » : « {match.group(1)} » s'accorde avec le produit tapé, "
            "dont le genre est inconnu ; tournez la phrase sans accord"
        )
    return problems


def render_example(worker: Worker, ref: PlaybookRef, playbook: Playbook, index: int) -> Draft:
    """Render example `index` exactly as `draft --no-input` would, read by the checker."""
    example = playbook.examples[index]
    composer = worker.composer(ref)
    values: dict[str, Any] = dict(example.answers)
    unknown = sorted(set(values) - set(composer.questions) - set(COMMON_IDS))
    if unknown:
        raise ReponseError("réponse à une question inconnue : " + ", ".join(unknown))
    values["responsibility"] = example.responsibility
    if example.empathy is not None:
        values["empathy"] = example.empathy
    if example.solutions:
        values["solutions"] = example.solutions
    if example.follow_up is not None:
        values["follow_up"] = example.follow_up
    if example.promise is not None:
        values["promise"] = example.promise
    job = Job(composer, DraftState(playbook=ref.id))
    asker = DictAsker(values)
    worker.run(job, asker)
    asker.finish()
    return worker.compose(job)


def _check_reply(draft: Draft) -> list[str]:
    problems = []
    for f in draft.check.get("findings", []):
        if f["severity"] != "error":
            continue
        part = f"le message du suivi « {f['follow_up']} »" if f.get("follow_up") else "la réponse"
        problems.append(
            f"{part} ne passe pas le contrôle — ligne {f['line']} "
            f"« {f['excerpt']} » : {f['message']}"
        )
    return problems


def _unknown_filters(
    ast: jinja2.nodes.Template, ours: dict[str, Any], env: jinja2.Environment
) -> list[str]:
    """Filters and tests (`is …`) Jinja does not know."""
    problems = []
    for node in ast.find_all(jinja2.nodes.Filter):
        if node.name not in env.filters:
            problems.append(
                f"filtre inconnu « {node.name} » (filtres français : {', '.join(ours)})"
            )
    for node in ast.find_all(jinja2.nodes.Test):
        if node.name not in env.tests:
            problems.append(f"test inconnu « {node.name} »")
    return problems


def _condition(renderer: Any, source: str) -> tuple[jinja2.nodes.Template, set[str]]:
    """A `when:` parsed once as the draft evaluates it (its tree, the names it reads),
    the compiled condition kept for the examples. Raises TemplateSyntaxError, with the
    message of the expression alone."""
    try:
        ast, names, _refused = renderer.analyse(condition_source(source))
        return ast, names
    except jinja2.TemplateSyntaxError:
        ast = renderer.env.parse("{{ " + source + " }}")  # raises with its own message
        try:
            return ast, meta.find_undeclared_variables(ast)
        except jinja2.TemplateAssertionError:
            return ast, set()  # an unknown filter: reported from the tree


def sample_context(playbook: Playbook, today: dt.date) -> dict[str, Any]:
    """Every name a text may read, with a value of its type: the sandbox's test bed."""
    context: dict[str, Any] = dict(DEMO_CONFIG.template_values())
    raw = {"money": "49,90", "date": "12/06/2026", "int": "2", "bool": True}
    for question in (*COMMON_QUESTIONS, *all_questions(playbook).values()):
        if question.type == "choice":
            value: Any = choice_values(question)[0][0] if question.choices else "x"
        else:
            value = raw.get(question.type, "exemple")
        try:
            context[question.id] = coerce(question, value, today)
        except ValueError:
            context[question.id] = value
    day = FrenchDate.of(today)
    context.update(
        aujourdhui=day,
        due=day,
        after_days=2,
        responsabilite="nous",
        solutions_choisies=[s.id for s in playbook.solutions],
        suivi={f.id.replace("-", "_"): day for f in playbook.follow_up},
    )
    return context


def _check_template_file(
    renderer: Any, name: str, provided: set[str]
) -> tuple[list[str], list[str]]:
    """Problems at the playbook's `template:` line, and problems inside the template file."""
    env = renderer.env
    try:
        source, filename, _ = env.loader.get_source(env, name)
    except jinja2.TemplateNotFound:
        return [f"modèle introuvable : « {name} »"], []
    except SecurityError as error:
        return [f"modèle refusé : {error}"], []
    try:
        ast = env.parse(source, name, filename)
    except jinja2.TemplateSyntaxError as error:
        return [], [f"{filename}:{error.lineno}: Jinja invalide : {error.message}"]
    allowed = provided | set(RENDERED_NAMES)
    missing = sorted(meta.find_undeclared_variables(ast) - allowed)
    problems = [f"{filename}:1: « {n} » n'est fourni par aucune question" for n in missing]
    blocks = _blocks(env, ast, {name})
    if blocks is not None:
        for block in SECTIONS:
            if block not in blocks:
                problems.append(
                    f"{filename}:1: pas de bloc « {block} » : étendez {BASE_TEMPLATE} "
                    "({% extends 'reply.txt.j2' %}) et ne remplacez que les blocs voulus"
                )
    return [], problems


def _blocks(env: Any, ast: jinja2.nodes.Template, seen: set[str]) -> set[str] | None:
    """The blocks a template has, those it inherits included; None if it cannot be known."""
    names = {block.name for block in ast.find_all(jinja2.nodes.Block)}
    extends = next(ast.find_all(jinja2.nodes.Extends), None)
    if extends is None:
        return names
    if not isinstance(extends.template, jinja2.nodes.Const):
        return None  # a parent chosen at rendering time
    parent = str(extends.template.value)
    if parent in seen:
        return names
    try:
        source, filename, _ = env.loader.get_source(env, parent)
        inherited = _blocks(env, env.parse(source, parent, filename), {*seen, parent})
    except (jinja2.TemplateError, SecurityError):
        return None  # reported when the draft renders it
    return None if inherited is None else names | inherited


def validate_paths(
    worker: Worker, refs: Iterable[PlaybookRef], check_replies: bool = True
) -> Iterator[Report]:
    """One report per playbook, as each is done: memory stays flat over a large library."""
    for ref in refs:
        yield _validated(worker, ref, check_replies)


def _validated(worker: Worker, ref: PlaybookRef, check_replies: bool = True) -> Report:
    report = validate_ref(worker, ref, check_replies)
    worker.library.forget(ref)  # memory stays flat over a large library
    return report


def validate_in_processes(spec: WorkerSpec, refs: list[PlaybookRef], jobs: int) -> Iterator[Report]:
    """The same reports, in order, from `jobs` processes with a worker each (`--jobs`)."""
    pool = OrderedPool(
        spec,
        jobs,
        _validate_one,
        chunk=4,
        lost="Relancez la validation avec moins de --jobs.",
        make_worker=_example_worker_of,
    )
    try:
        for _ref, report in pool.map(refs):
            yield report
    finally:
        pool.close()


def _validate_one(worker: Worker, ref: PlaybookRef) -> Report:
    report = _validated(worker, ref)
    # What the command prints travels back; the playbook and its renders stay there.
    return Report(report.path, report.problems, combinations=report.combinations)


def _example_worker_of(spec: WorkerSpec) -> Worker:
    library = spec.library()
    return example_worker(library.env, library)


def refs_to_validate(library: Library, paths: list[Path] | None) -> list[PlaybookRef]:
    """The files named (folders: every playbook in them), else every playbook in effect,
    the ones it hides included."""
    refs: list[PlaybookRef] = []
    if paths:
        for path in paths:
            if path.is_dir():
                # Files of a folder stay confined to it, as in the library.
                refs += [PlaybookRef(p.stem, p, "custom") for p in playbook_files(path)]
            elif path.is_file():
                refs.append(PlaybookRef(path.stem, path, "file"))
            else:
                raise ReponseError(f"Introuvable : {path}")
        return refs
    for ref in library.discover().values():
        refs.append(ref)
        refs += [PlaybookRef(ref.id, hidden, "file") for hidden in ref.hides]
    return refs
