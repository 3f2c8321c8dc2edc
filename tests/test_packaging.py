"""The installed package carries its templates and playbooks (a plain `pip install .`)."""

from pathlib import Path

import reponse_cli
from reponse_cli.files.resources import resource_dir

ROOT = Path(__file__).resolve().parents[1]


def test_templates_and_playbooks_ship_with_the_package() -> None:
    for folder, pattern in (("templates", "*.j2"), ("playbooks", "*.yaml")):
        shipped = {p.name for p in resource_dir(folder).glob(pattern)}
        in_repo = {p.name for p in (ROOT / folder).glob(pattern)}
        assert in_repo, folder
        assert shipped == in_repo, f"{folder} du paquet ≠ {folder} du dépôt"


def test_installed_copy_is_used_when_not_editable() -> None:
    package = Path(reponse_cli.__file__).resolve().parent
    if "site-packages" in package.parts:
        assert resource_dir("playbooks").is_relative_to(package)
        assert resource_dir("templates").is_relative_to(package)
