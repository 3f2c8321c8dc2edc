"""The questionary asker: the flow's questions at a terminal, with a way back.

Every prompt runs with `unsafe_ask()`, so Ctrl-C reaches the command, which keeps the
answers for `--resume`. `input`/`output` are injectable: tests drive the real prompts
through prompt_toolkit's pipe input.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import questionary
from questionary import Choice, Separator
from rich.console import Console
from rich.panel import Panel
from rich.text import Text

from reponse_cli.drafting.flow import BACK, CUSTOM, Prompt
from reponse_cli.errors import ReponseError

BACK_LABEL = "← Revenir à l'étape précédente"
SELECT_HINT = "(flèches puis Entrée)"
SEARCH_HINT = "(flèches puis Entrée ; tapez pour filtrer)"
STYLE = questionary.Style(
    [
        ("qmark", "fg:#5f87af bold"),
        ("question", "bold"),
        ("answer", "fg:#5f8700 bold"),
        ("pointer", "fg:#5f87af bold"),
        ("highlighted", "fg:#5f87af bold"),
        ("instruction", "fg:#808080 italic"),
    ]
)


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
        for line in guidance:
            self.console.print(Text(line, style="dim" if not line.startswith("☐") else ""))

    def show(self, title: str, text: str) -> None:
        self.console.print(Panel(Text(text), title=title, title_align="left", expand=False))

    # --- questions ---------------------------------------------------------------

    def ask(self, prompt: Prompt) -> Any:
        if prompt.help:
            self.console.print(Text(f"  {prompt.help}", style="dim"))
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

        instruction = prompt.instruction or (
            "(Échap puis Entrée pour valider)" if multiline else None
        )
        raw = questionary.text(
            prompt.message
            + ("" if prompt.required or not prompt.optional_mark else " (facultatif)"),
            default=prompt.default or "",
            validate=validate,
            multiline=multiline,
            instruction=instruction,
            style=STYLE,
            **self.io,
        ).unsafe_ask()
        return prompt.parse(raw) if prompt.parse else raw

    def _ask_multiline(self, prompt: Prompt) -> Any:
        return self._ask_text(prompt, multiline=True)

    def _ask_select(self, prompt: Prompt) -> Any:
        self._show_descriptions(prompt)
        choices: list[Any] = [
            Separator(f"── {option.label} ──")
            if option.value is None
            else Choice(title=option.label, value=option.value, disabled=option.disabled)
            for option in prompt.options
        ]
        if prompt.custom:
            choices.append(Choice(title=prompt.custom, value=CUSTOM))
        if prompt.back:
            choices += [Separator(), Choice(title=BACK_LABEL, value=BACK)]
        default = next((c for c in choices if getattr(c, "value", None) == prompt.default), None)
        answer = questionary.select(
            prompt.message,
            choices=choices,
            default=default,
            use_search_filter=prompt.search,
            use_jk_keys=not prompt.search,
            instruction=prompt.instruction or (SEARCH_HINT if prompt.search else SELECT_HINT),
            style=STYLE,
            **self.io,
        ).unsafe_ask()
        if answer == CUSTOM:
            previous = prompt.default if isinstance(prompt.default, str) else ""
            return questionary.text(
                "Votre phrase", default=previous, style=STYLE, **self.io
            ).unsafe_ask()
        return answer

    def _show_descriptions(self, prompt: Prompt) -> None:
        """Long texts (apology variants, solution help) are shown in full above the menu."""
        for option in prompt.options:
            if option.description:
                line = Text(f"  {option.label} : ", style="bold")
                line.append(option.description, style="")
                self.console.print(line)

    def _ask_checkbox(self, prompt: Prompt) -> Any:
        defaults = set(prompt.default or [])
        self._show_descriptions(prompt)
        choices: list[Any] = [
            Choice(
                title=option.label,
                value=option.value,
                checked=option.value in defaults and not option.disabled,
                disabled=option.disabled,
            )
            for option in prompt.options
        ]
        if prompt.back:
            choices += [Separator(), Choice(title=BACK_LABEL, value=BACK)]

        def validate(selected: list[Any]) -> bool | str:
            if BACK in selected or not prompt.required or selected:
                return True
            return "Choisissez au moins une option (Espace pour cocher)."

        answer = questionary.checkbox(
            prompt.message,
            choices=choices,
            validate=validate,
            instruction="(Espace pour cocher, Entrée pour valider)",
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
        if prompt.back:
            choices += [Separator(), Choice(title=BACK_LABEL, value=BACK)]
        action = questionary.select(
            "Ce texte vous convient-il ?",
            choices=choices,
            instruction=SELECT_HINT,
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
        return questionary.text(
            "Votre texte",
            default="" if action == "own" else proposed,
            instruction="(Entrée pour valider)",
            style=STYLE,
            **self.io,
        ).unsafe_ask()
