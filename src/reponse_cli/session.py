"""A drafting session: preset answers, the five steps (scripted or interactive), the
review, and the saved state that `--resume` offers back. The CLI only parses options."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reponse_cli.errors import Interrupted, ReponseError, did_you_mean

if TYPE_CHECKING:
    from reponse_cli.draft import Composer, DraftState

RESERVED = ("responsibility", "solutions", "empathy", "follow_up", "reformulation")


@dataclass
class DraftRequest:
    """What the agent asked for on the command line."""

    playbook: str | None = None
    sets: list[str] = field(default_factory=list)
    answers_file: Path | None = None
    solutions: list[str] = field(default_factory=list)
    responsibility: str | None = None
    no_input: bool = False
    fmt: str = "text"
    output: Path | None = None
    resume: bool = False
    playbook_dirs: list[Path] | None = None
    message: str | None = None  # a file, or « - » for stdin


def run(request: DraftRequest) -> None:
    from reponse_cli import library
    from reponse_cli.config import load_config
    from reponse_cli.draft import Composer, DraftState, today

    message: str | None = None
    if request.message is not None:
        from reponse_cli.output import read_input

        message, _ = read_input(
            request.message,
            what="le message du client",
            example="reponse draft --message message.txt",
            empty="Rien à lire",
        )
    terminal = None if request.no_input else open_terminal(request.message == "-")
    config = load_config()
    playbook = request.playbook
    state: DraftState | None = load_saved_state() if request.resume else None
    if state is not None:
        if playbook and playbook != state.playbook:
            raise ReponseError(
                f"Le brouillon interrompu utilise « {state.playbook} », pas « {playbook} »."
            )
        playbook = state.playbook
    if terminal is not None and message is None and state is None:
        message = ask_for_message(terminal)
    listening = None
    if message:
        from reponse_cli.listen import listen

        refs = library.discover(request.playbook_dirs).values()
        listening = listen(message, refs, today(), config.get("motif_commande"))
        report_listening(listening, interactive=terminal is not None)
    if playbook is None and request.no_input and listening is not None and listening.best:
        playbook = listening.best.playbook
        sys.stderr.write(f"Playbook choisi d'après le message : {playbook}\n")
    if playbook is None:
        if request.no_input:
            raise no_playbook_error(listening)
        playbook = pick_playbook(request.playbook_dirs, terminal, listening)
    ref = library.find(playbook, request.playbook_dirs)
    composer = Composer(ref, ref.load(), config)
    preset = gather_preset(
        composer, request.sets, request.answers_file, request.solutions, request.responsibility
    )
    if state is None:
        state = DraftState(playbook=ref.id)
        if listening is not None:
            from reponse_cli.listen import prefill

            state.answers.update(prefill(composer.playbook, listening.facts))
    else:
        state.answers = restore_answers(composer, state.answers)
    state.answers.update(preset.pop("__answers__"))
    for key in RESERVED:
        if key in preset:
            setattr(state, key, preset[key])
    extra = {"listen": listening.as_json()} if listening else {}
    if request.no_input:
        run_scripted(composer, state, preset, request.fmt, request.output, extra)
    else:
        run_interactive(composer, state, request.fmt, request.output, terminal, extra)
    if not config.exists:
        sys.stderr.write(
            "Astuce : lancez « reponse init » pour signer vos réponses à votre nom "
            "(signature neutre en attendant).\n"
        )


# --- scripted ---------------------------------------------------------------------


def run_scripted(
    composer: Composer,
    state: DraftState,
    preset: dict[str, Any],
    fmt: str,
    output: Path | None,
    extra: dict[str, Any] | None = None,
) -> None:
    from reponse_cli.flow import DictAsker, Flow
    from reponse_cli.output import format_draft, write_text

    values = dict(state.answers)
    values.update({k: preset[k] for k in RESERVED if k in preset})
    asker = DictAsker(values)
    state.step = 0
    Flow(composer, asker, state).run()
    asker.finish()
    result = composer.compose(state)
    attach_check(result)
    result.extra = extra or {}
    write_text(format_draft(result, fmt), output)
    if output is not None:
        sys.stderr.write(f"Brouillon écrit dans {output}\n")
    if fmt != "json" and result.check.get("findings"):
        # The draft alone on stdout; what the checker noticed, for the agent, on stderr.
        from reponse_cli.output import show_findings, stderr_console

        show_findings(stderr_console(), result.check)


def attach_check(result: Any) -> None:
    """The checker's verdict on the draft, as `reponse check` would give it."""
    from reponse_cli import tone

    try:
        result.check = tone.check_text(result.text).as_json()
    except ReponseError as error:
        # A broken rule file of the agent's must not stop the draft: say it, go on.
        first = error.message.splitlines()[0]
        sys.stderr.write(f"Contrôle de ton impossible ({first}) : brouillon non relu.\n")


