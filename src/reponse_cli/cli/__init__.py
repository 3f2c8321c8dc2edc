"""The `reponse` command: typer wiring, French errors, exit codes.

Only typer is imported here; each command imports what it needs when it runs, so
`reponse --help` stays as fast as typer itself. The environment is built once, here,
and handed to the commands through click's context object.
"""

from __future__ import annotations

import re
import sys
from typing import Any

import typer
from typer._click import exceptions as click_errors
from typer.core import TyperGroup

from reponse_cli.cli.base import FrenchHelp
from reponse_cli.env import Environment
from reponse_cli.errors import ExitStatus, ReponseError, did_you_mean, os_message


class ReponseGroup(FrenchHelp, TyperGroup):
    """Runs a command and turns every user error into one French message and an exit code.

    Its commands are built on demand (`COMMANDS`): the one invoked, not all of them.
    """

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, name: str) -> Any:
        if name not in self.commands and name in COMMANDS:
            self.commands[name] = build_command(name)
        return self.commands.get(name)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        rows = [(name, summary(name)) for name in COMMANDS]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def main(self, args: Any = None, prog_name: str | None = None, **extra: Any) -> Any:
        extra["standalone_mode"] = False
        # Tests hand over a function that builds their environment once the streams
        # are in place (CliRunner swaps sys.std* inside `main`).
        obj = extra.get("obj")
        env = obj() if callable(obj) else obj
        if not isinstance(env, Environment):
            env = Environment.from_process()
        extra["obj"] = env
        if env.get("_REPONSE_COMPLETE"):
            # The agent's shell asks for completions (`reponse completion`): typer answers,
            # in its shell's format, before any command runs.
            from reponse_cli.cli.completion import install_shells

            install_shells()
        try:
            code = super().main(args=args, prog_name=prog_name or "reponse", **extra)
        except click_errors.NoArgsIsHelpError as error:
            if error.ctx is not None and error.ctx.parent is None:
                # `reponse` alone: where to start, not the whole reference.
                env.stdout.write(START)
                sys.exit(ExitStatus.OK)
            env.stderr.write(error.format_message() + "\n")
            sys.exit(ExitStatus.USAGE)
        except click_errors.UsageError as error:
            report(env, usage_message(error), usage_hint(error))
            sys.exit(ExitStatus.USAGE)
        except ReponseError as error:
            if error.message:
                report(env, error.message, error.hint)
            sys.exit(error.exit_code)
        except typer.Abort:
            env.stderr.write("Interrompu.\n")
            sys.exit(ExitStatus.INTERRUPTED)
        except KeyboardInterrupt:
            env.stderr.write("\nInterrompu.\n")
            sys.exit(ExitStatus.INTERRUPTED)
        except BrokenPipeError:
            # The reader went away (`| head`): nothing more to say, to anyone.
            sys.exit(ExitStatus.IO)
        except OSError as error:
            # The disk is full, a file is locked…: the machine's doing, not a bug.
            report(env, f"lecture ou écriture impossible : {os_message(error)}.")
            sys.exit(ExitStatus.IO)
        except Exception as error:
            # A bug, not the agent's doing: one line, and the detail on demand.
            if env.debug:
                raise
            report(
                env,
                f"erreur inattendue ({type(error).__name__} : {error}).",
                "C'est un défaut de reponse, pas de votre fait : relancez avec REPONSE_DEBUG=1 "
                "pour le détail et signalez-le.",
            )
            sys.exit(ExitStatus.INTERNAL)
        sys.exit(code if isinstance(code, int) else ExitStatus.OK)


START = """\
reponse — répondre à un client mécontent : écouter, s'excuser, faire preuve d'empathie,
proposer des solutions, assurer le suivi.

Par où commencer :
  reponse init                      une fois : votre nom, votre entreprise, votre signature
  reponse listen message.txt        lire le message du client : le bon playbook, les faits,
                                    les signaux d'alerte (ou collez-le : reponse listen)
  reponse draft --message message.txt
                                    rédiger la réponse pas à pas, les faits déjà remplis

Ensuite : reponse check pour relire une réponse écrite à la main, reponse playbooks list
pour voir les situations prévues. Toutes les commandes : reponse --help
"""


def report(env: Environment, message: str, hint: str | None = None) -> None:
    lines = message.splitlines() or [""]
    env.stderr.write(f"Erreur : {lines[0]}\n")
    for line in lines[1:]:
        env.stderr.write(f"{line}\n")
    if hint:
        env.stderr.write(f"{hint}\n")


def usage_hint(error: click_errors.UsageError) -> str | None:
    if error.ctx is None:
        return None
    return f"Aide : {error.ctx.command_path} --help"


