"""`playbooks validate` over a library: reports as each file is done, lines where they are."""

from __future__ import annotations

from helpers import MINIMAL
from reponse_cli.playbooks.library import Library
from reponse_cli.playbooks.validate import example_worker, refs_to_validate, validate_paths


def test_reports_come_one_file_at_a_time(env, write_playbook) -> None:
    """A large library shows its first problems at once, before the next file is read."""
    first = write_playbook("a-premier", MINIMAL.replace("Toutes nos excuses.", '"{{ numero }}"'))
    second = write_playbook("b-second")
    library = Library(env)
    reports = validate_paths(
        example_worker(env, library), refs_to_validate(library, [first.parent])
    )
    report = next(reports)
    assert report.path == first and "« numero »" in report.problems[0]
    second.write_text("title: [\n", encoding="utf-8")  # read only now: the error shows it
    (late,) = list(reports)
    assert late.path == second and "YAML invalide" in late.problems[0]
