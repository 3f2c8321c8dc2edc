"""The learned model beside the keywords: what it changes, what it must leave alone."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from helpers import MINIMAL, weights_read_by
from reponse_cli.env import Environment
from reponse_cli.listening.engine import Listener
from reponse_cli.listening.model import MODEL, trained_model
from reponse_cli.playbooks.library import Library
from reponse_cli.playbooks.loading import parse_playbook

TODAY = dt.date(2026, 11, 25)


@pytest.fixture(scope="module")
def builtin_specs() -> dict:
    loaded = Library(Environment(variables={"REPONSE_NO_CACHE": "1"})).load_all()
    return {pid: spec for pid, (_, spec) in loaded.items()}


def test_the_shipped_model_knows_every_builtin_playbook(builtin_specs: dict) -> None:
    model = trained_model()
    assert model is not None and MODEL.is_file()
    assert set(model.classes) == set(builtin_specs)
    assert trained_model() is model  # read once per process


@pytest.mark.parametrize(
    ("text", "playbook"),
    [
        # Written for this test, the way customers write, words no keyword list has.
        (
            "le suivi dit livré depuis mardi mais y a rien dans ma boite ni chez les voisins",
            "colis-perdu",
        ),
        (
            "vous m'avez pris 2 fois 39,90 sur mon compte pour la même commande !!",
            "double-facturation",
        ),
    ],
)
def test_messages_in_everyday_words_find_their_playbook(
    builtin_specs: dict, text: str, playbook: str
) -> None:
    reading = Listener(builtin_specs).read(text, TODAY)
    assert reading.candidates[0].playbook == playbook


def test_a_shops_own_playbook_is_still_found_on_its_keywords(
    builtin_specs: dict, tmp_path: Path
) -> None:
    """The model never learned a merchant's playbook: it is judged on its keywords alone,
    so adding a playbook still makes `listen` find it beside the built-in ones."""
    text = MINIMAL.replace(
        "description: Un playbook d'essai.\n",
        'description: Essai.\nkeywords: ["grille-pain", "tartines brûlées", "brûle le pain"]\n',
    )
    path = tmp_path / "grille-pain.yaml"
    path.write_text(text, encoding="utf-8")
    own = parse_playbook(path)
    listener = Listener({**builtin_specs, own.id: own})
    reading = listener.read("Mon grille-pain brûle le pain, que des tartines brûlées.", TODAY)
    assert reading.candidates[0].playbook == own.id


def test_check_and_a_scripted_draft_never_read_the_model(
    tmp_path: Path, configured: Path, process_env: dict[str, str]
) -> None:
    reply = tmp_path / "reponse.txt"
    reply.write_text("Bonjour Madame,\n\nVotre colis part demain.\n\nBien cordialement,\n")
    draft = ["draft", "retard-livraison", "--no-input", "--set", "commande=48213"]
    draft += ["--set", "date_promise=18/11/2026", "--no-record"]
    read, stdout, stderr = weights_read_by([["check", str(reply)], draft], MODEL, process_env)
    assert "Votre commande 48213" in stdout, stderr  # the draft was written
    assert read == [False, False], stderr
