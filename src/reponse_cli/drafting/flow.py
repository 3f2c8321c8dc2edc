"""The five steps of the method as plain logic over an "asker".

The flow decides what to ask and in which order; an asker decides how. The questionary
asker (`prompts.py`) asks an agent at a terminal; `DictAsker` answers from `--set`,
`--answers` and defaults, and lists what is missing. Both go through the same code, so a
scripted draft and an interactive one cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Literal, Protocol

import msgspec

from reponse_cli.drafting.answers import coerce, fact_questions, is_empty
from reponse_cli.drafting.compose import Composer, Draft, DraftState, due_date
from reponse_cli.errors import MissingValues, ReponseError, did_you_mean, invalid_values
from reponse_cli.method import SECTIONS, STEP_BY_ID, STEP_IDS
from reponse_cli.playbooks.schema import (
    RESPONSIBILITY_LABELS,
    STAGE_LABELS,
    Question,
    choice_values,
    condition_label,
)
from reponse_cli.text.french import format_date, parse_bool

BACK = "__back__"
CUSTOM = "__custom__"


class GoBack(Exception):
    """The agent asked to return to the previous step."""


class Option(msgspec.Struct):
    value: Any
    label: str
    description: str | None = None
    disabled: str | None = None  # why it cannot be chosen here, shown beside it


class Prompt(msgspec.Struct):
    key: str
    kind: Literal["text", "multiline", "select", "checkbox", "edit"]
    message: str
    options: list[Option] = msgspec.field(default_factory=list)
    default: Any = None
    required: bool = True
    parse: Callable[[Any], Any] | None = None
    help: str | None = None
    back: bool = False
    custom: str | None = None  # label of a "write my own" option (select)
    search: bool = False
    instruction: str | None = None  # how to answer, when the usual hint does not fit
    optional_mark: bool = True  # « (facultatif) » after the message of an optional text


class Asker(Protocol):
    previews: bool  # render the texts to choose from (a person reads them; a script does not)

    def step(self, number: int, title: str, guidance: list[str]) -> None: ...

    def show(self, title: str, text: str) -> None: ...

    def ask(self, prompt: Prompt) -> Any: ...


class DictAsker:
    """Answers from a mapping (`--set`, `--answers`), else the defaults; notes what lacks."""

    previews = False

    def __init__(self, values: dict[str, Any]) -> None:
        self.values = values
        self.missing: list[tuple[str, str]] = []
        self.errors: list[str] = []
        self.used: set[str] = set()

    def step(self, number: int, title: str, guidance: list[str]) -> None:
        return None

    def show(self, title: str, text: str) -> None:
        return None

    def ask(self, prompt: Prompt) -> Any:
        if prompt.key in self.values and not is_empty(self.values[prompt.key]):
            self.used.add(prompt.key)
            try:
                return self._accept(prompt, self.values[prompt.key])
            except ValueError as error:
                self.errors.append(f"{prompt.key} : {error}")
                return None
        if prompt.default is not None:
            return prompt.default if prompt.parse is None else prompt.parse(prompt.default)
        if prompt.required:
            self.missing.append((prompt.key, prompt.message))
        return None

    def _accept(self, prompt: Prompt, raw: Any) -> Any:
        allowed = [option.value for option in prompt.options if option.value is not None]
        disabled = {option.value: option.disabled for option in prompt.options if option.disabled}
        if prompt.kind == "checkbox":
            items = raw if isinstance(raw, list) else [s for s in str(raw).split(",") if s]
            items = [str(item).strip() for item in items]
            for item in items:
                if item not in allowed:
                    raise ValueError(f"« {item} » n'existe pas.{did_you_mean(item, allowed)}")
                if item in disabled:
                    raise ValueError(f"« {item} » ne s'applique pas ici ({disabled[item]})")
            return items
        if prompt.kind == "select" and prompt.parse is None:
            if prompt.custom:
                if isinstance(raw, bool) or not isinstance(raw, int | str):
                    raise ValueError(f"un numéro ou une phrase attendu, pas « {raw} »")
                if isinstance(raw, int) or raw.strip().isdigit():
                    if int(raw) in allowed:
                        return int(raw)
                    raise ValueError(f"il n'y a pas de n° {raw} (1 à {len(allowed)})")
                return str(raw)
            if raw not in allowed:
                listed = ", ".join(str(a) for a in allowed)
                raise ValueError(f"« {raw} » n'est pas prévu ({listed})")
            return raw
        if prompt.parse is None and prompt.kind in ("text", "multiline", "edit"):
            if isinstance(raw, bool) or not isinstance(raw, str | int | float):
                raise ValueError(f"texte attendu, pas « {raw} »")
            return str(raw)
        return prompt.parse(raw) if prompt.parse else raw

    def finish(self) -> None:
        """Raise once with everything wrong, so the agent fixes it in one go."""
        if self.errors:
            raise ReponseError(invalid_values(self.errors))
        if self.missing:
            raise MissingValues(self.missing)


def display_value(value: Any) -> str:
    """How a typed answer is offered back as a default in a prompt."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, Decimal):
        return format(value, "f").replace(".", ",")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


