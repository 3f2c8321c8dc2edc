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


STRAY = MINIMAL.replace(
    "    text: Je vous confirme l'envoi d'ici le {{ due }}.\n",
    "    text: >-\n"
    "      {% if 'remboursement' in solutions_choisies %}Le remboursement part d'ici le\n"
    "      {{ due }}.{% else %}Je vous confirme l'envoi d'ici le {{ due }}.{% endif %}\n",
).replace(
    "follow_up:\n",
    "  - id: remboursement\n"
    "    label: Rembourser\n"
    "    text: Je vous rembourse la commande.\n"
    "follow_up:\n",
) + (
    "closing: Votre remboursement reste à votre disposition si vous le souhaitez.\n"
    "examples:\n"
    "  - {responsibility: nous, solutions: [remboursement], answers: {commande: '7'}}\n"
)


def test_a_sentence_from_another_case_is_reported_for_each_combination(env, write_playbook) -> None:
    """The closing speaks of a refund: every combination that offers none says so, with
    its facts, responsibility and solutions; the follow-up, which sees the solutions
    chosen, stays within each case."""
    path = write_playbook("hors-cas", STRAY)
    library = Library(env)
    (report,) = validate_paths(example_worker(env, library), refs_to_validate(library, [path]))
    sentence = "« Votre remboursement reste à votre disposition si vous le souhaitez. »"
    assert report.problems == [
        f"{path}: faits de l'exemple 1, {who}, solutions {chosen}\u00a0: {sentence} parle d'un "
        "remboursement, que la réponse ne propose ni ne demande"
        for who in ("notre erreur", "probablement côté client, à expliquer sans reprocher")
        for chosen in ("remplacement", "remise", "remplacement, remise")
    ]
    # Each solution alone, each pair, all three: on two responsibilities.
    assert report.combinations == 14
