"""`reponse playbooks validate`: everything that can be wrong in a playbook, as `path:line`.

Beyond the schema (playbook.py): Jinja syntax, names no question provides, `when`
conditions, the custom template, and every example rendered end to end — then read by
the checker, so no playbook can produce a reply the checker rejects.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import meta

from reponse_cli.config import Config
from reponse_cli.errors import PlaybookError, ReponseError
from reponse_cli.library import PlaybookRef
from reponse_cli.playbook import (
    COMMON_IDS,
    CONFIG_NAMES,
    Playbook,
    Where,
    read_yaml,
    template_line,
)

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
RENDERED_NAMES = frozenset(
    (
        "greeting",
        "reformulation",
        "apology",
        "empathy",
        "solutions",
        "follow_up",
        "closing",
        "solutions_intro",
        "solutions_outro",
    )
)
BUILTIN_NAMES = frozenset((*CONFIG_NAMES, "aujourdhui", "responsabilite", "suivi"))


@dataclass
class Report:
    path: Path
    problems: list[str]
    playbook: Playbook | None = None
    renders: list[tuple[str, str]] | None = None  # (example label, text)


def template_fields(playbook: Playbook) -> Iterator[tuple[Where, str, frozenset[str]]]:
    """(where, source, extra names) for each template string of a playbook."""
    yield ["subject"], playbook.subject, frozenset()
    yield ["listen", "reformulation"], playbook.listen.reformulation, frozenset()
    if playbook.listen.summary:
        yield ["listen", "summary"], playbook.listen.summary, frozenset()
    for key in playbook.apologies.variants():
        yield ["apologies", key], playbook.apologies.variants()[key], frozenset()
    for index, phrase in enumerate(playbook.empathy):
        yield ["empathy", index], phrase, frozenset()
    for index, solution in enumerate(playbook.solutions):
        yield ["solutions", index, "text"], solution.text, frozenset()
    for index, item in enumerate(playbook.follow_up):
        local = frozenset(("due", "after_days"))
        yield ["follow_up", index, "text"], item.text, local
        if item.message:
            yield ["follow_up", index, "message"], item.message, local
    for name in ("closing", "solutions_intro", "solutions_outro"):
        source = getattr(playbook, name)
        if source:
            yield [name], source, frozenset()


def conditions(playbook: Playbook) -> Iterator[tuple[Where, str]]:
    for index, question in enumerate(playbook.questions):
        if question.when:
            yield ["questions", index, "when"], question.when
    for s_index, solution in enumerate(playbook.solutions):
        for index, question in enumerate(solution.questions):
            if question.when:
                yield ["solutions", s_index, "questions", index, "when"], question.when


def validate_ref(ref: PlaybookRef, check_replies: bool = True) -> Report:
    from reponse_cli.answers import all_questions
    from reponse_cli.render import FILTERS, Renderer

    path = ref.path
    try:
        playbook = ref.load()
    except PlaybookError as error:
        return Report(path, error.problems)
    text, _ = read_yaml(path)
    problems: list[str] = []
    provided = set(all_questions(playbook)) | set(COMMON_IDS) | BUILTIN_NAMES
    from reponse_cli.library import resource_dir

    renderer = Renderer([d for d in (path.parent, resource_dir("templates")) if d.is_dir()])
    env = renderer.env

    def at(where: Where, offset: int = 1) -> str:
        return f"{path}:{template_line(text, where) + offset - 1}"

    for where, source, local in template_fields(playbook):
        try:
            ast = env.parse(source)
        except jinja2.TemplateSyntaxError as error:
            problems.append(f"{at(where, error.lineno or 1)}: Jinja invalide : {error.message}")
            continue
        for name in sorted(meta.find_undeclared_variables(ast) - provided - local):
            problems.append(f"{at(where)}: « {name} » n'est fourni par aucune question")
        problems += _unknown_filters(ast, FILTERS, env, at(where))

    for where, source in conditions(playbook):
        try:
            ast = env.parse("{{ " + source + " }}")
        except jinja2.TemplateSyntaxError as error:
            problems.append(f"{at(where)}: condition invalide : {error.message}")
            continue
        for name in sorted(meta.find_undeclared_variables(ast) - provided):
            problems.append(f"{at(where)}: « {name} » n'est fourni par aucune question")

    if playbook.template:
        problems += _check_template_file(renderer, playbook.template, provided, at(["template"]))

    renders: list[tuple[str, str]] = []
    if not problems:
        for index, example in enumerate(playbook.examples):
            label = example.name or f"exemple {index + 1}"
            try:
                draft = render_example(ref, playbook, index)
            except ReponseError as error:
                for line in str(error).splitlines():
                    problems.append(f"{at(['examples', index])}: {label} : {line}")
                continue
            renders.append((label, draft.text))
            if check_replies:
                problems += _check_reply(draft, at(["examples", index]), label)
    return Report(path, problems, playbook, renders)


def render_example(
    ref: PlaybookRef, playbook: Playbook, index: int, day: dt.date | None = None
) -> Any:
    """Render example `index` exactly as `draft --no-input` would."""
    from reponse_cli.draft import Composer, DraftState
    from reponse_cli.flow import DictAsker, Flow

    example = playbook.examples[index]
    composer = Composer(ref, playbook, DEMO_CONFIG, day)
    values: dict[str, Any] = dict(example.answers)
    unknown = sorted(set(values) - set(composer.questions) - set(COMMON_IDS))
    if unknown:
        raise ReponseError("réponse à une question inconnue : " + ", ".join(unknown))
    values.update(responsibility=example.responsibility, empathy=example.empathy)
    if example.solutions:
        values["solutions"] = example.solutions
    if example.follow_up is not None:
        values["follow_up"] = example.follow_up
    state = DraftState(playbook=ref.id)
    asker = DictAsker(values)
    Flow(composer, asker, state).run()
    asker.finish()
    return composer.compose(state)


def _check_reply(draft: Any, where: str, label: str) -> list[str]:
    from reponse_cli import tone

    result = tone.check_text(draft.text)
    return [
        f"{where}: {label} : la réponse ne passe pas le contrôle — ligne {f.line} "
        f"« {f.excerpt} » : {f.message}"
        for f in result.findings
        if f.severity == "error"
    ]


def _unknown_filters(
    ast: jinja2.nodes.Template, ours: dict[str, Any], env: jinja2.Environment, where: str
) -> list[str]:
    problems = []
    for node in ast.find_all(jinja2.nodes.Filter):
        if node.name not in env.filters:
            problems.append(
                f"{where}: filtre inconnu « {node.name} » (filtres français : {', '.join(ours)})"
            )
    return problems


def _check_template_file(renderer: Any, name: str, provided: set[str], where: str) -> list[str]:
    env = renderer.env
    try:
        source, filename, _ = env.loader.get_source(env, name)
    except jinja2.TemplateNotFound:
        return [f"{where}: modèle introuvable : « {name} »"]
    try:
        ast = env.parse(source, name, filename)
    except jinja2.TemplateSyntaxError as error:
        return [f"{filename}:{error.lineno}: Jinja invalide : {error.message}"]
    allowed = provided | RENDERED_NAMES | {"signature"}
    missing = sorted(meta.find_undeclared_variables(ast) - allowed)
    return [f"{filename}:1: « {n} » n'est fourni par aucune question" for n in missing]


def validate_paths(refs: list[PlaybookRef], check_replies: bool = True) -> list[Report]:
    return [validate_ref(ref, check_replies) for ref in refs]
