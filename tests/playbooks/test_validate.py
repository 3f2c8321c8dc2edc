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


def test_an_optional_common_answer_is_printed_only_where_it_is_known(env, write_playbook) -> None:
    """`commande` may be left blank: a text that prints it unguarded is refused, with its
    line; the same text inside `{% if commande %}` passes."""
    bare = write_playbook(
        "nu", MINIMAL.replace("Toutes nos excuses.", '"Commande {{ commande }}."')
    )
    guarded = write_playbook(
        "garde",
        MINIMAL.replace(
            "Toutes nos excuses.",
            '"Toutes nos excuses{% if commande %} pour la commande {{ commande }}{% endif %}."',
        ),
    )
    library = Library(env)
    worker = example_worker(env, library)
    bare_report, guarded_report = validate_paths(worker, refs_to_validate(library, [bare, guarded]))
    line = next(i for i, t in enumerate(bare.read_text().splitlines(), 1) if "nous:" in t)
    assert bare_report.problems == [
        f"{bare}:{line}: « commande » est facultatif : écrivez-le dans un "
        "{% if commande %}…{% endif %}, et que la phrase se lise aussi sans lui"
    ]
    assert guarded_report.problems == []
