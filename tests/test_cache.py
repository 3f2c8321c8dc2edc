"""The on-disk caches never serve a stale playbook, and a broken cache only costs time."""

import os
from pathlib import Path

from helpers import MINIMAL
from reponse_cli.cache import cache_dir, load_yaml
from reponse_cli.playbook import parse_playbook


def test_an_edited_playbook_is_read_again(write_playbook, isolated: Path) -> None:
    path = write_playbook()
    assert parse_playbook(path).title == "Exemple minimal"
    assert any((cache_dir() / "yaml").iterdir())  # it was cached
    path.write_text(MINIMAL.replace("Exemple minimal", "Exemple modifié"), encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert parse_playbook(path).title == "Exemple modifié"


def test_a_corrupt_cache_entry_is_ignored(write_playbook) -> None:
    path = write_playbook()
    load_yaml(path)
    for entry in (cache_dir() / "yaml").iterdir():
        entry.write_bytes(b"\x00garbage")
    assert load_yaml(path)["title"] == "Exemple minimal"


def test_cache_can_be_turned_off(write_playbook, monkeypatch) -> None:
    monkeypatch.setenv("REPONSE_NO_CACHE", "1")
    assert cache_dir() is None
    assert load_yaml(write_playbook())["family"] == "qualite"


def test_jinja_bytecode_is_cached_and_checked(write_playbook) -> None:
    from reponse_cli.render import Renderer

    first = Renderer([]).render("Bonjour {{ nom }}", {"nom": "Sam"}, "test")
    assert list((cache_dir() / "jinja").iterdir())
    again = Renderer([]).render("Bonjour {{ nom }}", {"nom": "Alex"}, "test")
    other = Renderer([]).render("Au revoir {{ nom }}", {"nom": "Alex"}, "test")
    assert (first, again, other) == ("Bonjour Sam", "Bonjour Alex", "Au revoir Alex")
