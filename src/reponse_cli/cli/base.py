"""Command classes shared by every `reponse` command (kept apart to avoid import cycles).

They put click's help in French: the usage line, the section titles, the defaults and
« required » (typer takes those words from `gettext`, which knows no French here).
"""

from __future__ import annotations

from typing import Any

import typer.core
from typer._click.core import Context
from typer._click.formatting import HelpFormatter
from typer.core import TyperCommand, TyperGroup

HELP_TEXT = "Affiche cette aide."
USAGE_PREFIX = "Utilisation : "
OPTIONS_METAVAR = "[OPTIONS]"
SUBCOMMAND_METAVAR = "COMMANDE [ARGUMENTS]…"

# The words typer writes into a help screen (its usage errors are put in French, with
# a suggestion, by `usage_message`).
FRENCH = {
    "Arguments": "Arguments",
    "Options": "Options",
    "Commands": "Commandes",
    "default: {default}": "par défaut : {default}",
    "required": "obligatoire",
    "env var: {var}": "variable d'environnement : {var}",
    "(dynamic)": "(calculée)",
    "Aborted!": "Interrompu.",
}


def french(message: str) -> str:
    return FRENCH.get(message, message)


typer.core._ = french  # type: ignore[attr-defined]


class FrenchFormatter(HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, USAGE_PREFIX if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        # « Options : » — French puts a space before the colon.
        self.write(f"{'':>{self.current_indent}}{french(heading)}\u00a0:\n")


class FrenchContext(Context):
    formatter_class = FrenchFormatter


class FrenchHelp:
    """Help in French: `--help` explained like every other option, French headings."""

    context_class = FrenchContext

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        if getattr(self, "options_metavar", None) == "[OPTIONS]":
            self.options_metavar = OPTIONS_METAVAR
        if getattr(self, "subcommand_metavar", None) == "COMMAND [ARGS]...":
            self.subcommand_metavar = SUBCOMMAND_METAVAR

    def get_short_help_str(self, limit: int = 45) -> str:
        """The first sentence of the help, whole: a command list cut short says nothing."""
        if getattr(self, "short_help", None):
            return str(self.short_help)
        first = (getattr(self, "help", None) or "").strip().split("\n\n")[0]
        return " ".join(first.split())

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP_TEXT
        return option


class ReponseCommand(FrenchHelp, TyperCommand):
    pass


class ReponseSubGroup(FrenchHelp, TyperGroup):
    pass
