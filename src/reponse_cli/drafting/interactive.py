"""The interactive draft: a person at a terminal, the five steps, the review.

The worker does the drafting; this module only connects it to the agent's terminal:
where prompts are read and drawn, the message pasted at step 1, the playbook picker,
the review menu and the resume store. Every question goes through the asker.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from reponse_cli import runtime
from reponse_cli.delivery.clipboard import copy_text
from reponse_cli.delivery.editor import edit_text
from reponse_cli.delivery.rewrite import apply_edit, edit_draft
from reponse_cli.drafting.compose import Draft
from reponse_cli.drafting.flow import Flow, Option, Prompt
from reponse_cli.drafting.prompts import QuestionaryAsker
from reponse_cli.drafting.resume import ResumeEntry, ResumeStore, describe
from reponse_cli.drafting.worker import DraftRequest, Job, Worker
from reponse_cli.env import Environment
from reponse_cli.errors import Interrupted, PlaybookError, ReponseError
from reponse_cli.history.questions import ask_tags
from reponse_cli.listening.engine import Listening
from reponse_cli.listening.mail import Mail
from reponse_cli.method import STEP_BY_ID, STEP_IDS
from reponse_cli.playbooks.schema import family_label
from reponse_cli.views.console import agent_console
from reponse_cli.views.draft import show_copied, show_draft
from reponse_cli.views.listening import show_listening
from reponse_cli.views.mail import show_mail

SHOW_TARGET = "afficher le texte à copier"
INTERRUPTED = "Interrompu. Vos réponses sont gardées : « reponse draft --resume » pour reprendre."


@contextlib.contextmanager
def interruptible() -> Iterator[None]:
    """SIGTERM and SIGHUP (a closed terminal window, `kill`) interrupt like Ctrl-C, so the
    answers are kept for `--resume` instead of being lost."""

    def stop(_signum: int, _frame: object) -> None:
        from prompt_toolkit.application import get_app_or_none

        app = get_app_or_none()
        if app is not None and app.is_running and app.loop is not None:
            # Raised inside the prompt's event loop, the interruption would be printed as
            # an « unhandled exception »: the prompt ends with it instead, in its loop.
            def leave() -> None:
                if app.is_running and not app.future.done():  # type: ignore[union-attr]
                    app.exit(exception=KeyboardInterrupt)

            app.loop.call_soon_threadsafe(leave)
            return
        raise KeyboardInterrupt

    previous = {}
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None:
            with contextlib.suppress(ValueError):  # only the main thread may set handlers
                previous[number] = signal.signal(number, stop)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


@dataclass
class Terminal:
    """Where prompts are read and drawn: the terminal, even when stdin or stdout is a pipe."""

    input: Any = None
    output: Any = None


def open_terminal(env: Environment, stdin_is_message: bool) -> Terminal:
    """The agent's terminal, or a clear error when there is none to ask questions on."""
    terminal = Terminal()
    if not env.stdout_isatty:
        from prompt_toolkit.output import create_output

        terminal.output = create_output(stdout=env.stderr)
    if stdin_is_message or not env.stdin_isatty:
        tty = env.open_tty() if stdin_is_message else None
        if tty is None:
            raise ReponseError(
                "Pas de terminal pour poser les questions.",
                hint="Ajoutez --no-input (avec --set CLÉ=VALEUR ou --answers FICHIER).",
            )
        from prompt_toolkit.input import create_input

        terminal.input = create_input(stdin=tty)
    return terminal


class Recorder(Protocol):
    """Keeps the accepted draft in the history (history/recording.py)."""

    def record(self, draft: Draft) -> Any: ...

    def tag(self, dossier_id: int, tags: list[str]) -> list[str]: ...


