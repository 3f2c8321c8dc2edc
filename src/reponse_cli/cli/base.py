"""Command classes shared by every `reponse` command (kept apart to avoid import cycles)."""

from __future__ import annotations

from typing import Any

from typer.core import TyperCommand, TyperGroup

HELP_TEXT = "Affiche cette aide."


class FrenchHelp:
    """The `--help` option explained in French, like every other option."""

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP_TEXT
        return option


class ReponseCommand(FrenchHelp, TyperCommand):
    pass


class ReponseSubGroup(FrenchHelp, TyperGroup):
    pass
