"""The on-disk caches never serve a stale playbook, and a broken cache only costs time."""

import os
import stat

from helpers import MINIMAL
from reponse_cli.drafting.render import SANDBOX_VERSION, Renderer
from reponse_cli.files.cache import Cache
from reponse_cli.files.yaml import read_yaml
from reponse_cli.playbooks.loading import parse_playbook


def read(path):
    return read_yaml(path).data


def test_an_edited_playbook_is_read_again(write_playbook, env) -> None:
    cache = Cache(env.cache_dir)
    path = write_playbook()
    assert parse_playbook(path, cache).title == "Exemple minimal"
    assert any((env.cache_dir / "playbook").iterdir())  # it was cached, checked
    path.write_text(MINIMAL.replace("Exemple minimal", "Exemple modifié"), encoding="utf-8")
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000))
    assert parse_playbook(path, cache).title == "Exemple modifié"


def test_a_same_size_edit_with_its_time_restored_is_read_again(write_playbook, env) -> None:
    cache = Cache(env.cache_dir)
    path = write_playbook()
    assert parse_playbook(path, cache).title == "Exemple minimal"
    info = path.stat()
    path.write_text(MINIMAL.replace("Exemple minimal", "Exemple minimaL"), encoding="utf-8")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))  # size and mtime as before
    assert parse_playbook(path, cache).title == "Exemple minimaL"


def test_a_corrupt_cache_entry_is_ignored(write_playbook, env) -> None:
    cache = Cache(env.cache_dir)
    path = write_playbook()
    cache.file_data(path, read)
    for entry in (env.cache_dir / "yaml").iterdir():
        entry.write_bytes(b"\x00garbage")
    assert cache.file_data(path, read)["title"] == "Exemple minimal"


def test_cache_entries_are_private(write_playbook, env) -> None:
    Cache(env.cache_dir).file_data(write_playbook(), read)
    folder = env.cache_dir / "yaml"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for entry in folder.iterdir():
        assert stat.S_IMODE(entry.stat().st_mode) == 0o600


def test_cache_can_be_turned_off(write_playbook, make_env) -> None:
    env = make_env(REPONSE_NO_CACHE="1")
    assert env.cache_dir is None
    assert Cache(env.cache_dir).file_data(write_playbook(), read)["family"] == "qualite"


def test_jinja_bytecode_is_cached_and_checked(env) -> None:
    cache = Cache(env.cache_dir)
    first = Renderer([], cache).render("Bonjour {{ nom }}", {"nom": "Sam"}, "test")
    assert list((env.cache_dir / f"jinja-{SANDBOX_VERSION}").iterdir())
    again = Renderer([], cache).render("Bonjour {{ nom }}", {"nom": "Alex"}, "test")
    other = Renderer([], cache).render("Au revoir {{ nom }}", {"nom": "Alex"}, "test")
    assert (first, again, other) == ("Bonjour Sam", "Bonjour Alex", "Au revoir Alex")


def test_every_cache_entry_is_private_even_in_a_folder_made_wide(write_playbook, env) -> None:
    env.cache_dir.mkdir(parents=True, mode=0o755)
    env.cache_dir.chmod(0o755)
    cache = Cache(env.cache_dir)
    cache.file_data(write_playbook(), read)
    Renderer([], cache).render("Bonjour {{ nom }}", {"nom": "Sam"}, "test")
    assert stat.S_IMODE(env.cache_dir.stat().st_mode) == 0o700
    entries = list(env.cache_dir.rglob("*"))
    assert any(p.parent.name.startswith("jinja") for p in entries if p.is_file())
    for path in entries:
        expected = 0o700 if path.is_dir() else 0o600
        assert stat.S_IMODE(path.stat().st_mode) == expected, path


def test_a_same_size_edit_with_mtime_and_atime_restored_is_read_again(write_playbook, env):
    # The entry is keyed on the inode and the change time too, which no one can restore.
    cache = Cache(env.cache_dir)
    path = write_playbook()
    cache.file_data(path, read)
    info = path.stat()
    with path.open("r+", encoding="utf-8") as handle:  # same inode, same size
        text = handle.read()
        handle.seek(0)
        handle.write(text.replace("qualite", "QUALITE"))
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert path.stat().st_size == info.st_size and path.stat().st_mtime_ns == info.st_mtime_ns
    assert cache.file_data(path, read)["family"] == "QUALITE"
