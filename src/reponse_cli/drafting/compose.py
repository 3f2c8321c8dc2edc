"""From a playbook and the agent's choices to a reply: context, sections, subject, dates."""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any

import msgspec

from reponse_cli.config import Config
from reponse_cli.drafting.answers import all_questions, to_json
from reponse_cli.drafting.render import Renderer, condition_source, solution_reads, unanswered
from reponse_cli.errors import ReponseError, did_you_mean
from reponse_cli.files.cache import Cache
from reponse_cli.files.resources import resource_dir
from reponse_cli.method import SECTIONS
from reponse_cli.playbooks.library import PlaybookRef
from reponse_cli.playbooks.schema import (
    CIVILITES,
    FollowUp,
    Playbook,
    Solution,
    para_text,
    para_when,
)
from reponse_cli.text.french import FrenchDate, typography
from reponse_cli.text.workdays import next_working_day

BASE_TEMPLATE = "reply.txt.j2"
DEFAULT_CLOSING = "Je reste à votre disposition pour toute question."
# Used only when at least two alternatives are offered: the customer really chooses.
DEFAULT_INTRO = "Je vous propose, au choix :"
DEFAULT_OUTRO = "Dites-moi simplement ce que vous préférez."
# A gesture comes on top of the fix, never as one more alternative.
ON_TOP = "En plus, "
# L616-1 and R616-1: the mediator's name and website, at the end of a reply that declines
# part of the request.
MEDIATION = (
    "Si cette réponse ne vous satisfait pas, vous pouvez saisir gratuitement notre "
    "médiateur de la consommation, {{ mediateur_nom }} ({{ mediateur_site }})."
)


class DraftState(msgspec.Struct):
    """Everything the agent decided; saved as JSON so an interrupted draft can resume."""

    playbook: str
    playbook_path: str | None = None  # a playbook given by path, found again on --resume
    answers: dict[str, Any] = msgspec.field(default_factory=dict)
    responsibility: str | None = None
    empathy: int | str | None = None
    solutions: list[str] | None = None
    follow_up: list[str] | None = None  # the steps kept in the plan (default: all that apply)
    promise: str | None = None  # the one step the reply promises, with its date
    reformulation: str | None = None
    texts: dict[str, str] = msgspec.field(default_factory=dict)  # the agent's own wording
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
    promised: bool = False  # the step the reply itself promises