# --- interactive ------------------------------------------------------------------


def run_interactive(
    composer: Composer,
    state: DraftState,
    fmt: str,
    output: Path | None,
    terminal: Any,
    extra: dict[str, Any] | None = None,
) -> None:
    from reponse_cli.flow import STEP_TITLES, STEPS, Flow
    from reponse_cli.output import format_draft, show_draft, stderr_console, write_text
    from reponse_cli.prompts import QuestionaryAsker

    console = stderr_console()
    asker = QuestionaryAsker(console, input=terminal.input, output=terminal.output)
    console.print(
        f"[bold]{composer.playbook.title}[/bold] · {composer.playbook.description}\n"
        "[dim]Ctrl-C à tout moment : vos réponses sont gardées (reponse draft --resume).[/dim]"
    )
    flow = Flow(composer, asker, state, on_progress=save_state)
    try:
        flow.run()
        while True:
            result = composer.compose(state)
            attach_check(result)
            result.extra = extra or {}
            show_draft(console, result)
            target = f"l'écrire dans {output}" if output else "afficher le texte à copier"
            action = asker.choose(
                "Que faire de ce brouillon ?",
                [
                    ("accept", f"Accepter : {target}"),
                    ("edit", "Modifier une étape"),
                    ("quit", "Quitter (réponses gardées pour --resume)"),
                ],
            )
            if action == "accept":
                if output is None:
                    console.rule("[bold]Texte à copier")
                write_text(format_draft(result, fmt), output)
                if output is not None:
                    console.print(f"Brouillon écrit dans {output}")
                clear_state()
                return
            if action == "quit":
                save_state(state)
                console.print("Réponses gardées : « reponse draft --resume » pour reprendre.")
                return
            step = asker.choose(
                "Quelle étape modifier ?", [(name, STEP_TITLES[name]) for name in STEPS]
            )
            flow.run_step(step, back=False)
            save_state(state)
    except KeyboardInterrupt:
        save_state(state)
        console.print(
            "\nInterrompu. Vos réponses sont gardées : « reponse draft --resume » pour reprendre."
        )
        raise Interrupted() from None


@dataclass
class Terminal:
    """Where prompts are read and drawn: the terminal, even when stdin or stdout is a pipe."""

    input: Any = None
    output: Any = None


def open_terminal(stdin_is_message: bool) -> Terminal:
    """The agent's terminal, or a clear error when there is none to ask questions on."""
    import gc

    gc.enable()  # a person is at the keyboard: this process may live for minutes
    terminal = Terminal()
    if not sys.stdout.isatty():
        from prompt_toolkit.output import create_output

        terminal.output = create_output(stdout=sys.stderr)
    if stdin_is_message or not sys.stdin.isatty():
        try:
            tty = Path("/dev/tty").open(encoding="utf-8")  # noqa: SIM115 - for the whole session
        except OSError:
            tty = None
        if tty is None or not stdin_is_message:
            raise ReponseError(
                "Pas de terminal pour poser les questions.",
                hint="Ajoutez --no-input (avec --set CLÉ=VALEUR ou --answers FICHIER).",
            )
        from prompt_toolkit.input import create_input

        terminal.input = create_input(stdin=tty)
    return terminal


