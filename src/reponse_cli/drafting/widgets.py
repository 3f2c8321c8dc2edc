"""The prompts an agent answers, fitted to a French terminal.

questionary's menu control and layout, and prompt_toolkit's sessions, do the work;
what they leave out is here: French everywhere (a checkbox ends on the chosen labels,
not « done (2 selections) »), long choices and questions wrapped at word boundaries
instead of cut or split mid-word, the filter typed into a long list shown on the
question's line (the list may be taller than the screen), « ← Revenir » an action set
apart rather than one more box to tick, the validation message next to the question,
whole, and a paste box whose lines wrap at word boundaries, aligned under each other.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Collection, Sequence
from typing import Any

from prompt_toolkit import PromptSession
from prompt_toolkit.application import Application, get_app
from prompt_toolkit.document import Document
from prompt_toolkit.filters import to_filter
from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.keys import Keys
from prompt_toolkit.layout.controls import FormattedTextControl
from prompt_toolkit.layout.processors import Processor, Transformation, TransformationInput
from prompt_toolkit.lexers import SimpleLexer
from prompt_toolkit.output import create_output
from prompt_toolkit.styles import BaseStyle, Style
from prompt_toolkit.utils import get_cwidth
from prompt_toolkit.validation import ValidationError, Validator
from questionary import Choice, Separator
from questionary.prompts.common import InquirerControl, create_inquirer_layout
from questionary.question import Question
from questionary.styles import merge_styles_default

from reponse_cli.env import Environment
from reponse_cli.files.input import InputSpec, paste_command
from reponse_cli.text.fold import fold
from reponse_cli.text.french import NBSP

POINTER = "»"
CHECKED, UNCHECKED = "●", "○"
INDENT = "  "  # where an answer on its own line, and every wrapped line, starts
MULTILINE_HINT = "(Échap puis Entrée pour valider)"
# An answer longer than this is edited on its own line, under the question.
LONG_ANSWER = 40
STYLE = Style(
    [
        ("qmark", "fg:#5f87af bold"),
        ("question", "bold"),
        ("answer", "fg:#5f8700 bold"),
        ("pointer", "fg:#5f87af bold"),
        ("highlighted", "fg:#5f87af bold"),
        ("selected", "fg:#5f8700"),
        ("separator", "fg:#808080"),
        ("disabled", "fg:#808080 italic"),
        ("instruction", "fg:#808080 italic"),
        ("validation-toolbar", "fg:#d70000 bold"),
    ]
)

Validate = Callable[[Any], "bool | str"]


def columns() -> int:
    """The width of the terminal the running prompt draws on (80 without one)."""
    try:
        return max(20, get_app().output.get_size().columns)
    except Exception:  # no application running: a sensible width
        return 80


# --- wrapping at word boundaries -----------------------------------------------------------


def wrap_fragments(
    fragments: StyleAndTextTuples, width: int, indent: str = INDENT, start: int = 0
) -> Any:
    """Styled text with a line break (then `indent`) at the last space before each edge.

    prompt_toolkit wraps a line at the very column it reaches, splitting words; this
    breaks lines where a person would. `start` is the column the text begins at. A word
    longer than a line is left to the terminal.
    """
    chars: list[tuple[str, str]] = [(style, char) for style, text, *_ in fragments for char in text]
    column, space = start, -1  # the column reached; the index of the last space on the line
    for index, (_style, char) in enumerate(chars):
        if char == "\n":
            column, space = 0, -1
            continue
        column += get_cwidth(char)
        if char == " ":
            space = index
        if column > width and space >= 0:
            chars[space] = (chars[space][0], "\n" + indent)
            column = len(indent) + sum(get_cwidth(c) for _, c in chars[space + 1 : index + 1])
            space = -1
    return chars


class WordWrap(Processor):
    """Soft-wraps a buffer's lines at word boundaries, for display only.

    The window wraps at its edge, mid-word; this pads the space where a row should end
    with the columns left on it, so the window's own wrapping falls between two words.
    The text itself is untouched: the padding exists only on screen.
    """

    def __init__(self, margin: int = len(INDENT)) -> None:
        self.margin = margin  # the width of the prompt (or continuation) on every row

    def apply_transformation(self, ti: TransformationInput) -> Transformation:
        width = ti.width - self.margin
        chars = [(style, char) for style, text, *_ in ti.fragments for char in text]
        if width < 10 or sum(get_cwidth(c) for _, c in chars) <= width:
            return Transformation(ti.fragments)
        out: list[tuple[str, str]] = []
        where: list[int] = []  # the display index of each source character
        column = 0  # on the current row
        space, after_space = -1, 0  # the last space of the row in `out`, the column after it
        for style, char in chars:
            size = get_cwidth(char)
            if column + size > width:
                if space >= 0 and char != " ":
                    pad = width - after_space
                    out[space + 1 : space + 1] = [(out[space][0], " ")] * pad
                    for k in range(len(where) - 1, -1, -1):
                        if where[k] <= space:
                            break
                        where[k] += pad
                    column -= after_space
                else:
                    column = 0  # a word longer than a row: the window splits it
                space = -1
            where.append(len(out))
            out.append((style, char))
            column += size
            if char == " ":
                space, after_space = len(out) - 1, column
        where.append(len(out))  # the position after the last character
        back = {display: source for source, display in enumerate(where)}

        def source_to_display(i: int) -> int:
            return where[i] if i < len(where) else where[-1] + i - (len(where) - 1)

        def display_to_source(i: int) -> int:
            while i > 0 and i not in back:
                i -= 1  # inside the padding: the space before it
            return back.get(i, 0)

        return Transformation(out, source_to_display, display_to_source)


def _wrap_validation(app: Application[Any]) -> None:
    """prompt_toolkit shows a validation message on one line, cut at the edge: let it
    take the lines it needs, right under the answer."""
    for window in app.layout.find_all_windows():
        content = window.content
        text = getattr(content, "text", None)
        if isinstance(content, FormattedTextControl) and "ValidationToolbar" in getattr(
            text, "__qualname__", ""
        ):
            window.height = None  # type: ignore[assignment]
            window.wrap_lines = to_filter(True)


# --- text ----------------------------------------------------------------------------------


def _question_line(message: str, instruction: str | None) -> StyleAndTextTuples:
    line: StyleAndTextTuples = [("class:qmark", "?"), ("class:question", f" {message} ")]
    if instruction:
        line.append(("class:instruction", f"{instruction} "))
    return line


def text(
    message: str,
    *,
    default: str = "",
    validate: Validate | None = None,
    multiline: bool = False,
    instruction: str | None = None,
    style: BaseStyle | None = None,
    **io: Any,
) -> Question:
    """A text to type: on the question's line when short, else on its own lines under it,
    aligned and wrapping at word boundaries (a paste box when `multiline`)."""
    if multiline and instruction is None:
        instruction = MULTILINE_HINT
    below = multiline or len(default) > LONG_ANSWER

    def prompt() -> Any:
        line = _question_line(message, instruction)
        if below:
            return [*wrap_fragments(line, columns() - 1), ("", "\n" + INDENT)]
        return line

    validator = None
    if validate is not None:
        check = validate

        class _Check(Validator):
            def validate(self, document: Document) -> None:
                verdict = check(document.text)
                if verdict is not True:
                    message = verdict if isinstance(verdict, str) else "Réponse invalide."
                    raise ValidationError(message=message, cursor_position=len(document.text))

        validator = _Check()
    session: PromptSession[str] = PromptSession(
        prompt,
        style=merge_styles_default([style]),
        validator=validator,
        lexer=SimpleLexer("class:answer"),
        multiline=multiline,
        prompt_continuation=INDENT if below else "",
        input_processors=[WordWrap()] if below else None,
        **io,
    )
    session.default_buffer.reset(Document(default))
    _wrap_validation(session.app)
    return Question(session.app)


def paste_box(message: str, *, instruction: str = MULTILINE_HINT, **io: Any) -> Question:
    """Room for a pasted message: several lines, validated with Échap then Entrée."""
    return text(message, multiline=True, instruction=instruction, **io)


# --- menus ----------------------------------------------------------------------------------


class Menu(InquirerControl):
    """questionary's list, drawn for a person: titles wrapped at word boundaries, actions
    (« ← Revenir ») set apart and without a box, a filter that ignores accents and keeps
    the families' headings of the choices it keeps."""

    def __init__(
        self,
        choices: Sequence[Choice | Separator],
        default: Any = None,
        multiple: bool = False,
        actions: Collection[Any] = (),
    ) -> None:
        self.multiple = multiple
        self.actions = list(actions)
        self.error: str | None = None
        super().__init__(choices, pointer=POINTER, use_indicator=multiple, initial_choice=default)

    def is_action(self, choice: Any) -> bool:
        return not isinstance(choice, Separator) and choice.value in self.actions

    @property
    def filtered_choices(self) -> list[Any]:
        if not self.search_filter:
            return self.choices
        wanted = fold(self.search_filter)
        kept: list[Any] = []
        heading = None
        for choice in self.choices:
            if isinstance(choice, Separator):
                heading = choice
            elif self.is_action(choice) or wanted in fold(str(choice.title)):
                if heading is not None and not self.is_action(choice):
                    kept.append(heading)
                    heading = None
                kept.append(choice)
        self.found_in_search = any(
            not isinstance(c, Separator) and not self.is_action(c) for c in kept
        )
        return kept if self.found_in_search else self.choices

    def is_selection_a_separator(self) -> bool:
        return isinstance(self.get_pointed_at(), Separator)

    def is_selection_disabled(self) -> Any:
        choice = self.get_pointed_at()
        return None if isinstance(choice, Separator) else choice.disabled

    def get_pointed_at(self) -> Any:
        shown = self.filtered_choices
        return shown[min(self.pointed_at, len(shown) - 1)]

    def point_at_first(self) -> None:
        for index, choice in enumerate(self.filtered_choices):
            if not isinstance(choice, Separator) and not choice.disabled:
                self.pointed_at = index
                return

    def add_search_character(self, char: Any) -> None:
        super().add_search_character(char)
        self.point_at_first()

    def get_search_string_tokens(self) -> Any:
        return None  # the filter is shown on the question's line

    def _get_choice_tokens(self) -> StyleAndTextTuples:
        width = columns() - 1
        tokens: StyleAndTextTuples = []
        for index, choice in enumerate(self.filtered_choices):
            pointed = index == self.pointed_at
            if self.is_action(choice):
                tokens.append(("", "\n"))  # set apart from the choices
            if pointed and not isinstance(choice, Separator):
                tokens += [("class:pointer", f" {POINTER} "), ("[SetCursorPosition]", "")]
            else:
                tokens.append(("class:text", "   "))
            if isinstance(choice, Separator):
                tokens += [("class:separator", str(choice.title)), ("", "\n")]
                continue
            box = ""
            if self.multiple and not self.is_action(choice):
                box = (CHECKED if choice.value in self.selected_options else UNCHECKED) + " "
                if choice.disabled:
                    box = "  "  # nothing to tick
                tokens.append(("class:selected" if box[0] == CHECKED else "class:text", box))
            title = str(choice.title)
            if choice.disabled:
                style = "class:disabled"
                title = f"- {title}" + (
                    f" ({choice.disabled})" if isinstance(choice.disabled, str) else ""
                )
            elif self.multiple and choice.value in self.selected_options:
                style = "class:selected"
            elif pointed:
                style = "class:highlighted"
            else:
                style = "class:text"
            indent = " " * (3 + len(box))
            tokens += wrap_fragments([(style, title)], width, indent, start=len(indent))
            tokens.append(("", "\n"))
        if tokens:
            tokens.pop()
        return tokens


