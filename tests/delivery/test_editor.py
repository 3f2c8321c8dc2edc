"""The agent's editor, run for real (a small editor script): on the agent's terminal
even when stdin is a pipe, on a private file, its text read back and checked again."""

from __future__ import annotations

import io
import os

import pytest

from reponse_cli.config import Config
from reponse_cli.delivery.editor import edit_text, editor_command
from reponse_cli.delivery.rewrite import edit_draft, for_editor, split_edited
from reponse_cli.drafting.worker import DraftRequest, Worker
from reponse_cli.env import Environment
from reponse_cli.errors import ReponseError


@pytest.fixture
def tty_path():
    master, slave = os.openpty()
    yield os.ttyname(slave)
    os.close(master)
    os.close(slave)


@pytest.fixture
def piped_env(env_vars, editor, tty_path):
    """stdin carries the customer's message, stdout a pipe: the terminal is elsewhere."""

    def make(**variables: str) -> Environment:
        return Environment(
            stdin=io.StringIO("le message du client"),
            stdout=io.StringIO(),
            stderr=io.StringIO(),
            variables={**env_vars, **editor.variables(**variables)},
            tty_path=tty_path,
        )

    return make


def test_the_editor_runs_on_the_terminal_on_a_private_file(piped_env, editor) -> None:
    env = piped_env(EDITOR_REPLACE="Bonjour=>Madame")
    assert edit_text(env, "Bonjour,\n") == "Madame,\n"
    assert editor.runs() == ["tty=True,True mode=0o600 name=brouillon.txt"]


def test_an_editor_that_fails_leaves_the_text_unchanged(piped_env) -> None:
    with pytest.raises(ReponseError, match=r"s'est arrêté en erreur \(code 3\)"):
        edit_text(piped_env(EDITOR_EXIT="3"), "Bonjour,\n")


def test_without_a_terminal_a_french_error(env_vars, editor) -> None:
    env = Environment(
        stdin=io.StringIO(),
        stdout=io.StringIO(),
        variables={**env_vars, **editor.variables()},
        tty_path="/nonexistent/tty",
    )
    with pytest.raises(ReponseError, match="Pas de terminal pour ouvrir l'éditeur"):
        edit_text(env, "x")
    assert editor.runs() == []


def test_editor_choice(env_vars) -> None:
    env = Environment(variables={**env_vars, "VISUAL": "code --wait", "EDITOR": "nano"})
    assert editor_command(env) == ["code", "--wait"]
    env = Environment(variables={**env_vars, "EDITOR": "vim -u NONE"})
    assert editor_command(env) == ["vim", "-u", "NONE"]
    with pytest.raises(ReponseError, match="Aucun éditeur trouvé"):
        editor_command(Environment(variables={"PATH": "/nonexistent"}))


def test_a_missing_editor_program_is_a_french_error(piped_env) -> None:
    with pytest.raises(
        ReponseError,
        match="Impossible de lancer l'éditeur «\u00a0/nulle/part\u00a0»\u00a0: "
        "fichier ou dossier introuvable",
    ):
        edit_text(piped_env(EDITOR="/nulle/part"), "x")


def test_subject_and_body_come_back_apart() -> None:
    text = for_editor("Votre commande", "Madame,\n\nMerci.")
    assert text == "Objet\u00a0: Votre commande\n\nMadame,\n\nMerci.\n"
    assert split_edited("Objet : Nouvel objet\n\nMadame,\nMerci !  \n", "x") == (
        "Nouvel objet",
        "Madame,\nMerci\u202f!",  # typography as on a composed draft
    )
    assert split_edited("Madame,\n\nSans ligne d'objet.", "Ancien") == (
        "Ancien",
        "Madame,\n\nSans ligne d'objet.",
    )


@pytest.fixture
def worker(piped_env):
    env = piped_env()
    return Worker(env, config=Config(values={"agent": "Camille Martin"}, exists=True))


def a_draft(worker):
    answers = {"civilite": "madame", "commande": "48213", "date_promise": "18/11/2026"}
    return worker.draft(DraftRequest(playbook="retard-livraison", answers=answers))


def check(worker):
    return lambda text: worker.check(text).as_json()


def test_the_edited_draft_is_checked_again_and_marked(piped_env, worker) -> None:
    draft = a_draft(worker)
    assert draft.check["ok"] is True
    env = piped_env(EDITOR_REPLACE="Madame,=>Madame,\n\nCalmez-vous.")
    edited = edit_draft(env, draft, check(worker))
    assert edited.edited and not draft.edited
    assert "Calmez-vous." in edited.text and edited.subject == draft.subject
    assert edited.check["ok"] is False
    assert any("Calmez-vous" in f["excerpt"] for f in edited.check["findings"])
    assert edited.as_json()["edited"] is True and edited.as_json()["text"] == edited.text


def test_quitting_the_editor_without_a_change_keeps_the_draft(piped_env, worker) -> None:
    draft = a_draft(worker)
    assert edit_draft(piped_env(), draft, check(worker)) is draft


def test_an_emptied_draft_is_refused(piped_env, worker) -> None:
    with pytest.raises(ReponseError, match="Texte vide"):
        edit_draft(piped_env(EDITOR_CONTENT="Objet : x\n\n"), a_draft(worker), check(worker))
