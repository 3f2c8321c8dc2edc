"""`reponse draft`: options in; the worker drafts, interactively or not; output out.

The drafting itself is the worker's (drafting/worker.py). This module reads the files the
options name, chooses between the interactive session and the scripted path, and
delivers the text (stdout or a file), telling the agent on stderr what they need to know.
Like every command module, it imports the library inside functions: `--help` stays light.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple

import typer

from reponse_cli.cli.options import PlaybooksOption, env_of

if TYPE_CHECKING:
    from reponse_cli.drafting.compose import Draft
    from reponse_cli.drafting.worker import DraftRequest, Job, Worker
    from reponse_cli.env import Environment


class Format(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


class Responsibility(StrEnum):
    nous = "nous"
    partagee = "partagee"
    a_eclaircir = "a-eclaircir"
    client = "client"


def draft(
    ctx: typer.Context,
    playbook: Annotated[
        str | None,
        typer.Argument(
            metavar="[PLAYBOOK]", help="Id du playbook (ou fichier .yaml) ; sinon à choisir."
        ),
    ] = None,
    set_: Annotated[
        list[str] | None,
        typer.Option("--set", metavar="CLÉ=VALEUR", help="Une réponse (répétable)."),
    ] = None,
    answers: Annotated[
        Path | None,
        typer.Option(metavar="FICHIER", help="Réponses en YAML ou JSON (- : entrée standard)."),
    ] = None,
    solution: Annotated[
        list[str] | None,
        typer.Option("--solution", metavar="ID", help="Solution proposée (répétable)."),
    ] = None,
    responsibility: Annotated[
        Responsibility | None,
        typer.Option(help="Qui est responsable : choisit la formule d'excuse."),
    ] = None,
    no_input: Annotated[
        bool, typer.Option("--no-input", help="Ne rien demander : réponses et valeurs par défaut.")
    ] = False,
    fmt: Annotated[Format, typer.Option("--format", help="Format du brouillon.")] = Format.text,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FICHIER", help="Écrire le brouillon dans un fichier."
        ),
    ] = None,
    resume: Annotated[
        bool, typer.Option("--resume", help="Reprendre le brouillon interrompu.")
    ] = False,
    playbooks: PlaybooksOption = None,
    message: Annotated[
        str | None,
        typer.Option(
            "--message",
            "-m",
            metavar="FICHIER|-",
            help="Le message du client : propose le playbook, pré-remplit les faits, signale "
            "les menaces.",
        ),
    ] = None,
) -> None:
    """Rédiger une réponse : écouter, s'excuser, empathie, solutions, suivi."""
    run_draft(
        env_of(ctx),
        DraftOptions(
            playbook=playbook,
            sets=set_ or [],
            answers_file=answers,
            solutions=solution or [],
            responsibility=responsibility.value if responsibility else None,
            no_input=no_input,
            fmt=fmt.value,
            output=output,
            resume=resume,
            playbook_dirs=playbooks,
            message=message,
        ),
    )


INIT_TIP = (
    "Astuce : lancez « reponse init » pour signer vos réponses à votre nom "
    "(signature neutre en attendant).\n"
)


class DraftOptions(NamedTuple):
    """What the agent asked for on the command line."""

    playbook: str | None = None
    sets: list[str] = []  # noqa: RUF012 - a NamedTuple is never mutated
    answers_file: Path | None = None
    solutions: list[str] = []  # noqa: RUF012
    responsibility: str | None = None
    no_input: bool = False
    fmt: str = "text"
    output: Path | None = None
    resume: bool = False
    playbook_dirs: list[Path] | None = None
    message: str | None = None  # a file, or « - » for stdin