def ask_for_message(terminal: Terminal) -> str | None:
    """Step 1, listening: the agent may paste the customer's message, or go on without."""
    import questionary

    from reponse_cli.output import stderr_console
    from reponse_cli.prompts import SELECT_HINT, STYLE

    console = stderr_console()
    console.rule("[bold]Étape 1/5 · Écouter", align="left")
    io = {k: v for k, v in (("input", terminal.input), ("output", terminal.output)) if v}
    try:
        choice = questionary.select(
            "Avez-vous le message du client ?",
            choices=[
                questionary.Choice("Le coller ici : je propose le playbook et les faits", "paste"),
                questionary.Choice("Passer : je choisis moi-même", "skip"),
            ],
            instruction=SELECT_HINT,
            style=STYLE,
            **io,
        ).unsafe_ask()
        if choice != "paste":
            return None
        text = questionary.text(
            "Collez le message",
            multiline=True,
            instruction="(Échap puis Entrée pour terminer)",
            style=STYLE,
            **io,
        ).unsafe_ask()
    except KeyboardInterrupt:
        raise Interrupted() from None
    return text if text and text.strip() else None


def report_listening(listening: Any, interactive: bool) -> None:
    """Warning signs go to the agent at once; in a terminal, the whole reading."""
    if interactive:
        from reponse_cli.output import show_listening, stderr_console

        show_listening(stderr_console(), listening)
        return
    for signal in listening.escalation:
        sys.stderr.write(
            f"Attention : {signal.as_json()['label']} (« {signal.excerpt} »). {signal.guidance}\n"
        )


def no_playbook_error(listening: Any) -> ReponseError:
    if listening is None:
        return ReponseError(
            "Indiquez le playbook : reponse draft PLAYBOOK --no-input …",
            hint="« reponse playbooks list » montre les playbooks disponibles.",
        )
    names = ", ".join(c.playbook for c in listening.candidates[:3] if c.score > 0)
    return ReponseError(
        f"Je ne suis pas sûr du playbook : {listening.unsure}.",
        hint=f"Précisez-le : reponse draft PLAYBOOK --message … (pistes : {names or 'aucune'}).",
    )


def pick_playbook(dirs: list[Path] | None, terminal: Terminal, listening: Any = None) -> str:
    """The searchable list of playbooks by family, the message's suggestions first."""
    from reponse_cli import library
    from reponse_cli.errors import PlaybookError
    from reponse_cli.flow import Option, Prompt
    from reponse_cli.output import stderr_console
    from reponse_cli.prompts import QuestionaryAsker

    console = stderr_console()
    titles: dict[str, str] = {}
    by_family: dict[str, list[Option]] = {}
    for ref in library.discover(dirs).values():
        try:
            spec = ref.load()
        except PlaybookError as error:
            console.print(f"[yellow]Playbook ignoré[/yellow] : {error.problems[0]}")
            continue
        titles[ref.id] = spec.title
        by_family.setdefault(spec.family, []).append(Option(ref.id, f"{spec.title}  ({ref.id})"))
    if not by_family:
        raise ReponseError("Aucun playbook trouvé.")
    options: list[Option] = []
    default = None
    if listening is not None:
        suggested = [c for c in listening.candidates[:3] if c.score > 0 and c.playbook in titles]
        if suggested:
            options.append(Option(None, "Suggérés par le message"))
            options += [
                Option(c.playbook, f"{titles[c.playbook]}  ({c.playbook})") for c in suggested
            ]
            default = suggested[0].playbook
    from reponse_cli.playbook import FAMILY_LABELS

    for family in sorted(by_family):
        options.append(Option(None, FAMILY_LABELS.get(family, family.capitalize())))
        options += [o for o in by_family[family] if not any(o.value == s.value for s in options)]
    asker = QuestionaryAsker(console, input=terminal.input, output=terminal.output)
    try:
        return asker.ask(
            Prompt(
                key="playbook",
                kind="select",
                message="Quel type de litige ?",
                options=options,
                default=default,
                search=True,
            )
        )
    except KeyboardInterrupt:
        raise Interrupted() from None