class Draft(msgspec.Struct):
    playbook: Playbook
    playbook_id: str
    responsibility: str
    solutions: list[str]
    subject: str
    sections: dict[str, str]
    text: str
    answers: dict[str, Any]
    follow_up: list[PlannedFollowUp]  # the whole plan; one step is promised in the reply
    gestures: list[str] = msgspec.field(default_factory=list)  # the chosen ids given on top
    offers: dict[str, str] = msgspec.field(default_factory=dict)  # each chosen solution's text
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
            "gestures": self.gestures,
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
                    "promised": f.promised,
                    "message": f.message,
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
        # What a text or a condition gave on given facts (see `render`), the plan's dates
        # and the typeset sections: `validate` composes one playbook many times over.
        self._rendered: dict[tuple[Any, ...], Any] = {}
        self._due: dict[int, FrenchDate] = {}
        self._steps: dict[int, tuple[FrenchDate, dict[str, Any], str]] = {}
        self._typeset: dict[str, str] = {}
        # While `compose` runs the facts cannot change: their key is computed once.
        self._pinned: tuple[dict[str, Any], str | None, str] | None = None
        # What of the solutions chosen a text reads (`solution_reads`), for a text
        # rendered more than once; how many times each was rendered so far.
        self._reads: dict[str, tuple[str, ...] | None] = {}
        self._renders: dict[str, int] = {}

    # --- context ---------------------------------------------------------------

    @cached_property
    def _fixed_context(self) -> dict[str, Any]:
        """What no answer changes: settings, unanswered questions, today, the plan's dates."""
        ctx: dict[str, Any] = dict(self.config.template_values())
        ctx.update({qid: unanswered(qid) for qid in self.questions})
        ctx["aujourdhui"] = FrenchDate.of(self.today)
        ctx["suivi"] = {
            f.id.replace("-", "_"): due_date(self.today, f.after_days)
            for f in self.playbook.follow_up
        }
        return ctx

    def context(self, state: DraftState) -> dict[str, Any]:
        """Config, every question (None until answered), dates; never a template."""
        ctx = dict(self._fixed_context)
        ctx.update(state.answers)
        ctx["suivi"] = dict(ctx["suivi"])
        ctx["responsabilite"] = state.responsibility
        chosen = state.solutions if isinstance(state.solutions, list) else []
        ctx["solutions_choisies"] = [sid for sid in chosen if isinstance(sid, str)]
        return ctx

    def _facts(self, state: DraftState) -> str:
        """What a text sees of the state beside the solutions, as a key."""
        pinned = self._pinned
        if pinned is not None and pinned[0] is state.answers and pinned[1] == state.responsibility:
            return pinned[2]
        return _facts_key(state.responsibility, state.answers)

    def _chosen(self, source: str, template: str, state: DraftState) -> Any:
        """What of the solutions chosen `source` may see, as a key: nothing for a text
        that never names them; for one that only asks `'x' in solutions_choisies`,
        whether each x is chosen; else the whole list. (`template`: what renders.)"""
        if "solution" not in source:
            return None
        chosen = tuple(state.solutions or ())
        if source not in self._reads:
            self._renders[source] = self._renders.get(source, 0) + 1
            if self._renders[source] < 2:
                return chosen  # a text rendered once (a draft) is not worth reading
            self._reads[source] = solution_reads(self.renderer, template)
        reads = self._reads[source]
        if reads is None:
            return chosen
        return ("in", tuple(sid in chosen for sid in reads))

    def render(self, source: str, state: DraftState, where: str, **extra: Any) -> str:
        return self._render(source, state, where, extra, repr(sorted(extra.items())))

    def _render(
        self, source: str, state: DraftState, where: str, extra: dict[str, Any], extra_key: str
    ) -> str:
        # The same text on the same facts renders the same: `validate` composes a playbook
        # under every set of solutions, and most of its texts do not depend on them.
        chosen = self._chosen(source, source, state)
        key = (source, where, self._facts(state), extra_key, chosen)
        rendered = self._rendered.get(key)
        if rendered is None:
            context = self.context(state)
            context.update(extra)
            rendered = typography(self.renderer.render(source, context, where))
            self._rendered[key] = rendered
        return rendered

    def applies(self, condition: str | None, state: DraftState, where: str) -> bool:
        if not condition:
            return True
        # Like `render`: a condition holds or not on given facts, whatever asks it.
        chosen = self._chosen(condition, condition_source(condition), state)
        key = (None, condition, self._facts(state), chosen)
        holds = self._rendered.get(key)
        if holds is None:
            holds = self.renderer.condition(condition, self.context(state), where)
            self._rendered[key] = holds
        return holds

    def _step_values(self, after_days: int) -> tuple[FrenchDate, dict[str, Any], str]:
        """A follow-up step's due date, the names its texts see, and their key (as
        `render` writes it), made once per delay: `validate` plans ~90 times a playbook."""
        values = self._steps.get(after_days)
        if values is None:
            local = {"due": self.due(after_days), "after_days": after_days}
            values = (local["due"], local, repr(sorted(local.items())))
            self._steps[after_days] = values
        return values

    def due(self, after_days: int) -> FrenchDate:
        if after_days not in self._due:
            self._due[after_days] = due_date(self.today, after_days)
        return self._due[after_days]

    def own(self, state: DraftState, key: str) -> str | None:
        """The agent's own wording of a piece, typeset but never run as a template."""
        text = state.texts.get(key)
        return typography(text.strip()) if text and text.strip() else None

    # --- what applies to these facts ---------------------------------------------

    def offered(self, state: DraftState) -> list[Solution]:
        """The solutions whose `when` holds for these facts and this responsibility."""
        return [
            s
            for s in self.playbook.solutions
            if self.applies(s.when, state, f"la condition de la solution « {s.id} »")
        ]

    def recommended(self, state: DraftState) -> list[str]:
        offered = self.offered(state)
        if not offered:
            raise ReponseError(
                "Aucune solution de ce playbook ne s'applique à ces faits.",
                hint="Vérifiez les réponses, ou les conditions « when » des solutions.",
            )
        chosen = [s for s in offered if s.recommended] or [offered[0]]
        if all(s.geste for s in chosen):
            # A gesture comes on top of a fix: a default reply always carries one.
            fixes = [s for s in offered if not s.geste]
            chosen = fixes[:1] + chosen
        return [s.id for s in chosen]

    def chosen(self, state: DraftState) -> list[str]:
        """The solutions of the reply: those chosen that still apply, else the recommended.

        A solution chosen before a fact changed (« Modifier une étape ») and that no longer
        applies is left out rather than written to a customer it does not concern.
        """
        wanted = state.solutions
        if wanted is not None and not isinstance(wanted, list):
            wanted = [wanted]  # a single value from a script, checked below
        known_ids("Solution", "Solutions", wanted, [s.id for s in self.playbook.solutions])
        offered = {s.id for s in self.offered(state)}
        kept = [sid for sid in wanted or [] if sid in offered]  # all known ids by now
        return kept or self.recommended(state)

    def plan(self, state: DraftState) -> list[FollowUp]:
        """The follow-up steps that apply (and that the agent kept, when they chose)."""
        return [
            item
            for item in self.playbook.follow_up
            if (state.follow_up is None or item.id in state.follow_up)
            and self.applies(item.when, state, f"la condition du suivi « {item.id} »")
        ]

    def promised(self, state: DraftState, plan: list[FollowUp]) -> str | None:
        """The one step the reply promises: the agent's choice, else the playbook's."""
        ids = [item.id for item in plan]
        if state.promise in ids:
            return state.promise
        for wanted in (
            lambda i: i.promise,
            lambda i: i.stage == "during",
            lambda i: True,
        ):
            for item in plan:
                if wanted(item):
                    return item.id
        return None

    # --- the pieces ------------------------------------------------------------

    def reformulation(self, state: DraftState) -> str:
        if state.reformulation:
            return typography(state.reformulation)
        return self.render(self.playbook.listen.reformulation, state, "la reformulation")

    def proposed_apology(self, state: DraftState, responsibility: str) -> str:
        source = self.playbook.apologies.variants()[responsibility]
        return self.render(source, state, f"l'excuse « {responsibility} »")

    def apology(self, state: DraftState, responsibility: str) -> str:
        own = self.own(state, f"apology.{responsibility}")
        return own or self.proposed_apology(state, responsibility)

    def empathy_phrases(self, state: DraftState) -> list[tuple[int, str]]:
        """(number, phrase) of the phrases that apply, numbered as in the playbook."""
        return [
            (i, self.render(para_text(para), state, f"la phrase d'empathie n° {i}"))
            for i, para in enumerate(self.playbook.empathy, 1)
            if self.applies(para_when(para), state, f"la condition de l'empathie n° {i}")
        ]

    def empathy_default(self, state: DraftState) -> int:
        for i, para in enumerate(self.playbook.empathy, 1):
            if self.applies(para_when(para), state, f"la condition de l'empathie n° {i}"):
                return i
        raise ReponseError("Aucune phrase d'empathie de ce playbook ne s'applique à ces faits.")

    def empathy(self, state: DraftState) -> str:
        choice = state.empathy if state.empathy is not None else self.empathy_default(state)
        if isinstance(choice, int) or (isinstance(choice, str) and choice.isdigit()):
            index = int(choice)
            if not 1 <= index <= len(self.playbook.empathy):
                raise ReponseError(
                    f"Phrase d'empathie n° {index} inexistante : ce playbook en propose "
                    f"{len(self.playbook.empathy)}."
                )
            para = self.playbook.empathy[index - 1]
            if not self.applies(para_when(para), state, f"la condition de l'empathie n° {index}"):
                raise ReponseError(
                    f"La phrase d'empathie n° {index} ne s'applique pas à ces faits.",
                    hint="Choisissez-en une autre, ou écrivez la vôtre.",
                )
            return self.render(para_text(para), state, f"la phrase d'empathie n° {index}")
        return typography(str(choice))

    def proposed_solution(self, state: DraftState, solution_id: str) -> str:
        solution = self.playbook.solution(solution_id)
        return self.render(solution.text, state, f"la solution « {solution_id} »")

    def solution_text(self, state: DraftState, solution_id: str) -> str:
        own = self.own(state, f"solution.{solution_id}")
        return own or self.proposed_solution(state, solution_id)

    def follow_up(self, state: DraftState, ids: list[str] | None = None) -> list[PlannedFollowUp]:
        """The whole plan, dated; the promised step carries the reply's wording."""
        plan = self.plan(state)
        promised = self.promised(state, plan)
        planned = []
        for item in plan:
            due, local, local_key = self._step_values(item.after_days)
            where = f"le suivi « {item.id} »"
            text = self.own(state, f"follow_up.{item.id}") or self._render(
                item.text, state, where, local, local_key
            )
            message = (
                self._render(item.message, state, where, local, local_key) if item.message else None
            )
            planned.append(
                PlannedFollowUp(
                    item.id,
                    item.stage,
                    item.after_days,
                    due,
                    item.label,
                    text,
                    message,
                    promised=item.id == promised,
                )
            )
        return planned

    def closing(self, state: DraftState) -> str:
        for para in self.playbook.closings():
            if self.applies(para_when(para), state, "la condition de la formule de fin"):
                return self.render(para_text(para), state, "la formule de fin")
        return DEFAULT_CLOSING

    def mediation(self, state: DraftState) -> str:
        if not self.playbook.mediation:
            return ""
        if not self.applies(self.playbook.mediation, state, "la condition de la médiation"):
            return ""
        return self.render(MEDIATION, state, "la mention du médiateur")

    # --- the whole reply ---------------------------------------------------------

    def compose(self, state: DraftState, typeset: bool = True) -> Draft:
        """The reply. `typeset=False` leaves the whole text as the template wrote it
        (each section is typeset all the same): `validate` reads the sections of ~90
        combinations a playbook, never their whole text."""
        responsibility = state.responsibility or self.playbook.responsibility_default()
        self._pinned = (
            state.answers,
            responsibility,
            _facts_key(responsibility, state.answers),
        )
        try:
            return self._compose(state, typeset)
        finally:
            self._pinned = None

    def _section(self, body: str) -> str:
        """A block as the customer reads it; the same block of another combination is
        typeset once."""
        if body not in self._typeset:
            self._typeset[body] = typography(tidy(body))
        return self._typeset[body]

    def _compose(self, state: DraftState, typeset: bool = True) -> Draft:
        playbook = self.playbook
        responsibility = state.responsibility or playbook.responsibility_default()
        if responsibility not in playbook.apologies.variants():
            known = ", ".join(playbook.apologies.variants())
            raise ReponseError(
                f"Responsabilité « {responsibility} » sans excuse dans ce playbook ({known})."
            )
        state.responsibility = responsibility
        # Every text sees the solutions actually written in the reply.
        state = msgspec.structs.replace(state, solutions=self.chosen(state))
        solution_ids = list(state.solutions or [])
        civilite = state.answers.get("civilite") or "neutre"
        pieces = [
            {
                "id": sid,
                "label": playbook.solution(sid).label,
                "geste": playbook.solution(sid).geste,
                "text": self.solution_text(state, sid),
            }
            for sid in solution_ids
        ]
        alternatives = [piece for piece in pieces if not piece["geste"]]
        gestures = [piece for piece in pieces if piece["geste"]]
        if alternatives and gestures:
            gestures[0] = {**gestures[0], "text": on_top(gestures[0]["text"])}
        plan = self.follow_up(state)
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
            solutions=alternatives,
            gestures=gestures,
            follow_up=[item for item in plan if item.promised],
            closing=self.closing(state),
            mediation=self.mediation(state),
        )
        template = self.renderer.template(playbook.template or BASE_TEMPLATE)
        text, sections = self.renderer.render_blocks(template, context, tuple(SECTIONS))
        subject = self.render(playbook.subject, state, "l'objet") if playbook.subject else ""
        return Draft(
            playbook=playbook,
            playbook_id=self.ref.id,
            responsibility=responsibility,
            solutions=solution_ids,
            subject=subject,
            sections={name: self._section(body) for name, body in sections.items()},
            text=typography(tidy(text)) if typeset else text,
            answers=dict(state.answers),
            follow_up=plan,
            gestures=[piece["id"] for piece in gestures],
            offers={piece["id"]: piece["text"] for piece in pieces},
        )


def _facts_key(responsibility: str | None, answers: dict[str, Any]) -> str:
    return repr((responsibility, sorted(answers.items())))


def on_top(text: str) -> str:
    """« En plus, je vous rembourse… »: a gesture written as a sentence, given on top.

    The first letter is lowered unless the first word is an acronym (« TVA »).
    """
    first = text.split(" ", 1)[0]
    if not first[:1].isupper() or (len(first) > 1 and first.isupper()):
        return ON_TOP + text
    return ON_TOP + text[0].lower() + text[1:]


_BLANK_LINES = re.compile(r"\n{3,}")


def tidy(text: str) -> str:
    """Paragraphs separated by one blank line, no trailing spaces."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines))


def known_ids(what: str, whats: str, wanted: list[Any] | None, known: list[str]) -> None:
    """A solution or follow-up step named by a script must be one of the playbook's."""
    for wanted_id in wanted or []:
        if not isinstance(wanted_id, str) or wanted_id not in known:
            raise ReponseError(
                f"{what} inconnue : « {wanted_id} ».{did_you_mean(str(wanted_id), set(known))}",
                hint=f"{whats} de ce playbook : " + ", ".join(sorted(known)) + ".",
            )