def _param_name(error: click_errors.BadParameter) -> str:
    param = getattr(error, "param", None)
    if param is not None:
        opts = getattr(param, "opts", None) or [param.name or ""]
        return opts[0] if getattr(param, "param_type_name", "") == "option" else (param.name or "")
    hint = getattr(error, "param_hint", None)
    return str(hint).strip("'") if hint else ""


def usage_message(error: click_errors.UsageError) -> str:
    """Click's English usage errors, in French."""
    message = error.message
    if isinstance(error, click_errors.NoSuchOption):
        known = list(error.possibilities or [])
        if not known and error.ctx is not None:
            known = [o for p in error.ctx.command.params for o in getattr(p, "opts", [])]
        return f"option inconnue : {error.option_name}.{did_you_mean(error.option_name, known)}"
    if isinstance(error, click_errors.MissingParameter):
        return f"valeur manquante : {_param_name(error)}"
    if isinstance(error, click_errors.BadParameter):
        name = _param_name(error)
        message = message.removeprefix("Value error, ")
        if m := re.match(r"'(.*)' is not one of (.*)\.$", message):
            allowed = ", ".join(re.findall(r"'([^']*)'", m[2]))
            return f"« {m[1]} » n'est pas une valeur possible pour {name} ({allowed})"
        if m := re.match(r"'(.*)' is not a valid (\w+)", message):
            return f"« {m[1]} » n'est pas valable pour {name}"
        if m := re.match(r"(File|Path|Directory) '(.*)' does not exist", message):
            return f"{name} : « {m[2]} » est introuvable"
        return f"valeur invalide pour {name} : {message}"
    if m := re.match(r"Option '(.*)' requires an argument", message):
        return f"l'option {m[1]} attend une valeur"
    if m := re.match(r"No such command '([^']*)'", message):
        command = error.ctx.command if error.ctx else None
        known = list(command.list_commands(error.ctx)) if command is not None else []
        return f"commande inconnue : « {m[1]} ».{did_you_mean(m[1], known)}"
    if m := re.match(r"Got unexpected extra argument(?:s|\(s\))? \((.*)\)", message):
        return f"argument en trop : {m[1]}"
    if message.startswith("Missing command"):
        return "il manque la commande (draft, playbooks, init…)"
    return message


app = typer.Typer(
    name="reponse",
    cls=ReponseGroup,
    help="Répondre à un client mécontent : écouter, s'excuser, faire preuve d'empathie, "
    "proposer des solutions, assurer le suivi.",
    rich_markup_mode=None,
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from reponse_cli import __version__

        typer.echo(f"reponse {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Affiche la version."
    ),
) -> None:
    """Répondre à un client mécontent, en cinq étapes, avec des playbooks YAML."""


# Every command, in the order `reponse --help` lists them: the module under cli/, the
# function (or sub-application) and the click class. Only the one invoked is built: typer
# reads every parameter of a command to build it, which costs more than typer's import.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "listen": ("listen", "listen", "ReponseCommand"),
    "draft": ("draft", "draft", "DraftCommand"),
    "check": ("check", "check", "ReponseCommand"),
    "lot": ("lot", "lot", "ReponseCommand"),
    "suivi": ("suivi", "app", "ReponseSubGroup"),
    "dossiers": ("dossiers", "app", "ReponseSubGroup"),
    "bilan": ("bilan", "bilan", "ReponseCommand"),
    "playbooks": ("playbooks", "app", "ReponseSubGroup"),
    "init": ("init", "init", "ReponseCommand"),
    "completion": ("completion", "completion", "ReponseCommand"),
}


def _target(name: str) -> tuple[Any, type]:
    import importlib

    from reponse_cli.cli import base

    module_name, attribute, class_name = COMMANDS[name]
    module = importlib.import_module(f"reponse_cli.cli.{module_name}")
    cls = getattr(module, class_name, None) or getattr(base, class_name)
    return getattr(module, attribute), cls


def build_command(name: str) -> Any:
    """The click command `name`, registered exactly as on the root application."""
    import typer.main

    target, cls = _target(name)
    holder = typer.Typer(rich_markup_mode=None, add_completion=False)
    holder.callback()(lambda: None)
    if isinstance(target, typer.Typer):
        holder.add_typer(target, name=name, cls=cls)
    else:
        holder.command(name, cls=cls)(target)
    return typer.main.get_command(holder).commands[name]  # type: ignore[attr-defined]


def summary(name: str) -> str:
    """The line `reponse --help` shows for a command, without building it."""
    target, _ = _target(name)
    text = target.info.help if isinstance(target, typer.Typer) else target.__doc__
    first = (text or "").strip().split("\n\n")[0]
    return " ".join(first.split())


def main() -> None:
    app()
