"""The drafting worker: a request in, a `Draft` out (copier's `Worker` is the model).

Every way of drafting goes through it — the interactive flow, `draft --no-input`, the
Python API, and later the batch and the dossiers: it reads the customer's message,
chooses the playbook, types the preset answers, runs the five steps over an asker,
composes the reply and has the checker read it. It never prints: what the agent must
be told comes back in the `Job` and the `Draft`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import Any

import msgspec

from reponse_cli.checker.check import check_text
from reponse_cli.checker.document import CheckResult
from reponse_cli.checker.rules import RuleSet, load_rules
from reponse_cli.config import Config, load_config
from reponse_cli.drafting.compose import Composer, Draft, DraftState
from reponse_cli.drafting.flow import Asker, DictAsker, Flow
from reponse_cli.drafting.preset import gather_preset, restore_answers
from reponse_cli.drafting.resume import resumes
from reponse_cli.env import Environment
from reponse_cli.errors import FileProblems, ReponseError
from reponse_cli.limits import MESSAGE_LIMIT, cap
from reponse_cli.listening.engine import Listener, Listening, prefill
from reponse_cli.listening.mail import Mail
from reponse_cli.playbooks.library import Library, PlaybookRef
from reponse_cli.playbooks.names import DECISIONS


class DraftRequest(msgspec.Struct):
    """What to draft: everything optional but what the playbook needs."""

    playbook: str | None = None  # an id or a path; else chosen from the message
    answers: dict[str, Any] = msgspec.field(default_factory=dict)  # raw values, typed here
    solutions: list[str] = msgspec.field(default_factory=list)
    responsibility: str | None = None
    message: str | Mail | None = None  # the customer's message, as written or as read
    state: DraftState | None = None  # an interrupted draft, resumed
    email: str | None = None  # the customer's address, when known (an .eml, a ticket)
    in_reply_to: str | None = None  # the Message-ID of the customer's e-mail
    references: list[str] = msgspec.field(default_factory=list)  # the thread, for the reply
    customer_name: str | None = None  # the name their e-mail gave, for the To header
    thread_subject: str | None = None  # the subject of their e-mail: « Re: » it in a reply


class Job(msgspec.Struct):
    """A draft in progress: the playbook, the agent's decisions so far, what was read."""

    composer: Composer
    state: DraftState
    listening: Listening | None = None
    chosen_from_message: bool = False
    request: DraftRequest | None = None  # what was asked (the customer's address…)


