"""The agent's editor ($VISUAL, then $EDITOR), for a paragraph or a whole reply.

The text goes to a private temporary file (`0600` in a `0700` folder: it is customer
data), the editor runs on the agent's terminal, the file is read back and deleted. What
comes back is the agent's data, never a template.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import tempfile
from pathlib import Path

from reponse_cli.env import Environment
from reponse_cli.errors import ReponseError
from reponse_cli.files.write import write_atomic

FALLBACKS = ("sensible-editor", "editor", "nano", "vim", "vi")


def editor_command(env: Environment) -> list[str]:
    """The editor to run: $VISUAL, $EDITOR, else the first one installed."""
    for name in ("VISUAL", "EDITOR"):
        value = env.get(name)
        if value:
            return shlex.split(value)
    for name in FALLBACKS:
        found = shutil.which(name, path=env.get("PATH"))
        if found:
            return [found]
    raise ReponseError(
        "Aucun éditeur trouvé.",
        hint="Indiquez le vôtre : export EDITOR=nano (ou vim, code --wait…).",
    )


def edit_text(env: Environment, text: str, suffix: str = ".txt") -> str:
    """The text after the agent has edited it (unchanged if they just quit)."""
    command = editor_command(env)
    with tempfile.TemporaryDirectory(prefix="reponse-") as folder:
        path = Path(folder) / f"brouillon{suffix}"
        write_atomic(path, text, private=True)
        try:
            result = subprocess.run([*command, str(path)], check=False)
        except OSError as error:
            raise ReponseError(
                f"Impossible de lancer l'éditeur « {command[0]} » : {error.strerror}."
            ) from None
        if result.returncode != 0:
            raise ReponseError(
                f"L'éditeur « {command[0]} » s'est arrêté en erreur (code {result.returncode}) : "
                "texte inchangé."
            )
        return path.read_text(encoding="utf-8")