def run_draft(env: Environment, options: DraftOptions) -> None:
    from reponse_cli.drafting.preset import parse_sets, read_answers_file
    from reponse_cli.drafting.resume import ResumeStore
    from reponse_cli.drafting.worker import DraftRequest, Worker
    from reponse_cli.files.input import InputSpec, read_input
    from reponse_cli.playbooks.library import Library

    message = None
    if options.message is not None:
        spec = InputSpec(
            what="le message du client",
            example="reponse draft --message message.txt",
            empty="Rien à lire",
        )
        message, _ = read_input(env, options.message, spec)
    raw: dict[str, Any] = {}
    if options.answers_file is not None:
        raw.update(read_answers_file(env, options.answers_file))
    raw.update(parse_sets(options.sets))
    request = DraftRequest(
        playbook=options.playbook,
        answers=raw,
        solutions=list(options.solutions),
        responsibility=options.responsibility,
        message=message,
        state=ResumeStore(env).load() if options.resume else None,
    )
    worker = Worker(env, Library(env, options.playbook_dirs))
    if options.no_input:
        run_scripted(env, worker, request, options)
    else:
        run_interactive(env, worker, request, options)
    if not worker.config.exists:
        env.stderr.write(INIT_TIP)


def deliver(env: Environment, draft: Draft, options: DraftOptions) -> None:
    deliver_quietly(env, draft, options)
    if options.output is not None:
        env.stderr.write(f"Brouillon écrit dans {options.output}\n")


def deliver_quietly(env: Environment, draft: Draft, options: DraftOptions) -> None:
    from reponse_cli.delivery.formats import format_draft
    from reponse_cli.files.write import write_output

    write_output(format_draft(draft, options.fmt), options.output, env.stdout)


def run_scripted(
    env: Environment, worker: Worker, request: DraftRequest, options: DraftOptions
) -> None:
    job = worker.prepare(request)
    report_job(env, job)
    draft = worker.draft_job(job)
    report_rules_problem(env, worker)
    deliver(env, draft, options)
    if options.fmt != "json" and draft.check.get("findings"):
        # The draft alone on stdout; what the checker noticed, for the agent, on stderr.
        from reponse_cli.views.console import agent_console
        from reponse_cli.views.draft import show_findings

        show_findings(agent_console(env), draft.check)


def report_job(env: Environment, job: Job) -> None:
    """Warning signs go to the agent at once, and a playbook chosen from the message."""
    from reponse_cli.limits import MESSAGE_LIMIT, cut_notice

    if job.listening is not None and job.listening.truncated:
        env.stderr.write(cut_notice("le message", MESSAGE_LIMIT))
    if job.listening is not None and job.listening.second is not None:
        second = job.listening.second
        env.stderr.write(
            f"Le message parle aussi d'un autre problème : {second.title} ({second.playbook}) ; "
            "ce brouillon traite le premier, pensez à répondre au second.\n"
        )
    if job.listening is not None:
        for signal in job.listening.escalation:
            label = signal.as_json()["label"]
            env.stderr.write(f"Attention : {label} (« {signal.excerpt} »). {signal.guidance}\n")
    if job.chosen_from_message:
        env.stderr.write(f"Playbook choisi d'après le message : {job.composer.ref.id}\n")


def report_rules_problem(env: Environment, worker: Worker) -> None:
    if worker.rules_problem:
        env.stderr.write(
            f"Contrôle de ton impossible ({worker.rules_problem}) : brouillon non relu.\n"
        )


def run_interactive(
    env: Environment, worker: Worker, request: DraftRequest, options: DraftOptions
) -> None:
    from reponse_cli.drafting.interactive import Session

    def write(draft: Draft) -> None:
        if options.output is None:
            session.console.rule("[bold]Texte à copier")
        deliver_quietly(env, draft, options)
        if options.output is not None:
            session.console.print(f"Brouillon écrit dans {options.output}")

    target = f"l'écrire dans {options.output}" if options.output else "afficher le texte à copier"
    session = Session.open(env, worker, write, stdin=options.message == "-", target=target)
    session.run(request)
    report_rules_problem(env, worker)
