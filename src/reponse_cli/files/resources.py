"""The folders reponse ships (`templates/`, `playbooks/`, `rules/`, `advice/`) and their
precedence.

They stay at the repository root, where users read and copy them, and the wheel carries
them under `reponse_cli/_resources/`: a plain `pip install .` finds them there, a source
checkout at the root.
"""

from __future__ import annotations

from pathlib import Path

from reponse_cli.errors import ReponseError

PACKAGE = Path(__file__).resolve().parents[1]


def resource_dir(name: str) -> Path:
    packaged = PACKAGE / "_resources" / name
    if packaged.is_dir():
        return packaged
    return PACKAGE.parents[1] / name


def precedence(
    given: list[Path] | None,
    variables: list[Path],
    what: str,
    user: Path,
    builtin: Path,
) -> list[tuple[Path, str]]:
    """Folders in precedence order, each with its source: the ones given on the command
    line (else those of the environment variable), the user's own, then the built-in ones.

    Playbooks, the checker's rules and the bilan's advice share this order.
    """
    custom = [Path(d).expanduser() for d in given or []] or list(variables)
    for folder in custom:
        if not folder.exists():
            raise ReponseError(f"Dossier de {what} introuvable : {folder}")
    return [*((folder, "custom") for folder in custom), (user, "user"), (builtin, "builtin")]