class Flow:
    """Listen → apologise → empathise → propose → follow up, with a way back."""

    def __init__(
        self,
        composer: Composer,
        asker: Asker,
        state: DraftState,
        on_progress: Callable[[DraftState], None] | None = None,
    ) -> None:
        self.composer = composer
        self.playbook = composer.playbook
        self.asker = asker
        self.state = state
        self.on_progress = on_progress or (lambda _state: None)

    def run(self) -> DraftState:
        index = min(self.state.step, len(STEP_IDS))
        while index < len(STEP_IDS):
            self.state.step = index
            try:
                self.run_step(STEP_IDS[index], back=index > 0)
            except GoBack:
                index = max(0, index - 1)
                continue
            index += 1
            self.state.step = index
            self.on_progress(self.state)
        return self.state

    def run_step(self, name: str, back: bool = True) -> None:
        number = STEP_IDS.index(name) + 1
        self.asker.step(number, STEP_BY_ID[name].title, self.guidance(name))
        getattr(self, f"step_{name}")(back)

    def ask(self, prompt: Prompt) -> Any:
        """Ask through the asker; « ← Revenir » leaves the step for the previous one."""
        answer = self.asker.ask(prompt)
        if prompt.back and (answer == BACK or (isinstance(answer, list) and BACK in answer)):
            raise GoBack
        return answer

    def guidance(self, name: str) -> list[str]:
        lines = [STEP_BY_ID[name].advice]
        if name == "listen":
            lines += [f"☐ {item}" for item in self.playbook.listen.checklist]
        specific = getattr(self.playbook.guidance, name)
        if specific:
            lines.append(specific)
        return lines

    def preview(self, render: Callable[[], Any], fallback: Any = None) -> Any:
        """A rendered preview, or `fallback` while answers are still missing.

        The draft itself is composed later and reports a missing value properly; a preview
        must not stop a scripted run before every missing key has been collected.
        """
        if not self.asker.previews:
            return fallback
        try:
            return render()
        except ReponseError:
            return fallback

    # --- the steps ---------------------------------------------------------------

    def step_listen(self, back: bool) -> None:
        for question in fact_questions(self.playbook):
            self.ask_question(question, where="questions")
        proposed = self.preview(
            lambda: self.composer.render(
                self.playbook.listen.reformulation, self.state, "la reformulation"
            )
        )
        custom = self.ask(
            Prompt(
                key="reformulation",
                kind="edit",
                message="Reformulation proposée au client",
                default=self.state.reformulation or proposed,
                required=False,
                back=back,
            )
        )
        self.state.reformulation = None if custom in (None, proposed) else custom

    def step_apology(self, back: bool) -> None:
        options = [
            Option(
                key,
                RESPONSIBILITY_LABELS[key],
                self.preview(lambda key=key: self.composer.proposed_apology(self.state, key)),
            )
            for key in self.playbook.apologies.variants()
        ]
        choice = self.ask(
            Prompt(
                key="responsibility",
                kind="select",
                message="Qui est responsable, à ce stade ?",
                options=options,
                default=self.state.responsibility or self.playbook.responsibility_default(),
                back=back,
            )
        )
        self.state.responsibility = choice
        proposed = self.preview(lambda: self.composer.proposed_apology(self.state, choice))
        self.offer_text(f"apology.{choice}", "Excuse proposée", proposed)

    def step_empathy(self, back: bool) -> None:
        phrases = self.preview(
            lambda: self.composer.empathy_phrases(self.state),
            [(i, f"Phrase n° {i}") for i in range(1, len(self.playbook.empathy) + 1)],
        )
        options = [Option(i, phrase) for i, phrase in phrases]
        # Unset, the reply takes the first phrase that applies to these facts.
        choice = self.ask(
            Prompt(
                key="empathy",
                kind="select",
                message="Quelle phrase d'empathie ?",
                options=options,
                default=self.state.empathy,
                required=False,
                custom="Écrire ma propre phrase…",
                back=back,
            )
        )
        self.state.empathy = choice
        proposed = dict(phrases).get(choice) if isinstance(choice, int) else None
        if self.asker.previews and proposed is not None:
            edited = self.agent_wording("empathy_text", "Phrase d'empathie", proposed)
            if edited:
                self.state.empathy = edited

    def step_solutions(self, back: bool) -> None:
        offered = {s.id for s in self.composer.offered(self.state)}
        groups: dict[bool, list[Option]] = {False: [], True: []}
        for solution in self.playbook.solutions:
            reason = (
                None
                if solution.id in offered
                else f"ne s'applique pas ici : {condition_label(solution.when or '')}"
            )
            groups[solution.geste].append(
                Option(solution.id, solution.label, solution.help, disabled=reason)
            )
        options = []
        if groups[False] and groups[True]:
            options.append(Option(None, "Solutions : le client choisit"))
        options += groups[False]
        if groups[True]:
            options.append(Option(None, "Gestes commerciaux : offerts en plus"))
        options += groups[True]
        current = self.state.solutions if isinstance(self.state.solutions, list) else []
        kept = [s for s in current if isinstance(s, str) and s in offered]
        chosen = self.ask(
            Prompt(
                key="solutions",
                kind="checkbox",
                message="Quelles solutions proposer ?",
                options=options,
                default=kept or self.composer.recommended(self.state),
                back=back,
            )
        )
        self.state.solutions = list(chosen or self.composer.recommended(self.state))
        for solution in self.playbook.solutions:
            for question in solution.questions:
                if solution.id in self.state.solutions:
                    self.ask_question(question, where=f"solution « {solution.id} »")
                else:
                    self.state.answers.pop(question.id, None)
        self.review_solution_texts()

    def review_solution_texts(self) -> None:
        """Each chosen solution's sentence, kept, edited or rewritten by the agent."""
        while self.asker.previews:
            texts = {
                sid: self.preview(lambda sid=sid: self.composer.solution_text(self.state, sid))
                for sid in self.state.solutions or []
            }
            if None in texts.values():
                return
            options = [Option("keep", "Garder ces textes")] + [
                Option(sid, f"Modifier : {self.playbook.solution(sid).label}", text)
                for sid, text in texts.items()
            ]
            action = self.ask(
                Prompt(
                    key="solution_texts",
                    kind="select",
                    message="Les phrases des solutions vous conviennent-elles ?",
                    options=options,
                    default="keep",
                )
            )
            if action in (None, "keep"):
                return
            proposed = self.composer.proposed_solution(self.state, action)
            self.offer_text(f"solution.{action}", self.playbook.solution(action).label, proposed)

    def step_follow_up(self, back: bool) -> None:
        plan = self.composer.plan(self.state)
        if not plan:
            self.state.promise = None
            return
        planned = self.preview(lambda: self.composer.follow_up(self.state), [])
        texts = {item.id: item.text for item in planned}
        options = []
        for item in plan:
            due = due_date(self.composer.today, item.after_days)
            when = "aujourd'hui" if item.after_days == 0 else format_date(due, "jour")
            label = f"{STAGE_LABELS[item.stage]} · {when} · {item.label}"
            options.append(Option(item.id, label, texts.get(item.id)))
        choice = self.ask(
            Prompt(
                key="promise",
                kind="select",
                message=(
                    "Quelle étape la réponse promet-elle ? Une seule date : "
                    "les autres étapes restent dans le plan de suivi."
                ),
                options=options,
                default=self.composer.promised(self.state, plan),
                back=back,
            )
        )
        self.state.promise = choice
        if self.asker.previews:
            proposed = self.preview(
                lambda: next(
                    item.text
                    for item in self.composer.follow_up(
                        msgspec.structs.replace(self.state, texts={})
                    )
                    if item.id == choice
                )
            )
            self.offer_text(f"follow_up.{choice}", "Engagement écrit dans la réponse", proposed)

    def offer_text(self, key: str, title: str, proposed: str | None) -> None:
        """Keep, edit or replace a proposed text; what the agent writes is data, not a template."""
        if proposed is None:
            return
        edited = self.agent_wording(f"text.{key}", title, proposed, self.state.texts.get(key))
        if edited:
            self.state.texts[key] = edited
        else:
            self.state.texts.pop(key, None)

    def agent_wording(
        self, key: str, title: str, proposed: str, current: str | None = None
    ) -> str | None:
        """The agent's own wording of a proposed text, or None when they keep it."""
        answer = self.ask(
            Prompt(key=key, kind="edit", message=title, default=current or proposed, required=False)
        )
        text = str(answer).strip() if answer else ""
        return text if text and text != proposed.strip() else None

    # --- questions -----------------------------------------------------------------

    def ask_question(self, question: Question, where: str) -> None:
        answers = self.state.answers
        if not self.composer.applies(question.when, self.state, f"la condition de {question.id}"):
            answers.pop(question.id, None)
            return
        value = self.asker.ask(self.prompt_for(question))
        if value is None or value == "":
            answers.pop(question.id, None)
        else:
            answers[question.id] = value

    def prompt_for(self, question: Question) -> Prompt:
        previous = self.state.answers.get(question.id)
        default = previous if previous is not None else question.default

        def parse(raw: Any) -> Any:
            if is_empty(raw):
                if question.required:
                    raise ValueError("une réponse est nécessaire")
                return None
            return coerce(question, raw, self.composer.today)

        if question.type == "choice":
            options = [Option(value, label) for value, label in choice_values(question)]
            return Prompt(
                key=question.id,
                kind="select",
                message=question.prompt,
                options=options,
                default=default,
                required=question.required,
                help=question.help,
                parse=lambda raw: coerce(question, raw, self.composer.today),
            )
        if question.type == "bool":
            return Prompt(
                key=question.id,
                kind="select",
                message=question.prompt,
                options=[Option(True, "Oui"), Option(False, "Non")],
                default=None if default is None else parse_bool(default),
                required=question.required,
                help=question.help,
                parse=parse_bool,
            )
        shown = None if default is None else display_value(default)
        return Prompt(
            key=question.id,
            kind="multiline" if question.type == "multiline" else "text",
            message=question.prompt,
            default=shown,
            required=question.required,
            parse=parse,
            help=question.help,
        )


def steps_covered(draft: Draft) -> list[tuple[str, bool]]:
    """Which parts of the method the draft contains, for the line under the panel."""
    return [(SECTIONS[name], bool(body.strip())) for name, body in draft.sections.items()]