@dataclass
class Session:
    """One interactive draft, from the message to the accepted text."""

    env: Environment
    worker: Worker
    asker: QuestionaryAsker
    write: Callable[[Draft], None]  # delivers the accepted draft
    target: str = SHOW_TARGET  # what « Accepter » does, for the menu
    copy: str | None = None  # `--copy`: "body" or "subject", copied on accepting
    edit: bool = False  # `--edit`: the editor opens on the draft before the review
    recorder: Recorder | None = None  # keeps the accepted draft in the history

    @classmethod
    def open(
        cls,
        env: Environment,
        worker: Worker,
        write: Callable[[Draft], None],
        stdin: bool,
        target: str = SHOW_TARGET,
        copy: str | None = None,
        edit: bool = False,
        recorder: Recorder | None = None,
    ) -> Session:
        runtime.long_running()  # a person is at the keyboard: this may last minutes
        terminal = open_terminal(env, stdin)
        asker = QuestionaryAsker(
            agent_console(env),
            input=terminal.input,
            output=terminal.output,
            editor=lambda text: edit_text(env, text),
        )
        return cls(env, worker, asker, write, target, copy, edit, recorder)

    @property
    def console(self) -> Any:
        return self.asker.console

    def run(
        self,
        request: DraftRequest,
        mail: Mail | None = None,
        entries: list[ResumeEntry] | None = None,
    ) -> None:
        """The whole session; `mail` is the customer's e-mail the message was read from,
        `entries` the interrupted drafts `--resume` may take up."""
        store = ResumeStore(self.env, warn=self.warn)
        try:
            if entries:
                entry = self.pick_resume(entries)
                request.state, store.slot = entry.state, entry.path
            else:
                self.mention_interrupted(store)
            if mail is not None:
                show_mail(self.console, mail)
            if request.message is None and request.state is None:
                request.message = self.ask_for_message()
            listening = self.worker.read(request.message) if request.message else None
            if listening is not None:
                show_listening(self.console, listening)
            job = self.worker.prepare(request, choose=self.pick_playbook, listening=listening)
        except KeyboardInterrupt:
            raise Interrupted() from None
        playbook = job.composer.playbook
        self.console.print(
            f"[bold]{playbook.title}[/bold] · {playbook.description}\n"
            "[dim]Ctrl-C à tout moment : vos réponses sont gardées (reponse draft --resume).[/dim]"
        )
        try:
            with interruptible():
                self.worker.run(job, self.asker, on_progress=store.save)
                self.review(job, store)
        except KeyboardInterrupt:
            # Ctrl-C, or SIGTERM/SIGHUP (see `interruptible`): every answer given so far.
            store.save(job.state)
            with contextlib.suppress(OSError):  # after SIGHUP the terminal may be gone
                self.console.print("\n" + INTERRUPTED)
            raise Interrupted() from None

    def warn(self, text: str) -> None:
        with contextlib.suppress(OSError):
            self.console.print(f"[yellow]{text}[/yellow]")

    def pick_resume(self, entries: list[ResumeEntry]) -> ResumeEntry:
        """The interrupted draft to take up: asked when there are several, newest first."""
        if len(entries) == 1:
            return entries[0]
        index = self.asker.ask(
            Prompt(
                key="resume",
                kind="select",
                message="Quel brouillon interrompu reprendre ?",
                options=[Option(i, describe(entry)) for i, entry in enumerate(entries)],
                default=0,
            )
        )
        return entries[index]

    def mention_interrupted(self, store: ResumeStore) -> None:
        """A new draft never hides the interrupted ones: it says they are still kept."""
        count = len(store.entries())
        if count:
            self.console.print(
                f"[dim]{count} brouillon(s) interrompu(s) gardé(s) : "
                "« reponse draft --resume » pour reprendre.[/dim]"
            )

    def review(self, job: Job, store: ResumeStore) -> None:
        """Show the draft; copy it, edit it, accept it, change one step, or leave it."""
        copied: str | None = None  # what « Copier » copied last: "body", then "subject"
        draft = self.current_draft(job)
        if self.edit:
            draft = self.edit_text(job, draft, store)
        shown = False
        while True:
            if not shown:
                show_draft(self.console, draft)
            shown = False
            action = self.asker.ask(self.review_prompt(copied))
            if action == "copy":
                copied = "subject" if copied == "body" else "body"
                self.copy_part(draft, copied)
                shown = True  # the panels are just above: only the menu again
                continue
            copied = None
            if action == "accept":
                if self.copy is not None:
                    self.copy_part(draft, self.copy, printed=self.target == SHOW_TARGET)
                recorded = self.record(draft)
                self.write(draft)
                store.clear()
                if recorded is not None:
                    self.offer_tags(recorded)
                return
            if action == "quit":
                store.save(job.state)
                self.console.print("Réponses gardées : « reponse draft --resume » pour reprendre.")
                return
            if action == "edit_text":
                draft = self.edit_text(job, draft, store)
                continue
            if draft.edited and not self.confirm_recompose():
                continue
            step = self.asker.ask(
                Prompt(
                    key="step",
                    kind="select",
                    message="Quelle étape modifier ?",
                    options=[Option(name, STEP_BY_ID[name].title) for name in STEP_IDS],
                )
            )
            job.state.edited_subject = job.state.edited_text = None
            Flow(job.composer, self.asker, job.state).run_step(step, back=False)
            store.save(job.state)
            draft = self.current_draft(job)

    def review_prompt(self, copied: str | None) -> Prompt:
        copy_label = "Copier l'objet" if copied == "body" else "Copier le texte"
        # Writing a file (--output): accepting is the usual end; else copying is.
        first_default = "copy" if self.target == SHOW_TARGET else "accept"
        return Prompt(
            key="action",
            kind="select",
            message="Que faire de ce brouillon ?",
            options=[
                Option("copy", copy_label + " (presse-papiers)"),
                Option("accept", "Accepter : " + self.target),
                Option("edit_text", "Modifier le texte (votre éditeur)"),
                Option("edit", "Modifier une étape"),
                Option("quit", "Quitter (réponses gardées pour --resume)"),
            ],
            # Enter, Enter, Enter: the body, the subject, then done.
            default={None: first_default, "body": "copy", "subject": "accept"}[copied],
        )

    def current_draft(self, job: Job) -> Draft:
        """The composed draft, or the agent's own text when they rewrote it (resumed)."""
        draft = self.worker.compose(job)
        state = job.state
        if state.edited_text is not None:
            subject = state.edited_subject or draft.subject
            draft = apply_edit(draft, subject, state.edited_text, self.check)
        return draft

    def check(self, text: str) -> dict[str, Any]:
        return self.worker.check(text).as_json()

    def copy_part(self, draft: Draft, part: str, printed: bool = False) -> None:
        text, what = (draft.subject, "Objet") if part == "subject" else (draft.text, "Texte")
        show_copied(self.console, copy_text(self.env, text), what, text, printed=printed)

    def edit_text(self, job: Job, draft: Draft, store: ResumeStore) -> Draft:
        """The whole draft in the agent's editor; the checker reads what comes back."""
        try:
            edited = edit_draft(self.env, draft, self.check)
        except ReponseError as error:  # no editor, it failed, or came back empty
            self.console.print(f"[yellow]{error.message}[/yellow]")
            if error.hint:
                self.console.print(error.hint)
            return draft
        if edited is draft:
            self.console.print("Texte inchangé.")
            return draft
        job.state.edited_subject, job.state.edited_text = edited.subject, edited.text
        store.save(job.state)
        verdict = "des remarques ci-dessous" if edited.check.get("findings") else "rien à signaler"
        self.console.print(f"Votre texte, relu par le contrôle de ton : {verdict}.")
        return edited

    def confirm_recompose(self) -> bool:
        answer = self.asker.ask(
            Prompt(
                key="recompose",
                kind="select",
                message="Modifier une étape recompose le texte : vos retouches seront perdues.",
                options=[
                    Option("no", "Garder mes retouches"),
                    Option("yes", "Recomposer quand même"),
                ],
            )
        )
        return answer == "yes"

    def record(self, draft: Draft) -> Any:
        """The accepted draft into the history; a failure is said, the draft still goes out."""
        if self.recorder is None:
            return None
        try:
            return self.recorder.record(draft)
        except ReponseError as error:
            self.console.print(
                f"[yellow]Brouillon non enregistré dans l'historique[/yellow] : {error.message}"
            )
            return None

    def offer_tags(self, recorded: Any) -> None:
        """« Enregistré : dossier n° 12, prochain suivi le 3 décembre », then the tags."""
        assert self.recorder is not None
        self.console.print(f"[green]{recorded.sentence()}[/green]")
        tags = ask_tags(self.asker)
        if not tags:
            return
        try:
            kept = self.recorder.tag(recorded.dossier, tags)
        except ReponseError as error:
            self.console.print(f"[yellow]Étiquettes non enregistrées[/yellow] : {error.message}")
            return
        self.console.print(f"Étiquettes : {', '.join(kept)}")

    # --- step 1 before the playbook: the message, the choice of playbook --------------

    def ask_for_message(self) -> str | None:  # the listener sets quotes and signature aside
        """The agent may paste the customer's message, or go on without."""
        self.console.rule("[bold]Étape 1/5 · Écouter", align="left")
        choice = self.asker.ask(
            Prompt(
                key="message",
                kind="select",
                message="Avez-vous le message du client ?",
                options=[
                    Option("paste", "Le coller ici : je propose le playbook et les faits"),
                    Option("skip", "Passer : je choisis moi-même"),
                ],
            )
        )
        if choice != "paste":
            return None
        text = self.asker.ask(
            Prompt(
                key="message_text",
                kind="multiline",
                message="Collez le message",
                required=False,
            )
        )
        if not text or not text.strip():
            return None
        return text

    def pick_playbook(self, listening: Listening | None) -> str:
        """The searchable list of playbooks by family, the message's suggestions first."""

        def skipped(_ref: Any, error: PlaybookError) -> None:
            self.console.print(f"[yellow]Playbook ignoré[/yellow] : {error.problems[0]}")

        loaded = self.worker.library.load_all(on_error=skipped)
        if not loaded:
            raise ReponseError("Aucun playbook trouvé.")
        titles = {pid: spec.title for pid, (_, spec) in loaded.items()}
        by_family: dict[str, list[Option]] = {}
        for pid, (_, spec) in loaded.items():
            by_family.setdefault(spec.family, []).append(Option(pid, f"{spec.title}  ({pid})"))
        options: list[Option] = []
        default = None
        if listening is not None:
            suggested = [
                c for c in listening.candidates[:3] if c.score > 0 and c.playbook in titles
            ]
            if suggested:
                options.append(Option(None, "Suggérés par le message"))
                options += [
                    Option(c.playbook, f"{titles[c.playbook]}  ({c.playbook})") for c in suggested
                ]
                default = suggested[0].playbook
        for family in sorted(by_family):
            options.append(Option(None, family_label(family)))
            options += [
                o for o in by_family[family] if not any(o.value == s.value for s in options)
            ]
        return self.asker.ask(
            Prompt(
                key="playbook",
                kind="select",
                message="Quel type de litige ?",
                options=options,
                default=default,
                search=True,
            )
        )
