"""Which playbook file wins: --playbooks, REPONSE_PLAYBOOKS, the user's folder, built-in."""

from pathlib import Path

import pytest

from reponse_cli.errors import ReponseError
from reponse_cli.files.resources import resource_dir
from reponse_cli.playbooks.library import Library

BUILTIN = {"retard-livraison", "produit-defectueux", "prix-facture"}


def test_builtin_playbooks_are_found(library) -> None:
    refs = library.discover()
    assert set(refs) >= BUILTIN
    assert all(refs[i].source == "builtin" for i in BUILTIN)
    assert (resource_dir("templates") / "reply.txt.j2").is_file()


def test_user_playbook_overrides_builtin(write_playbook, isolated: Path, library) -> None:
    user_dir = isolated / "data" / "playbooks"
    write_playbook("retard-livraison", folder=user_dir)
    ref = library.discover()["retard-livraison"]
    assert ref.source == "user"
    assert ref.path == user_dir / "retard-livraison.yaml"
    assert ref.hides and ref.hides[0].parent == resource_dir("playbooks")
    assert library.find("retard-livraison").source == "user"


def test_option_dir_beats_env_and_user(write_playbook, tmp_path: Path, make_env) -> None:
    env_dir = tmp_path / "env"
    opt_dir = tmp_path / "opt"
    write_playbook("essai", folder=env_dir)
    write_playbook("essai", folder=opt_dir)
    env = make_env(REPONSE_PLAYBOOKS=str(env_dir))
    assert Library(env).find("essai").path.parent == env_dir
    assert Library(env, [opt_dir]).find("essai").path.parent == opt_dir


def test_unknown_playbook_suggests_the_closest(library) -> None:
    with pytest.raises(ReponseError) as caught:
        library.find("retard-livrason")
    assert "Playbook inconnu : « retard-livrason »" in caught.value.message
    assert "Vouliez-vous dire « retard-livraison »" in caught.value.message


def test_missing_playbook_dir_is_an_error(tmp_path: Path, env) -> None:
    with pytest.raises(ReponseError, match="introuvable"):
        Library(env, [tmp_path / "nulle-part"]).discover()


def test_a_path_to_a_file_works_too(write_playbook, library) -> None:
    path = write_playbook("mon-essai")
    ref = library.find(str(path))
    assert ref.id == "mon-essai" and ref.source == "file"


def test_each_playbook_is_loaded_once(library) -> None:
    ref = library.find("retard-livraison")
    assert library.load(ref) is library.load(ref)