class Worker:
    """Drafts for one environment; playbooks, rules and the listening index load once."""

    def __init__(
        self,
        env: Environment,
        library: Library | None = None,
        config: Config | None = None,
        rules: RuleSet | None = None,
        rule_dirs: list[Path] | None = None,
    ) -> None:
        self.env = env
        self.library = library or Library(env)
        self._config = config
        self._rules = rules
        self.rule_dirs = rule_dirs
        self.rules_problem: str | None = None  # a broken rule file: drafts go on unread

    @cached_property
    def config(self) -> Config:
        return self._config if self._config is not None else load_config(self.env)

    @cached_property
    def listener(self) -> Listener:
        loaded = self.library.load_all()
        playbooks = {pid: spec for pid, (_, spec) in loaded.items()}
        sources = [ref.path for ref, _ in loaded.values()]
        return Listener(playbooks, self.library.cache, sources)

    def rules(self) -> RuleSet:
        if self._rules is None:
            self._rules = load_rules(self.env, self.rule_dirs)
        return self._rules

    # --- the pieces -------------------------------------------------------------------

    def read(self, message: str | Mail) -> Listening:
        """Écouter: the playbooks that fit, the facts, the warning signs.

        A message longer than `limits.MESSAGE_LIMIT` is read up to there
        (`Listening.truncated` says so).
        """
        if isinstance(message, Mail):
            own, cut = cap(message.text, MESSAGE_LIMIT)
            message = msgspec.structs.replace(message, text=own)
        else:
            message, cut = cap(message, MESSAGE_LIMIT)
        listening = self.listener.read(message, self.env.today, self.config.get("motif_commande"))
        listening.truncated = cut
        return listening

    def composer(self, ref: PlaybookRef) -> Composer:
        return Composer(
            ref, self.library.load(ref), self.config, self.env.today, self.library.cache
        )

    def check(self, text: str) -> CheckResult:
        return check_text(text, self.rules())

    def check_draft(self, draft: Draft) -> CheckResult:
        """The reply, and each follow-up message it plans, read as the customer will.

        A follow-up message is a piece of the exchange (« Votre colis est-il bien
        arrivé ? »): its wording is checked, not the five steps.
        """
        rules = self.rules()
        result = check_text(draft.text, rules)
        for item in draft.follow_up:
            if item.message:
                for finding in check_text(item.message, rules, fragment=True).findings:
                    finding.follow_up = item.id
                    result.findings.append(finding)
        return result

    def prepare(
        self,
        request: DraftRequest,
        choose: Callable[[Listening | None], str] | None = None,
        listening: Listening | None = None,
    ) -> Job:
        """The playbook, and a state holding the facts read and the preset answers.

        Without a playbook, the message decides when it is clear; otherwise `choose`
        asks the agent (interactive), or the request is refused with the candidates.
        """
        if listening is None and request.message:
            listening = self.read(request.message)
        state = request.state
        name = request.playbook or (state and (state.playbook_path or state.playbook))
        if state is not None and request.playbook and not resumes(state, request.playbook):
            raise ReponseError(
                f"Le brouillon interrompu utilise « {state.playbook} », pas « {request.playbook} »."
            )
        chosen = False
        if name is None and choose is None and listening is not None and listening.best:
            name, chosen = listening.best.playbook, True
        if name is None:
            if choose is None:
                raise no_playbook_error(listening)
            name = choose(listening)
        composer = self.composer(self.library.find(name))
        raw = dict(request.answers)
        if request.solutions:
            raw["solutions"] = list(request.solutions)
        if request.responsibility is not None:
            raw["responsibility"] = request.responsibility
        preset = gather_preset(composer, raw)
        if state is None:
            state = DraftState(playbook=composer.ref.id)
            if composer.ref.source == "file":
                state.playbook_path = str(composer.ref.path.resolve())
            if listening is not None:
                state.answers.update(prefill(composer.playbook, listening.facts))
        else:
            state.answers = restore_answers(composer, state.answers)
        state.answers.update(preset.answers)
        for key in DECISIONS:
            if key in preset.decisions:
                setattr(state, key, preset.decisions[key])
        return Job(composer, state, listening, chosen, request)

    def run(self, job: Job, asker: Asker, on_progress: Any = None) -> None:
        """The five steps, asked through `asker`."""
        Flow(job.composer, asker, job.state, on_progress=on_progress).run()

    def compose(self, job: Job) -> Draft:
        """The reply for the decisions so far, read by the checker."""
        draft = job.composer.compose(job.state)
        try:
            draft.check = self.check_draft(draft).as_json()
        except FileProblems as error:
            # A broken rule file of the agent's must not stop the draft: say it, go on.
            self.rules_problem = error.message.splitlines()[0]
        if job.listening is not None:
            draft.extra["listen"] = job.listening.as_json()
        if job.request is not None:
            request = job.request
            draft.email = request.email
            draft.customer_name = request.customer_name
            draft.in_reply_to = request.in_reply_to
            draft.references = list(request.references)
            draft.thread_subject = request.thread_subject
        return draft

    # --- all at once ------------------------------------------------------------------

    def draft(self, request: DraftRequest) -> Draft:
        """A scripted draft: the preset answers and the defaults, nothing asked."""
        job = self.prepare(request)
        return self.draft_job(job)

    def draft_job(self, job: Job) -> Draft:
        values: dict[str, Any] = dict(job.state.answers)
        values.update(
            {
                key: getattr(job.state, key)
                for key in DECISIONS
                if getattr(job.state, key) is not None
            }
        )
        asker = DictAsker(values)
        job.state.step = 0
        self.run(job, asker)
        asker.finish()
        return self.compose(job)


def no_playbook_error(listening: Listening | None) -> ReponseError:
    if listening is None:
        return ReponseError(
            "Indiquez le playbook : reponse draft PLAYBOOK --no-input …",
            hint="« reponse playbooks list » montre les playbooks disponibles.",
        )
    names = ", ".join(c.playbook for c in listening.candidates[:3] if c.score > 0)
    return ReponseError(
        f"Je ne suis pas sûr du playbook : {listening.unsure}.",
        hint=f"Précisez-le : reponse draft PLAYBOOK --message … (pistes : {names or 'aucune'}).",
    )
