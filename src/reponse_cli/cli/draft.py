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

from reponse_cli.cli.base import ReponseCommand
from reponse_cli.cli.options import (
    PlaybooksOption,
    complete_dossiers,
    complete_playbooks,
    env_of,
)

if TYPE_CHECKING:
    from reponse_cli.drafting.compose import Draft
    from reponse_cli.drafting.resume import ResumeEntry
    from reponse_cli.drafting.worker import DraftRequest, Job, Worker
    from reponse_cli.env import Environment
    from reponse_cli.history.recording import Recorder
    from reponse_cli.listening.mail import Mail


class Format(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"
    eml = "eml"
    mailto = "mailto"


COPY_PARTS = {"subject": "subject", "objet": "subject", "body": "body", "texte": "body"}


class DraftCommand(ReponseCommand):
    """`--copy` alone copies the body, `--copy subject` the subject (click options have
    no optional value: the pair is read here as the hidden `--copy-subject`)."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        rewritten: list[str] = []
        index = 0
        while index < len(args):
            arg = args[index]
            following = args[index + 1] if index + 1 < len(args) else None
            if arg == "--copy" and following in COPY_PARTS:
                rewritten.append("--copy-subject" if COPY_PARTS[following] == "subject" else arg)
                index += 2
                continue
            if arg.startswith("--copy=") and arg[7:] in COPY_PARTS:
                rewritten.append("--copy-subject" if COPY_PARTS[arg[7:]] == "subject" else "--copy")
            else:
                rewritten.append(arg)
            index += 1
        return super().parse_args(ctx, rewritten)


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
            metavar="[PLAYBOOK]",
            help="Id du playbook (ou fichier .yaml) ; sinon à choisir.",
            autocompletion=complete_playbooks,
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
        typer.Option(help="Qui est responsable : choisit la formule d'excuse."),
    ] = None,
    no_input: Annotated[
        bool, typer.Option("--no-input", help="Ne rien demander : réponses et valeurs par défaut.")
    ] = False,
    fmt: Annotated[
        Format | None,
        typer.Option(
            "--format",
            help="Format du brouillon : text, markdown, json, eml (un e-mail à ouvrir et "
            "envoyer), mailto (un lien) ; par défaut, d'après --output (.eml, .json, .md).",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FICHIER",
            help="Écrire le brouillon dans un fichier (reponse.eml : un e-mail prêt à envoyer).",
        ),
    ] = None,
    body_only: Annotated[
        bool,
        typer.Option("--body-only", help="Le texte seul, sans la ligne « Objet : »."),
    ] = False,
    copy: Annotated[
        bool,
        typer.Option(
            "--copy",
            help="Copier le texte dans le presse-papiers (--copy subject : l'objet).",
        ),
    ] = False,
    copy_subject: Annotated[
        bool, typer.Option("--copy-subject", hidden=True, help="Copier l'objet.")
    ] = False,
    edit: Annotated[
        bool,
        typer.Option(
            "--edit",
            help="Ouvrir le brouillon dans votre éditeur ($VISUAL, $EDITOR) ; le contrôle "
            "relit votre texte.",
        ),
    ] = False,
    html: Annotated[
        bool,
        typer.Option("--html", help="Avec --format eml : ajouter une version HTML du texte."),
    ] = False,
    resume: Annotated[
        bool,
        typer.Option(
            "--resume",
            help="Reprendre un brouillon interrompu (le choisir s'il y en a plusieurs, "
            "le plus récent en tête).",
        ),
    ] = False,
    playbooks: PlaybooksOption = None,
    message: Annotated[
        str | None,
        typer.Option(
            "--message",
            "-m",
            metavar="FICHIER|-",
            help="Le message du client (texte ou e-mail .eml) : propose le playbook, pré-remplit "
            "les faits, signale les menaces ; la réponse rejoint son fil.",
        ),
    ] = None,
    dossier: Annotated[
        int | None,
        typer.Option(
            "--dossier",
            metavar="ID",
            help="Nouvelle réponse dans ce dossier (le client a répondu) : réponses pré-remplies.",
            autocompletion=complete_dossiers,
        ),
    ] = None,
    no_record: Annotated[
        bool, typer.Option("--no-record", help="Ne pas enregistrer le brouillon dans un dossier.")
    ] = False,
    keep_message: Annotated[
        bool,
        typer.Option(
            "--keep-message",
            help="Garder le message du client dans le dossier (donnée personnelle : seulement "
            "si utile).",
        ),
    ] = False,
) -> None:
    """Rédiger une réponse : écouter, s'excuser, empathie, solutions, suivi."""
    run_draft(
        env_of(ctx),
        DraftOptions(
            playbook=playbook,
            sets=set_ or [],
            answers_file=answers,
            solutions=solution or [],
            responsibility=responsibility.value if responsibility else None,
            no_input=no_input,
            fmt=fmt.value if fmt is not None else None,
            output=output,
            resume=resume,
            playbook_dirs=playbooks,
            message=message,
            body_only=body_only,
            copy="subject" if copy_subject else "body" if copy else None,
            edit=edit,
            html=html,
            dossier=dossier,
            record=not no_record,
            keep_message=keep_message,
        ),
    )


INIT_TIP = (
    "Astuce : lancez « reponse init » pour signer vos réponses à votre nom "
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
    fmt: str | None = None  # None: from the output file's name, else text
    output: Path | None = None
    resume: bool = False
    playbook_dirs: list[Path] | None = None
    message: str | None = None  # a file (text or .eml), or « - » for stdin
    body_only: bool = False
    copy: str | None = None  # "body" or "subject"
    edit: bool = False
    html: bool = False
    dossier: int | None = None  # a new reply in this dossier
    record: bool = True
    keep_message: bool = False

    @property
    def format(self) -> str:
        from reponse_cli.delivery.formats import format_for

        return self.fmt or format_for(self.output)


def check_options(options: DraftOptions) -> None:
    from reponse_cli.delivery.formats import WITH_SUBJECT_LINE
    from reponse_cli.errors import ReponseError

    if options.body_only and options.format not in WITH_SUBJECT_LINE:
        raise ReponseError(
            f"--body-only retire la ligne « Objet » des formats text et markdown ; le format "
            f"{options.format} garde déjà l'objet à part."
        )
    if options.html and options.format != "eml":
        raise ReponseError(
            "--html ajoute une version HTML à un e-mail : avec --format eml "
            "(ou --output reponse.eml)."
        )


def run_draft(env: Environment, options: DraftOptions) -> None:
    from reponse_cli.drafting.preset import parse_sets, read_answers_file
    from reponse_cli.drafting.resume import ResumeStore, candidates, describe
    from reponse_cli.drafting.worker import DraftRequest, Worker
    from reponse_cli.files.input import InputSpec, read_input_bytes
    from reponse_cli.listening.mail import parse_message
    from reponse_cli.playbooks.library import Library

    check_options(options)
    mail = None
    if options.message is not None:
        spec = InputSpec(
            what="le message du client",
            command="reponse draft --message",
            example_file="message.eml",
            empty="Rien à lire",
        )
        mail = parse_message(*read_input_bytes(env, options.message, spec))
    raw: dict[str, Any] = {}
    if options.answers_file is not None:
        raw.update(read_answers_file(env, options.answers_file))
    raw.update(parse_sets(options.sets))
    request = DraftRequest(
        playbook=options.playbook,
        answers=raw,
        solutions=list(options.solutions),
        responsibility=options.responsibility,
        message=mail,
    )
    if mail is not None:
        request.email = mail.address
        request.customer_name = mail.name
        request.in_reply_to = mail.message_id
        request.references = list(mail.references)
        request.thread_subject = mail.subject
    store = ResumeStore(env)
    entries = candidates(store, options.playbook) if options.resume else []
    for path in store.unreadable if options.resume else []:
        env.stderr.write(f"Brouillon interrompu illisible, laissé de côté : {path}\n")
    worker = Worker(env, Library(env, options.playbook_dirs))
    if options.dossier is not None and not entries:
        from reponse_cli.history.recording import reply_state

        request.state = reply_state(env, worker.config, options.dossier, options.playbook)
    recorder = None
    if options.record:
        from reponse_cli.history.recording import Recorder

        recorder = Recorder(env, worker.config, request, options.dossier, options.keep_message)
    if options.no_input:
        if entries:
            # Without a terminal to choose on, the newest; the agent is told which.
            if len(entries) > 1:
                env.stderr.write(
                    f"{len(entries)} brouillons interrompus : je reprends le plus récent "
                    f"({describe(entries[0])}).\n"
                )
            request.state = entries[0].state
        run_scripted(env, worker, request, options, recorder)
        if entries:
            ResumeStore(env, slot=entries[0].path).clear()
    else:
        run_interactive(env, worker, request, options, mail, entries, recorder)
    if not worker.config.exists:
        env.stderr.write(INIT_TIP)


def deliver(env: Environment, worker: Worker, draft: Draft, options: DraftOptions) -> None:
    deliver_quietly(env, worker, draft, options)
    if options.output is not None:
        env.stderr.write(f"Brouillon écrit dans {options.output}\n")


def deliver_quietly(env: Environment, worker: Worker, draft: Draft, options: DraftOptions) -> None:
    from reponse_cli.delivery.eml import sender
    from reponse_cli.delivery.formats import format_draft
    from reponse_cli.delivery.mailto import SAFE_LENGTH
    from reponse_cli.files.write import write_output

    fmt = options.format
    text = format_draft(
        draft,
        fmt,
        body_only=options.body_only,
        from_=sender(worker.config) if fmt == "eml" else None,
        date=env.now() if fmt == "eml" else None,
        with_html=options.html,
    )
    write_output(text, options.output, env.stdout)
    if fmt == "mailto" and len(text) > SAFE_LENGTH:
        env.stderr.write(
            f"Attention : lien de {len(text)} caractères ; certains logiciels de messagerie "
            "coupent au-delà de 2 000. Préférez --format eml.\n"
        )


def shown_plainly(env: Environment, options: DraftOptions) -> bool:
    """Is the draft's body on the agent's screen as plain text (so no need to repeat it)?"""
    return options.output is None and options.format in ("text", "markdown") and env.stdout_isatty


def copy_draft(env: Environment, draft: Draft, options: DraftOptions) -> None:
    if options.copy is None:
        return
    from reponse_cli.delivery.clipboard import copy_text
    from reponse_cli.views.console import agent_console
    from reponse_cli.views.draft import show_copied

    text, what = (draft.subject, "Objet") if options.copy == "subject" else (draft.text, "Texte")
    show_copied(
        agent_console(env), copy_text(env, text), what, text, printed=shown_plainly(env, options)
    )


def run_scripted(
    env: Environment,
    worker: Worker,
    request: DraftRequest,
    options: DraftOptions,
    recorder: Recorder | None = None,
) -> None:
    from reponse_cli.errors import ReponseError

    job = worker.prepare(request)
    report_job(env, job)
    draft = worker.draft_job(job)
    report_rules_problem(env, worker)
    if options.edit:
        from reponse_cli.delivery.rewrite import edit_draft

        draft = edit_draft(env, draft, lambda text: worker.check(text).as_json())
    failure = None
    if recorder is not None:
        try:
            env.stderr.write(recorder.record(draft).sentence() + "\n")
        except ReponseError as error:
            draft.extra["dossier"] = None
            failure = error
    deliver(env, worker, draft, options)
    copy_draft(env, draft, options)
    if options.format != "json" and draft.check.get("findings"):
        # The draft alone on stdout; what the checker noticed, for the agent, on stderr.
        from reponse_cli.views.console import agent_console
        from reponse_cli.views.draft import show_findings

        show_findings(agent_console(env), draft.check)
    if failure is not None:
        # The draft is out; the agent is told it is not in the history.
        failure.message = f"brouillon non enregistré dans l'historique — {failure.message}"
        raise failure


def report_job(env: Environment, job: Job) -> None:
    """Warning signs go to the agent at once, and a playbook chosen from the message."""
    from reponse_cli.limits import MESSAGE_LIMIT, cut_notice

    if job.listening is not None and job.listening.truncated:
        env.stderr.write(cut_notice("le message", MESSAGE_LIMIT))
    if job.listening is not None and job.listening.second is not None:
        second = job.listening.second
        env.stderr.write(
            f"Le message parle aussi d'un autre problème : {second.title} ({second.playbook}) ; "
            "ce brouillon traite le premier, pensez à répondre au second.\n"
        )
    if job.listening is not None:
        for signal in job.listening.escalation:
            label = signal.heading()
            env.stderr.write(f"Attention : {label} (« {signal.excerpt} »). {signal.guidance}\n")
    if job.chosen_from_message:
        env.stderr.write(f"Playbook choisi d'après le message : {job.composer.ref.id}\n")


def report_rules_problem(env: Environment, worker: Worker) -> None:
    if worker.rules_problem:
        env.stderr.write(
            f"Contrôle de ton impossible ({worker.rules_problem}) : brouillon non relu.\n"
        )


def run_interactive(
    env: Environment,
    worker: Worker,
    request: DraftRequest,
    options: DraftOptions,
    mail: Mail | None = None,
    entries: list[ResumeEntry] | None = None,
    recorder: Recorder | None = None,
) -> None:
    from reponse_cli.drafting.interactive import SHOW_TARGET, Session

    def write(draft: Draft) -> None:
        if options.output is None:
            session.console.rule("[bold]Texte à copier")
        deliver_quietly(env, worker, draft, options)
        if options.output is not None:
            session.console.print(f"Brouillon écrit dans {options.output}")

    target = f"l'écrire dans {options.output}" if options.output else SHOW_TARGET
    session = Session.open(
        env,
        worker,
        write,
        stdin=options.message == "-",
        target=target,
        copy=options.copy,
        edit=options.edit,
        recorder=recorder,
    )
    session.run(request, mail, entries or [])
    report_rules_problem(env, worker)