# --- preset answers -----------------------------------------------------------------


def gather_preset(
    composer: Composer,
    sets: list[str],
    answers_file: Path | None,
    solutions: list[str],
    responsibility: str | None,
) -> dict[str, Any]:
    """Answers from the file, then --set, then the dedicated flags; unknown keys refused."""
    from reponse_cli.answers import coerce
    from reponse_cli.playbook import COMMON_QUESTIONS

    raw: dict[str, Any] = {}
    if answers_file is not None:
        raw.update(read_answers_file(answers_file))
    for item in sets:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ReponseError(f"--set attend CLÉ=VALEUR, pas « {item} ».")
        raw[key.strip()] = value
    if solutions:
        raw["solutions"] = list(solutions)
    if responsibility is not None:
        raw["responsibility"] = responsibility

    questions = {q.id: q for q in COMMON_QUESTIONS}
    questions.update(composer.questions)
    known = set(questions) | set(RESERVED)
    unknown = [key for key in raw if key not in known]
    if unknown:
        details = " ".join(f"« {key} ».{did_you_mean(key, known)}" for key in unknown)
        raise ReponseError(
            f"Clé inconnue pour le playbook {composer.ref.id} : {details}",
            hint="Clés possibles : " + ", ".join(sorted(known)) + ".",
        )
    typed: dict[str, Any] = {}
    errors = []
    for key, value in raw.items():
        if key in RESERVED:
            continue
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        try:
            typed[key] = coerce(questions[key], value, composer.today)
        except ValueError as error:
            errors.append(f"{key} : {error}")
    if errors:
        from reponse_cli.flow import invalid_values

        raise ReponseError(invalid_values(errors))
    preset = {k: raw[k] for k in RESERVED if k in raw}
    if isinstance(preset.get("solutions"), str):
        preset["solutions"] = [s.strip() for s in preset["solutions"].split(",") if s.strip()]
    preset["__answers__"] = typed
    return preset


def restore_answers(composer: Composer, saved: dict[str, Any]) -> dict[str, Any]:
    """Typed answers from a saved state; a value that no longer fits is asked again."""
    from reponse_cli.answers import coerce

    restored = {}
    for key, value in saved.items():
        question = composer.questions.get(key)
        if question is None:
            continue
        try:
            restored[key] = coerce(question, value, composer.today)
        except ValueError:
            continue
    return restored


def read_answers_file(path: Path) -> dict[str, Any]:
    import yaml

    try:
        text = sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ReponseError(f"Fichier de réponses introuvable : {path}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ReponseError(f"Lecture impossible de {path} : {error}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        raise ReponseError(f"{path}{where}: fichier de réponses illisible (YAML ou JSON)") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ReponseError(f"{path}: le fichier de réponses doit être un dictionnaire clé: valeur")
    return {str(k): v for k, v in data.items()}


# --- saved state (resume) -------------------------------------------------------------


def save_state(state: DraftState) -> None:
    import datetime as dt
    import os

    from reponse_cli.draft import state_file

    path = state_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    state.saved_at = dt.datetime.now().isoformat(timespec="seconds")
    tmp = path.with_suffix(".tmp")
    # Customer data: readable by the agent only.
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(state.to_json())
    tmp.replace(path)


def load_saved_state() -> DraftState:
    from reponse_cli.draft import DraftState, state_file

    path = state_file()
    if not path.exists():
        raise ReponseError("Aucun brouillon interrompu à reprendre.")
    try:
        state = DraftState.from_json(path.read_text(encoding="utf-8"))
    except (ValueError, TypeError):
        raise ReponseError(f"Brouillon interrompu illisible : {path}") from None
    return state


def clear_state() -> None:
    from reponse_cli.draft import state_file

    state_file().unlink(missing_ok=True)
