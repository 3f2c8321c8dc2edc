"""The questionary asker: the flow's questions at a terminal, with a way back.

Every prompt runs with `unsafe_ask()`, so Ctrl-C reaches the command, which keeps the
answers for `--resume`. `input`/`output` are injectable: tests drive the real prompts
through prompt_toolkit's pipe input. The prompts themselves are `widgets.py`'s.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import msgspec
from questionary import Choice, Separator
from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from reponse_cli.drafting import widgets
from reponse_cli.drafting.flow import BACK, CUSTOM, Option, Prompt
from reponse_cli.errors import ReponseError
from reponse_cli.text.french import format_date, typography
from reponse_cli.views.console import print_indented

BACK_LABEL = "← Revenir à l'étape précédente"
SELECT_HINT = "(flèches puis Entrée)"
SEARCH_HINT = "(flèches puis Entrée ; tapez pour filtrer)"
CHECKBOX_HINT = "(Espace pour cocher, Entrée pour valider)"
STYLE = widgets.STYLE


def hanging(mark: str, text: str, style: str = "") -> Table:
    """« ☐ text », the text's wrapped lines aligned after the mark."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    grid.add_row(Text(mark, style=style), Text(text, style=style))
    return grid


def choices_of(options: list[Option]) -> list[Any]:
    """The flow's options as menu items; an option without a value is a heading."""
    return [
        Separator(f"── {option.label} ──")
        if option.value is None
        else Choice(title=option.label, value=option.value, disabled=option.disabled)
        for option in options
    ]


def typeset(prompt: Prompt) -> Prompt:
    """The question as the agent reads it, typeset as a reply is (« : » after a no-break
    space), whether the code or a merchant's playbook wrote it: only on screen, so that a
    scripted draft or a batch pays nothing for it."""
    options = [
        msgspec.structs.replace(
            option,
            label=typography(option.label),
            description=option.description and typography(option.description),
            disabled=option.disabled and typography(option.disabled),
        )
        for option in prompt.options
    ]
    return msgspec.structs.replace(
        prompt,
        message=typography(prompt.message),
        help=prompt.help and typography(prompt.help),
        options=options,
    )


def default_of(options: list[Option], value: Any) -> Any:
    """`value` when the agent may choose it, else nothing preselected."""
    for option in options:
        if option.value is not None and option.value == value and not option.disabled:
            return value
    return None