def menu(
    message: str,
    choices: Sequence[Choice | Separator],
    *,
    multiple: bool = False,
    default: Any = None,
    search: bool = False,
    instruction: str | None = None,
    actions: Collection[Any] = (),
    validate: Validate | None = None,
    nothing: str = "aucune",
    style: BaseStyle | None = None,
    **io: Any,
) -> Question:
    """One choice (arrows, Entrée) or several (`multiple`: Espace ticks, Entrée validates).

    An `actions` value (« ← Revenir ») is chosen with Entrée or Espace, and ends the
    question with itself alone (a list for `multiple`). `search`: letters typed filter
    the list, shown on the question's line.
    """
    control = Menu(choices, default=default, multiple=multiple, actions=actions)

    def summary() -> str:
        if not multiple:
            return str(control.get_pointed_at().title)
        chosen = [str(c.title) for c in control.get_selected_values()]
        return " · ".join(chosen) if chosen else nothing

    def prompt() -> Any:
        line = _question_line(message, None)
        if control.is_answered:
            line.append(("class:answer", summary()))
        elif control.search_filter:
            found = control.found_in_search
            line += [
                ("class:instruction", "filtre : "),
                ("class:answer" if found else "class:search_none", control.search_filter),
                ("class:instruction", "" if found else " (rien ne correspond)"),
                ("class:instruction", " ; Retour arrière pour effacer"),
            ]
        elif instruction:
            line.append(("class:instruction", instruction))
        if control.error and not control.is_answered:
            line += [("", "\n"), ("class:validation-toolbar", control.error)]
        return wrap_fragments(line, columns() - 1)

    layout = create_inquirer_layout(control, prompt, **io)
    bindings = KeyBindings()

    @bindings.add(Keys.ControlC, eager=True)
    @bindings.add(Keys.ControlQ, eager=True)
    def _interrupt(event: KeyPressEvent) -> None:
        event.app.exit(exception=KeyboardInterrupt, style="class:aborting")

    def move(step: int) -> Callable[[KeyPressEvent], None]:
        def handler(_event: KeyPressEvent) -> None:
            for _ in range(control.choice_count):
                if step > 0:
                    control.select_next()
                else:
                    control.select_previous()
                if control.is_selection_valid():
                    return

        return handler

    bindings.add(Keys.Down, eager=True)(move(1))
    bindings.add(Keys.Up, eager=True)(move(-1))
    bindings.add(Keys.ControlN, eager=True)(move(1))
    bindings.add(Keys.ControlP, eager=True)(move(-1))

    def finish(event: KeyPressEvent, result: Any) -> None:
        control.is_answered = True
        control.error = None
        event.app.exit(result=result)

    def choose(event: KeyPressEvent) -> None:
        pointed = control.get_pointed_at()
        if control.is_action(pointed):
            finish(event, [pointed.value] if multiple else pointed.value)
            return
        if not multiple:
            finish(event, pointed.value)
            return
        values = [c.value for c in control.get_selected_values()]
        verdict = True if validate is None else validate(values)
        if verdict is True:
            finish(event, values)
        else:
            control.error = verdict if isinstance(verdict, str) else "Réponse invalide."

    bindings.add(Keys.ControlM, eager=True)(choose)

    if multiple:

        @bindings.add(" ", eager=True)
        def _toggle(event: KeyPressEvent) -> None:
            pointed = control.get_pointed_at()
            if control.is_action(pointed):
                choose(event)
                return
            if pointed.value in control.selected_options:
                control.selected_options.remove(pointed.value)
            else:
                control.selected_options.append(pointed.value)
            control.error = None

    if search:

        def typed(event: KeyPressEvent) -> None:
            control.add_search_character(event.key_sequence[0].key)

        letters = string.ascii_letters + string.digits + "-'éèêëàâäîïôöûüùçœ"
        for character in letters:
            bindings.add(character, eager=True)(typed)
        bindings.add(Keys.Backspace, eager=True)(typed)
        if not multiple:
            bindings.add(" ", eager=True)(typed)

    @bindings.add(Keys.Any)
    def _other(_event: KeyPressEvent) -> None:
        """Nothing else is typed into a menu."""

    return Question(
        Application(
            layout=layout,
            key_bindings=bindings,
            style=merge_styles_default([style]),
            **{k: v for k, v in io.items() if k in ("input", "output")},
        )
    )


# --- a text pasted at a command's start ------------------------------------------------------


def terminal_io(env: Environment) -> dict[str, Any]:
    """Where a prompt draws: stdout when it is the terminal, else stderr (the result of
    the command may be piped; the agent still sees the box)."""
    if env.stdout_isatty:
        return {}
    return {"output": create_output(stdout=env.stderr)}


def paste_in_terminal(env: Environment, spec: InputSpec, **io: Any) -> str:
    """`reponse listen` (or `check`) in a terminal without a file: a box to paste into,
    rather than a usage error or a silent wait."""
    env.stderr.write(
        f"Ou, depuis le shell{NBSP}: {paste_command(env)} | {spec.command} -\n"
        f"Ou un fichier{NBSP}: {spec.command} {spec.example_file}\n"
    )
    env.stderr.flush()
    question = paste_box(f"Collez {spec.what}", style=STYLE, **(io or terminal_io(env)))
    return str(question.unsafe_ask() or "")
