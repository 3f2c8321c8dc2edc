"""The prompts as the agent sees them: driven through prompt_toolkit's pipe input, drawn
by its real VT100 output into a terminal emulator (pyte), and read off the screen."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pyte
import pytest
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings
from prompt_toolkit.keys import Keys
from prompt_toolkit.output.vt100 import Vt100_Output
from questionary import Choice, Separator

from reponse_cli.drafting import widgets

UP, DOWN, ENTER, SPACE, ESC, BACKSPACE = "\x1b[A", "\x1b[B", "\r", " ", "\x1b", "\x7f"
BACK = "__back__"
WIDTH = 60


class Terminal:
    """A prompt's input (keys typed) and output (the screen), both real."""

    def __init__(self, pipe: Any, width: int, height: int) -> None:
        self.pipe = pipe
        self.drawn = io.StringIO()
        self.width, self.height = width, height
        self.output = Vt100_Output(
            self.drawn, lambda: Size(rows=height, columns=width), term="xterm"
        )

    @property
    def io(self) -> dict[str, Any]:
        return {"input": self.pipe, "output": self.output}

    def screen(self, upto: int | None = None) -> list[str]:
        screen = pyte.Screen(self.width, self.height)
        pyte.Stream(screen).feed(self.drawn.getvalue()[:upto])
        lines = [line.rstrip() for line in screen.display]
        while lines and not lines[-1]:
            lines.pop()
        return lines


@contextmanager
def terminal(keys: str, width: int = WIDTH, height: int = 24) -> Iterator[Terminal]:
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        yield Terminal(pipe, width, height)


F12 = "\x1b[24~"  # a key no prompt uses: « look at the screen now »


def open_screen(question: Any, term: Terminal) -> list[str]:
    """The screen while the question is still open, once every key typed is drawn: F12,
    sent last, asks for one more drawing, read before leaving."""
    app = question.application
    seen: list[int] = []
    extra = KeyBindings()

    @extra.add(Keys.F12, eager=True)
    def _look(event: Any) -> None:
        seen.append(-1)
        event.app.invalidate()

    def drawn(_app: Any) -> None:
        if seen == [-1]:
            seen[0] = len(term.drawn.getvalue())
            app.exit(exception=EOFError)

    app.key_bindings = merge_key_bindings([app.key_bindings, extra])
    app.after_render += drawn
    term.pipe.send_text(F12)
    with pytest.raises(EOFError):
        question.unsafe_ask()
    return term.screen(upto=seen[0])


SOLUTIONS = [
    Separator("── Solutions : le client choisit ──"),
    Choice("Expédier en express, à nos frais, pour une réception sous deux jours", "express"),
    Choice("Annuler et rembourser", "annulation", disabled="ne s'applique pas ici : occasion"),
    Separator("── Gestes commerciaux : offerts en plus ──"),
    Choice("Rembourser les frais de livraison", "port"),
    Choice("← Revenir à l'étape précédente", BACK),
]


def test_a_checkbox_ends_on_the_labels_chosen_in_french() -> None:
    with terminal(SPACE + DOWN + SPACE + ENTER) as term:
        answer = widgets.menu(
            "Quelles solutions ?", SOLUTIONS, multiple=True, actions=[BACK], **term.io
        ).unsafe_ask()
    assert answer == ["express", "port"]
    shown = " ".join(" ".join(term.screen()).split())
    assert "? Quelles solutions ? Expédier en express" in shown
    assert "deux jours · Rembourser les frais de livraison" in shown
    assert "done" not in shown and "selection" not in shown


def test_a_checkbox_left_empty_says_so_in_french() -> None:
    with terminal(ENTER) as term:
        answer = widgets.menu(
            "Étiquettes ?", [Choice("colis", "colis")], multiple=True, **term.io
        ).unsafe_ask()
    assert answer == []
    assert term.screen()[-1] == "? Étiquettes ? aucune"


def test_long_choices_wrap_at_word_boundaries_and_go_back_is_an_action() -> None:
    with terminal("") as term:
        question = widgets.menu(
            "Quelles solutions ?", SOLUTIONS, multiple=True, actions=[BACK], **term.io
        )
        lines = open_screen(question, term)
    assert " » ○ Expédier en express, à nos frais, pour une réception" in lines
    assert "     sous deux jours" in lines  # aligned under its first line
    assert all(len(line) <= WIDTH for line in lines)
    # A choice that does not apply says why, with nothing to tick.
    assert any("- Annuler et rembourser (ne s'applique pas ici" in line for line in lines)
    back = next(line for line in lines if "Revenir" in line)
    assert back == "   ← Revenir à l'étape précédente"  # no box: an action, set apart
    assert lines[lines.index(back) - 1] == ""


def test_enter_on_go_back_leaves_even_when_a_choice_is_required() -> None:
    def required(selected: list[Any]) -> bool | str:
        return bool(selected) or "Choisissez au moins une option."

    with terminal(SPACE + UP + ENTER) as term:  # untick the default, then « ← Revenir »
        answer = widgets.menu(
            "Quelles solutions ?",
            [Choice("Express", "express", checked=True), Choice("← Revenir", BACK)],
            multiple=True,
            actions=[BACK],
            validate=required,
            **term.io,
        ).unsafe_ask()
    assert answer == [BACK]