class QuestionaryAsker:
    previews = True

    def __init__(
        self,
        console: Console,
        input: Any = None,
        output: Any = None,
        editor: Callable[[str], str] | None = None,
    ) -> None:
        self.console = console
        self.editor = editor  # the agent's $EDITOR, for a paragraph; None: inline only
        self.io: dict[str, Any] = {}
        if input is not None:
            self.io["input"] = input
        if output is not None:
            self.io["output"] = output

    # --- display ---------------------------------------------------------------

    def step(self, number: int, title: str, guidance: list[str]) -> None:
        self.console.print()
        self.console.rule(f"[bold]Étape {number}/5 · {title}", align="left")
        for line in map(typography, guidance):
            if line.startswith("☐"):
                self.console.print(hanging("☐", line[1:].strip()))
            else:
                self.console.print(Text(line, style="dim"))

    def note(self, text: str, style: str = "dim") -> None:
        """A line of help, its wrapped lines aligned under its first."""
        print_indented(self.console, Text(text, style=style))

    def show(self, title: str, text: str) -> None:
        self.console.print(Panel(Text(text), title=title, title_align="left", expand=False))

    # --- questions ---------------------------------------------------------------

    def ask(self, prompt: Prompt) -> Any:
        prompt = typeset(prompt)
        if prompt.help:
            self.note(prompt.help)
        handler = getattr(self, f"_ask_{prompt.kind}")
        return handler(prompt)

    def _ask_text(self, prompt: Prompt, multiline: bool = False) -> Any:
        def validate(raw: str) -> bool | str:
            if prompt.parse is None:
                return True
            try:
                prompt.parse(raw)
            except ValueError as error:
                return str(error)
            return True

        raw = widgets.text(
            prompt.message
            + ("" if prompt.required or not prompt.optional_mark else " (facultatif)"),
            default=prompt.default or "",
            validate=validate,
            multiline=multiline,
            instruction=prompt.instruction,
            style=STYLE,
            **self.io,
        ).unsafe_ask()
        value = prompt.parse(raw) if prompt.parse else raw
        if isinstance(value, dt.date) and raw.strip() != value.strftime("%d/%m/%Y"):
            # « il y a 3 semaines », « lundi dernier »: the date it means, to check.
            self.note(f"→ {format_date(value, 'jour')} {value.year}")
        return value

    def _ask_multiline(self, prompt: Prompt) -> Any:
        return self._ask_text(prompt, multiline=True)

    def _ask_select(self, prompt: Prompt) -> Any:
        self._show_descriptions(prompt)
        choices = choices_of(prompt.options)
        actions = []
        if prompt.custom:
            choices.append(Choice(title=prompt.custom, value=CUSTOM))
        if prompt.back:
            choices.append(Choice(title=BACK_LABEL, value=BACK))
            actions.append(BACK)
        answer = widgets.menu(
            prompt.message,
            choices,
            default=default_of(prompt.options, prompt.default),
            search=prompt.search,
            instruction=prompt.instruction or (SEARCH_HINT if prompt.search else SELECT_HINT),
            actions=actions,
            style=STYLE,
            **self.io,
        ).unsafe_ask()
        if answer == CUSTOM:
            previous = prompt.default if isinstance(prompt.default, str) else ""
            return widgets.text(
                "Votre phrase", default=previous, style=STYLE, **self.io
            ).unsafe_ask()
        return answer

    def _show_descriptions(self, prompt: Prompt) -> None:
        """Long texts (apology variants, solution help) are shown in full above the menu."""
        for option in prompt.options:
            if option.description:
                line = Text(f"{option.label} : ", style="bold")
                line.append(option.description, style="")
                print_indented(self.console, line)

    def _ask_checkbox(self, prompt: Prompt) -> Any:
        defaults = set(prompt.default or [])
        self._show_descriptions(prompt)
        choices: list[Any] = [
            Separator(f"── {option.label} ──")
            if option.value is None
            else Choice(
                title=option.label,
                value=option.value,
                checked=option.value in defaults and not option.disabled,
                disabled=option.disabled,
            )
            for option in prompt.options
        ]
        actions = []
        if prompt.back:
            choices.append(Choice(title=BACK_LABEL, value=BACK))
            actions.append(BACK)

        def validate(selected: list[Any]) -> bool | str:
            if not prompt.required or selected:
                return True
            return "Choisissez au moins une option (Espace pour cocher)."

        answer = widgets.menu(
            prompt.message,
            choices,
            multiple=True,
            validate=validate,
            instruction=prompt.instruction or CHECKBOX_HINT,
            actions=actions,
            style=STYLE,
            **self.io,
        ).unsafe_ask()
        return BACK if BACK in answer else answer

    def _ask_edit(self, prompt: Prompt) -> Any:
        """A proposed text: keep it, edit it here or in $EDITOR, or write one's own."""
        proposed = prompt.default or ""
        self.show(prompt.message, proposed)
        choices: list[Any] = [
            Choice(title="Garder ce texte", value="keep"),
            Choice(title="Le modifier ici", value="inline"),
        ]
        if self.editor is not None:
            choices.append(Choice(title="Le modifier dans l'éditeur ($EDITOR)", value="editor"))
        choices.append(Choice(title="Écrire le mien", value="own"))
        actions = []
        if prompt.back:
            choices.append(Choice(title=BACK_LABEL, value=BACK))
            actions.append(BACK)
        action = widgets.menu(
            "Ce texte vous convient-il ?",
            choices,
            instruction=SELECT_HINT,
            actions=actions,
            style=STYLE,
            **self.io,
        ).unsafe_ask()
        if action in (BACK, "keep"):
            return BACK if action == BACK else proposed
        if action == "editor" and self.editor is not None:
            try:
                return self.editor(proposed).strip()
            except ReponseError as error:
                # No editor, or it failed: say so and edit here, nothing lost.
                self.console.print(Text(error.message, style="yellow"))
        return widgets.text(
            "Votre texte",
            default="" if action == "own" else proposed,
            instruction="(Entrée pour valider)",
            style=STYLE,
            **self.io,
        ).unsafe_ask()
