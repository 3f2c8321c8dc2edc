"""`reponse completion`: the script that teaches the agent's shell to complete reponse.

Typer writes the scripts and answers the shell (`_REPONSE_COMPLETE`); commands, options,
playbook ids and dossier numbers come with their French help. The script is printed,
never written into a startup file behind the agent's back: the help says where it goes.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from reponse_cli.cli.options import env_of
from reponse_cli.errors import ReponseError

PROG = "reponse"
COMPLETE_VAR = "_REPONSE_COMPLETE"


class Shell(StrEnum):
    bash = "bash"
    zsh = "zsh"
    fish = "fish"
    powershell = "powershell"


# Where each script goes, for the agent to read after it.
INSTALL = {
    Shell.bash: "reponse completion bash > ~/.local/share/bash-completion/completions/reponse",
    Shell.zsh: 'reponse completion zsh > "${fpath[1]}/_reponse"   (puis : exec zsh)',
    Shell.fish: "reponse completion fish > ~/.config/fish/completions/reponse.fish",
    Shell.powershell: "reponse completion powershell >> $PROFILE",
}


def install_shells() -> None:
    """Typer's completion classes, with help texts as a shell shows them: on one line and
    short (typer renders them with Rich, which wraps them at 80 columns, inside the
    shell's menu)."""
    from typer._click.shell_completion import CompletionItem, add_completion_class
    from typer._completion_classes import (
        FishComplete,
        PowerShellComplete,
        ZshComplete,
        completion_init,
    )

    completion_init()

    class Zsh(ZshComplete):
        def format_completion(self, item: CompletionItem) -> str:
            def escape(text: str) -> str:
                return (
                    text.replace('"', '""')
                    .replace("'", "''")
                    .replace("$", "\\$")
                    .replace("`", "\\`")
                    .replace(":", r"\\:")
                )

            if item.help:
                return f'"{escape(item.value)}":"{escape(one_line(item.help))}"'
            return f'"{escape(item.value)}"'

    class Fish(FishComplete):
        def format_completion(self, item: CompletionItem) -> str:
            return f"{item.value}\t{one_line(item.help)}" if item.help else f"{item.value}"

    class PowerShell(PowerShellComplete):
        def format_completion(self, item: CompletionItem) -> str:
            return f"{item.value}:::{one_line(item.help) if item.help else ' '}"

    add_completion_class(Zsh, "zsh")
    add_completion_class(Fish, "fish")
    add_completion_class(PowerShell, "powershell")
    add_completion_class(PowerShell, "pwsh")


def one_line(text: str, limit: int = 72) -> str:
    """A help text on one line, cut at a word before `limit` characters."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def completion(
    ctx: typer.Context,
    shell: Annotated[
        Shell | None,
        typer.Argument(
            metavar="[bash|zsh|fish|powershell]",
            help="Votre shell ; sinon celui de $SHELL.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Afficher le script de complétion de votre shell : commandes, options, playbooks, dossiers.

    Tab complète alors les commandes, les options, les ids de playbooks et les numéros
    de dossiers, avec leur aide en français. Pour l'installer, une fois pour toutes :

      bash : reponse completion bash > ~/.local/share/bash-completion/completions/reponse
      zsh  : reponse completion zsh > "${fpath[1]}/_reponse"
      fish : reponse completion fish > ~/.config/fish/completions/reponse.fish
      PowerShell : reponse completion powershell >> $PROFILE

    Ou, pour la session en cours seulement (bash, zsh) : eval "$(reponse completion)".
    """
    from typer._completion_shared import get_completion_script

    env = env_of(ctx)
    if shell is None:
        name = (env.get("SHELL") or "").rsplit("/", 1)[-1]
        if name not in Shell.__members__:
            raise ReponseError(
                "Indiquez votre shell : reponse completion bash (ou zsh, fish, powershell).",
                hint=f"$SHELL ne le dit pas{f' (« {name} »)' if name else ''}.",
            )
        shell = Shell(name)
    script = get_completion_script(prog_name=PROG, complete_var=COMPLETE_VAR, shell=shell.value)
    env.stdout.write(script + "\n")
    if env.stdout_isatty:
        env.stderr.write(f"Pour l'installer\u00a0: {INSTALL[shell]}\n")