def test_the_validation_message_is_shown_under_the_question() -> None:
    def required(selected: list[Any]) -> bool | str:
        return bool(selected) or "Choisissez au moins une option (Espace pour cocher)."

    with terminal(ENTER) as term:
        question = widgets.menu(
            "Quelles solutions ?", [Choice("Express", "express")], multiple=True,
            validate=required, **term.io,
        )  # fmt: skip
        lines = open_screen(question, term)
    assert lines[0].startswith("? Quelles solutions ?")
    assert lines[1] == "Choisissez au moins une option (Espace pour cocher)."


PLAYBOOKS = [
    Separator("── Contractuel ──"),
    Choice("Retard de livraison  (retard-livraison)", "retard-livraison"),
    Choice("Demande de rétractation  (retractation)", "retractation"),
    Separator("── Qualité ──"),
    Choice("Produit défectueux  (produit-defectueux)", "produit-defectueux"),
]


def test_the_filter_is_shown_on_the_question_line_and_ignores_accents() -> None:
    with terminal("retra") as term:
        question = widgets.menu("Quel type de litige ?", PLAYBOOKS, search=True, **term.io)
        lines = open_screen(question, term)
    assert lines[0].startswith("? Quel type de litige ? filtre : retra")
    assert lines[-2:] == ["   ── Contractuel ──", " » Demande de rétractation  (retractation)"]
    assert not any("Qualité" in line or "Retard" in line for line in lines)


def test_a_filter_that_matches_nothing_says_so_and_keeps_the_list() -> None:
    with terminal("zzz" + BACKSPACE) as term:
        question = widgets.menu("Quel type de litige ?", PLAYBOOKS, search=True, **term.io)
        lines = open_screen(question, term)
    assert "filtre : zz (rien ne correspond)" in lines[0]
    assert lines[-len(PLAYBOOKS) :][0] == "   ── Contractuel ──"  # the whole list, still
    assert lines[-1] == "   Produit défectueux  (produit-defectueux)"


def test_the_filtered_choice_is_the_one_chosen() -> None:
    with terminal("defect" + ENTER) as term:
        answer = widgets.menu("Quel type de litige ?", PLAYBOOKS, search=True, **term.io)
        assert answer.unsafe_ask() == "produit-defectueux"
    assert term.screen() == [
        "? Quel type de litige ? Produit défectueux",
        "  (produit-defectueux)",
    ]


MESSAGE = (
    "Bonjour, ma commande 48213 devait arriver pour l'anniversaire de ma fille et le suivi "
    "ne bouge plus depuis lundi dernier.\nMme Dupont"
)


def test_the_paste_box_aligns_its_lines_and_wraps_between_words() -> None:
    with terminal(MESSAGE + ESC + ENTER) as term:
        text = widgets.paste_box("Collez le message du client", **term.io).unsafe_ask()
    assert text == MESSAGE
    lines = term.screen()
    assert lines[0] == "? Collez le message du client (Échap puis Entrée pour"
    assert lines[1] == "  valider)"
    body = lines[2:]
    assert all(line.startswith("  ") and not line.startswith("   ") for line in body)
    words = MESSAGE.replace("\n", " ").split()
    assert " ".join(" ".join(body).split()) == " ".join(words)  # no word cut in two
    assert body[-1] == "  Mme Dupont"


def test_a_long_answer_is_edited_under_its_question() -> None:
    proposed = "Je vous présente toutes nos excuses : votre colis a pris du retard en chemin."
    with terminal(ENTER) as term:
        answer = widgets.text("Votre texte", default=proposed, **term.io).unsafe_ask()
    assert answer == proposed
    lines = term.screen()
    assert lines[0] == "? Votre texte"
    assert lines[1:] == [
        "  Je vous présente toutes nos excuses : votre colis a pris",
        "  du retard en chemin.",
    ]


def test_a_text_validation_message_is_whole_under_the_answer() -> None:
    refusal = (
        "La plateforme européenne de règlement en ligne des litiges a fermé le 20 juillet "
        "2025 : indiquez le site de votre médiateur."
    )

    def site(raw: str) -> bool | str:
        return "odr" not in raw or refusal

    with terminal("ec.europa.eu/odr" + ENTER) as term:
        question = widgets.text("Site du médiateur", validate=site, **term.io)
        lines = open_screen(question, term)
    assert lines[0] == "? Site du médiateur ec.europa.eu/odr"
    assert " ".join(lines[1:]).replace("  ", " ").startswith(refusal[:40])
    assert "".join(lines[1:]).replace(" ", "") == refusal.replace(" ", "")  # nothing cut


def test_wrap_fragments_breaks_at_the_last_space_before_the_edge() -> None:
    chars = widgets.wrap_fragments([("", "un deux trois quatre cinq")], 12, indent="  ")
    assert "".join(text for _, text in chars) == "un deux\n  trois\n  quatre\n  cinq"
