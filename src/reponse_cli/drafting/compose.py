"""From a playbook and the agent's choices to a reply: context, sections, subject, dates."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Annotated, Any

import msgspec

from reponse_cli.config import Config
from reponse_cli.drafting.answers import all_questions, to_json
from reponse_cli.drafting.render import Renderer, unanswered
from reponse_cli.errors import ReponseError, did_you_mean
from reponse_cli.files.cache import Cache
from reponse_cli.files.resources import resource_dir
from reponse_cli.method import SECTIONS
from reponse_cli.playbooks.library import PlaybookRef
from reponse_cli.playbooks.schema import CIVILITES, Playbook
from reponse_cli.text.french import FrenchDate, typography
from reponse_cli.text.workdays import next_working_day

BASE_TEMPLATE = "reply.txt.j2"
DEFAULT_CLOSING = "Je reste à votre disposition pour toute question."
DEFAULT_INTRO = (
    "Voici ce que je vous propose ; vous choisissez la solution qui vous convient le mieux :"
)
DEFAULT_OUTRO = "Il vous suffit de me répondre en m'indiquant votre choix."


class DraftState(msgspec.Struct):
    """Everything the agent decided; saved as JSON so an interrupted draft can resume."""

    playbook: str
    playbook_path: str | None = None  # a playbook given by path, found again on --resume
    answers: dict[str, Any] = msgspec.field(default_factory=dict)
    responsibility: str | None = None
    empathy: int | str | None = None
    solutions: list[str] | None = None
    follow_up: list[str] | None = None
    reformulation: str | None = None
    step: Annotated[int, msgspec.Meta(ge=0, le=5)] = 0
    saved_at: str | None = None
    # The whole draft as the agent rewrote it in their editor, kept for --resume.
    edited_subject: str | None = None
    edited_text: str | None = None

    def to_json(self) -> str:
        data = msgspec.structs.asdict(self)
        data["answers"] = {k: to_json(v) for k, v in self.answers.items()}
        return json.dumps(data, ensure_ascii=False, indent=2)

    @classmethod
    def from_json(cls, text: str) -> DraftState:
        """The saved state; msgspec.ValidationError or DecodeError when it is damaged."""
        return msgspec.json.decode(text, type=cls)


class PlannedFollowUp(msgspec.Struct):
    id: str
    stage: str
    after_days: int
    due: dt.date
    label: str
    text: str
    message: str | None = None


class Draft(msgspec.Struct):
    playbook: Playbook
    playbook_id: str
    responsibility: str
    solutions: list[str]
    subject: str
    sections: dict[str, str]
    text: str
    answers: dict[str, Any]
    follow_up: list[PlannedFollowUp]
    check: dict[str, Any] = msgspec.field(default_factory=dict)
    extra: dict[str, Any] = msgspec.field(default_factory=dict)  # e.g. what `listen` read
    email: str | None = None  # the customer's address, when known
    customer_name: str | None = None  # as their e-mail gave it, for the To header
    in_reply_to: str | None = None  # the customer's Message-ID: the reply joins the thread
    references: list[str] = msgspec.field(default_factory=list)
    thread_subject: str | None = None  # the subject of the customer's e-mail
    edited: bool = False  # `text` (and `subject`) rewritten by the agent in their editor

    def as_json(self) -> dict[str, Any]:
        thread = {
            "to": self.email,
            "name": self.customer_name,
            "in_reply_to": self.in_reply_to,
            "references": self.references,
            "thread_subject": self.thread_subject,
        }
        return {
            "playbook": self.playbook_id,
            "title": self.playbook.title,
            "family": self.playbook.family,
            "responsibility": self.responsibility,
            "solutions": self.solutions,
            "subject": self.subject,
            "text": self.text,
            "sections": self.sections,
            "answers": {k: to_json(v) for k, v in self.answers.items()},
            "follow_up": [
                {
                    "id": f.id,
                    "stage": f.stage,
                    "after_days": f.after_days,
                    "due": f.due.isoformat(),
                    "label": f.label,
                }
                for f in self.follow_up
            ],
            "check": self.check,
            "edited": self.edited,
            **({"email": thread} if any(thread.values()) else {}),
            **self.extra,
        }


def due_date(today: dt.date, after_days: int) -> FrenchDate:
    """A promised date never falls on a Sunday or a public holiday: it moves forward."""
    return FrenchDate.of(next_working_day(today + dt.timedelta(days=after_days)))


_RENDERERS: dict[tuple[Path, ...], Renderer] = {}


def renderer_for(ref: PlaybookRef, cache: Cache | None) -> Renderer:
    """The sandbox for a playbook's folder: its own templates, then the built-in ones.

    Made once per folder and process, so a batch compiles each template once.
    """
    dirs = [ref.path.parent, ref.path.parent / "templates", resource_dir("templates")]
    key = tuple(d for d in dirs if d.is_dir())
    if key not in _RENDERERS:
        _RENDERERS[key] = Renderer(list(key), cache)
    return _RENDERERS[key]


class Composer:
    """Renders one playbook for given choices; the flow uses it for previews too."""

    def __init__(
        self,
        ref: PlaybookRef,
        playbook: Playbook,
        config: Config,
        day: dt.date,
        cache: Cache | None = None,
    ) -> None:
        self.ref = ref
        self.playbook = playbook
        self.config = config
        self.today = day
        self.renderer = renderer_for(ref, cache)
        self.questions = all_questions(playbook)

    # --- context ---------------------------------------------------------------

    def context(self, state: DraftState) -> dict[str, Any]:
        """Config, every question (None until answered), dates; never a template."""
        ctx: dict[str, Any] = dict(self.config.template_values())
        ctx.update({qid: unanswered(qid) for qid in self.questions})
        ctx.update(state.answers)
        ctx["aujourdhui"] = FrenchDate.of(self.today)
        ctx["suivi"] = {
            f.id.replace("-", "_"): due_date(self.today, f.after_days)
            for f in self.playbook.follow_up
        }
        ctx["responsabilite"] = state.responsibility
        return ctx

    def render(self, source: str, state: DraftState, where: str, **extra: Any) -> str:
        context = self.context(state)
        context.update(extra)
        return typography(self.renderer.render(source, context, where))

    def applies(self, condition: str | None, state: DraftState, where: str) -> bool:
        if not condition:
            return True
        return self.renderer.condition(condition, self.context(state), where)

    # --- the pieces ------------------------------------------------------------

    def reformulation(self, state: DraftState) -> str:
        if state.reformulation:
            return typography(state.reformulation)
        return self.render(self.playbook.listen.reformulation, state, "la reformulation")

    def apology(self, state: DraftState, responsibility: str) -> str:
        source = self.playbook.apologies.variants()[responsibility]
        return self.render(source, state, f"l'excuse « {responsibility} »")

    def empathy_phrases(self, state: DraftState) -> list[str]:
        return [
            self.render(source, state, f"la phrase d'empathie n° {i}")
            for i, source in enumerate(self.playbook.empathy, 1)
        ]

    def empathy(self, state: DraftState) -> str:
        choice = state.empathy if state.empathy is not None else 1
        if isinstance(choice, int) or (isinstance(choice, str) and choice.isdigit()):
            index = int(choice)
            if not 1 <= index <= len(self.playbook.empathy):
                raise ReponseError(
                    f"Phrase d'empathie n° {index} inexistante : ce playbook en propose "
                    f"{len(self.playbook.empathy)}."
                )
            source = self.playbook.empathy[index - 1]
            return self.render(source, state, f"la phrase d'empathie n° {index}")
        return typography(str(choice))

    def solution_text(self, state: DraftState, solution_id: str) -> str:
        solution = self.playbook.solution(solution_id)
        return self.render(solution.text, state, f"la solution « {solution_id} »")

    def follow_up(self, state: DraftState, ids: list[str] | None) -> list[PlannedFollowUp]:
        planned = []
        for item in self.playbook.follow_up:
            if ids is not None and item.id not in ids:
                continue
            due = due_date(self.today, item.after_days)
            where = f"le suivi « {item.id} »"
            text = self.render(item.text, state, where, due=due, after_days=item.after_days)
            message = (
                self.render(item.message, state, where, due=due, after_days=item.after_days)
                if item.message
                else None
            )
            planned.append(
                PlannedFollowUp(
                    item.id, item.stage, item.after_days, due, item.label, text, message
                )
            )
        return planned

    # --- the whole reply ---------------------------------------------------------

    def compose(self, state: DraftState) -> Draft:
        playbook = self.playbook
        responsibility = state.responsibility or playbook.responsibility_default()
        if responsibility not in playbook.apologies.variants():
            known = ", ".join(playbook.apologies.variants())
            raise ReponseError(
                f"Responsabilité « {responsibility} » sans excuse dans ce playbook ({known})."
            )
        state.responsibility = responsibility
        solution_ids = state.solutions or playbook.recommended_solutions()
        known_solutions = {s.id for s in playbook.solutions}
        for sid in solution_ids:
            if sid not in known_solutions:
                raise ReponseError(
                    f"Solution inconnue : « {sid} ».{did_you_mean(sid, known_solutions)}",
                    hint="Solutions de ce playbook : " + ", ".join(sorted(known_solutions)) + ".",
                )
        civilite = state.answers.get("civilite") or "neutre"
        solutions = [
            {
                "id": sid,
                "label": playbook.solution(sid).label,
                "geste": playbook.solution(sid).geste,
                "text": self.solution_text(state, sid),
            }
            for sid in solution_ids
        ]
        follow_up = self.follow_up(state, state.follow_up)
        closing = (
            self.render(playbook.closing, state, "la formule de fin")
            if playbook.closing
            else DEFAULT_CLOSING
        )
        intro = (
            self.render(playbook.solutions_intro, state, "l'annonce des solutions")
            if playbook.solutions_intro
            else DEFAULT_INTRO
        )
        outro = (
            self.render(playbook.solutions_outro, state, "l'invitation à choisir")
            if playbook.solutions_outro
            else DEFAULT_OUTRO
        )
        context = self.context(state)
        context.update(
            solutions_intro=intro,
            solutions_outro=outro,
            greeting=CIVILITES[civilite],
            reformulation=self.reformulation(state),
            apology=self.apology(state, responsibility),
            empathy=self.empathy(state),
            solutions=solutions,
            follow_up=follow_up,
            closing=closing,
        )
        template = self.renderer.template(playbook.template or BASE_TEMPLATE)
        text, sections = self.renderer.render_blocks(template, context, tuple(SECTIONS))
        subject = self.render(playbook.subject, state, "l'objet")
        return Draft(
            playbook=playbook,
            playbook_id=self.ref.id,
            responsibility=responsibility,
            solutions=list(solution_ids),
            subject=subject,
            sections={name: typography(tidy(body)) for name, body in sections.items()},
            text=typography(tidy(text)),
            answers=dict(state.answers),
            follow_up=follow_up,
        )


_BLANK_LINES = re.compile(r"\n{3,}")


def tidy(text: str) -> str:
    """Paragraphs separated by one blank line, no trailing spaces."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines))
