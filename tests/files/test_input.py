"""What a command reads when given no file: a pipe, a paste box in a terminal, and « - »
in a terminal that says how to finish — never a silent wait."""

from __future__ import annotations

import io

import pytest

from reponse_cli.env import Environment
from reponse_cli.errors import ReponseError
from reponse_cli.files.input import InputSpec, paste_command, read_input

SPEC = InputSpec(
    what="le message du client",
    command="reponse listen",
    example_file="message.eml",
    empty="Rien à lire",
)


def terminal_env(stdin: str = "", platform: str = "linux", **variables: str) -> Environment:
    return Environment(
        stdin=io.StringIO(stdin),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
        stdin_isatty=True,
        variables=variables,
        platform=platform,
    )


def test_no_file_in_a_terminal_opens_the_paste_box() -> None:
    asked: list[InputSpec] = []

    def paste(spec: InputSpec) -> str:
        asked.append(spec)
        return "Bonjour, ma commande 48213 n'est pas arrivée."

    text, name = read_input(terminal_env(), None, SPEC, paste=paste)
    assert asked == [SPEC]
    assert text.startswith("Bonjour") and name == "le texte collé"


def test_nothing_pasted_is_a_french_error() -> None:
    with pytest.raises(ReponseError, match="Rien à lire\u00a0: rien n'a été collé"):
        read_input(terminal_env(), None, SPEC, paste=lambda _spec: "  \n")


def test_without_a_paste_box_the_agent_is_told_how_to_give_the_text() -> None:
    with pytest.raises(ReponseError) as caught:
        read_input(terminal_env(WAYLAND_DISPLAY="wayland-0"), None, SPEC)
    assert caught.value.hint == (
        "Exemple\u00a0: reponse listen message.eml   ou   wl-paste | reponse listen -"
    )


@pytest.mark.parametrize(
    ("platform", "keys"),
    [("linux", "Ctrl-D (sur une ligne vide)"), ("win32", "Ctrl-Z puis Entrée")],
)
def test_dash_in_a_terminal_says_how_to_finish(platform: str, keys: str) -> None:
    env = terminal_env("le message\n", platform=platform)
    text, _ = read_input(env, "-", SPEC)
    assert text == "le message\n"
    said = env.stderr.getvalue()  # type: ignore[attr-defined]
    assert said.startswith(f"Collez le message du client, puis {keys}.")


def test_dash_from_a_pipe_says_nothing() -> None:
    env = Environment(stdin=io.StringIO("x"), stdout=io.StringIO(), stderr=io.StringIO())
    read_input(env, "-", SPEC)
    assert env.stderr.getvalue() == ""  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("platform", "variables", "command"),
    [
        ("darwin", {}, "pbpaste"),
        ("win32", {}, "Get-Clipboard"),
        ("linux", {"WAYLAND_DISPLAY": "wayland-0"}, "wl-paste"),
        ("linux", {"DISPLAY": ":0"}, "xclip -o -selection clipboard"),
        ("linux", {}, "wl-paste (ou xclip -o -selection clipboard)"),
    ],
)
def test_the_clipboard_command_of_the_platform(platform, variables, command) -> None:
    assert paste_command(terminal_env(platform=platform, **variables)) == command
