"""One root for every error an agent may cause; the CLI prints the French message alone.

Like copier's `UserMessageError`: the message is for the agent, so it is complete and
French, and no traceback is shown.
"""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    OK = 0
    FINDINGS = 1  # a check or a validation found errors
    USAGE = 2  # bad option, missing value, unknown playbook…
    INTERNAL = 70  # a bug in reponse (EX_SOFTWARE)
    IO = 74  # a file or stream could not be read or written: disk full… (EX_IOERR)
    INTERRUPTED = 130


class ReponseError(Exception):
    """Show `message` on stderr and exit with `exit_code`."""

    exit_code: int = ExitStatus.USAGE

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message


class FileProblems(ReponseError):
    """A file of the agent's is broken; each problem is already `path:line: message`."""

    def __init__(self, problems: list[str], *, hint: str | None = None) -> None:
        super().__init__("\n".join(problems), hint=hint)
        self.problems = problems


class PlaybookError(FileProblems):
    """A playbook file is broken."""


class RulesError(FileProblems):
    """A rule file of the checker is broken."""

    def __init__(self, problems: list[str], *, hint: str | None = None) -> None:
        super().__init__(
            problems, hint=hint or "Corrigez le fichier de règles (voir « reponse check --help »)."
        )


class MissingValues(ReponseError):
    """Required answers were not given; names every one of them."""

    def __init__(self, missing: list[tuple[str, str]]) -> None:
        names = ", ".join(f"{key} ({label})" for key, label in missing)
        super().__init__(
            f"Valeurs manquantes : {names}.",
            hint="Donnez-les avec --set CLÉ=VALEUR ou --answers FICHIER.",
        )
        self.missing = [key for key, _ in missing]


class MissingSetting(ReponseError):
    """A template needs a setting of the shop's (the mediator…) that `reponse init` sets."""

    def __init__(self, name: str, message: str, *, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.name = name


class IOFailure(ReponseError):
    """The machine refused a read or a write (disk full, permission…): not the agent's
    doing and not a bug, so it has its own exit code."""

    exit_code = ExitStatus.IO


class Interrupted(ReponseError):
    """Ctrl-C: what needed saying (answers kept…) has been said; exit 130 quietly."""

    exit_code = ExitStatus.INTERRUPTED

    def __init__(self, message: str = "") -> None:
        super().__init__(message)


def invalid_values(errors: list[str]) -> str:
    """One sentence for every malformed value: « Valeur invalide — clé : raison ; … »."""
    text = "Valeur invalide — " + " ; ".join(errors)
    return text if text.endswith((".", "?", "!")) else text + "."


def did_you_mean(word: str, candidates: list[str] | set[str]) -> str:
    """« Vouliez-vous dire … ? » for the closest candidates, or nothing."""
    import difflib

    close = difflib.get_close_matches(word, sorted(candidates), n=3, cutoff=0.6)
    if not close:
        return ""
    return " Vouliez-vous dire " + " ou ".join(f"« {c} »" for c in close) + "\u202f?"


def os_message(error: OSError) -> str:
    """An operating-system error in French (the system's own text is often English)."""
    import errno

    known = {
        errno.ENOSPC: "disque plein",
        errno.EACCES: "permission refusée",
        errno.EPERM: "opération non permise",
        errno.EROFS: "système de fichiers en lecture seule",
        errno.ENOENT: "fichier ou dossier introuvable",
        errno.EISDIR: "c'est un dossier",
        errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
        errno.EEXIST: "existe déjà",
    }
    if error.errno == errno.EBADF:  # a stream the shell closed: env.ClosedStream names it
        return error.strerror or "flux fermé"
    return known.get(error.errno or 0, error.strerror or str(error))
