"""Loading a playbook file: the schema, safe YAML, every problem at `path:line`."""

import json
from pathlib import Path

import pytest

from helpers import MINIMAL
from reponse_cli.errors import PlaybookError
from reponse_cli.playbooks.loading import parse_playbook


def problems_of(path: Path) -> list[str]:
    with pytest.raises(PlaybookError) as caught:
        parse_playbook(path)
    return caught.value.problems


def test_minimal_playbook_loads(write_playbook) -> None:
    playbook = parse_playbook(write_playbook())
    assert playbook.title == "Exemple minimal"
    assert [s.id for s in playbook.solutions if s.recommended] == ["remplacement"]
    assert playbook.responsibility_default() == "nous"
    assert set(playbook.apologies.variants()) == {"nous", "client"}


def test_yaml_syntax_error_points_at_the_line(write_playbook) -> None:
    path = write_playbook(text=MINIMAL.replace("family: qualite", "family: [qualite"))
    (problem,) = problems_of(path)
    assert problem.startswith(f"{path}:")
    assert "YAML invalide" in problem


def test_unknown_field_is_named_with_its_line_and_a_suggestion(write_playbook) -> None:
    path = write_playbook(text=MINIMAL.replace("geste: true", "gest: true"))
    (problem,) = problems_of(path)
    line = next(
        i for i, text in enumerate(path.read_text().splitlines(), 1) if "gest: true" in text
    )
    assert problem.startswith(f"{path}:{line}:")
    assert "champ inconnu : « gest »" in problem
    assert "geste" in problem


def test_wrong_type_is_reported_in_french(write_playbook) -> None:
    path = write_playbook(text=MINIMAL.replace("after_days: 2", "after_days: demain"))
    (problem,) = problems_of(path)
    assert "attendu : un nombre entier" in problem
    line = next(
        i for i, text in enumerate(path.read_text().splitlines(), 1) if "after_days" in text
    )
    assert problem.startswith(f"{path}:{line}:")


def test_missing_required_field(write_playbook) -> None:
    path = write_playbook(text=MINIMAL.replace("title: Exemple minimal\n", ""))
    assert "champ obligatoire manquant : « title »" in problems_of(path)[0]


def test_a_colon_in_an_unquoted_text_gets_a_hint(write_playbook) -> None:
    text = MINIMAL.replace(
        "  - Je comprends votre déception.", "  - Je comprends : c'est décevant."
    )
    (problem,) = problems_of(write_playbook(text=text))
    assert "entre guillemets" in problem


def test_id_must_match_the_file_name(write_playbook) -> None:
    (problem,) = problems_of(write_playbook("autre", "id: essai\n" + MINIMAL))
    assert "doit être le nom du fichier" in problem


def test_structural_problems_are_all_listed(write_playbook) -> None:
    text = MINIMAL.replace("id: remise\n", "id: remplacement\n").replace(
        "default: 10", "default: beaucoup"
    )
    text += "examples:\n  - {responsibility: partagee, solutions: [remplacemnt]}\n"
    problems = problems_of(write_playbook(text=text))
    joined = "\n".join(problems)
    assert "solution « remplacement » définie deux fois" in joined
    assert "valeur par défaut : nombre entier attendu" in joined
    assert "pas d'excuse « partagee »" in joined
    assert "solution inconnue « remplacemnt »" in joined
    assert len(problems) == 4


def test_reserved_names_cannot_be_questions(write_playbook) -> None:
    text = MINIMAL.replace("{id: remise_pct,", "{id: signature,")
    assert "nom réservé" in problems_of(write_playbook(text=text))[0]


def test_not_a_mapping(write_playbook) -> None:
    assert "dictionnaire" in problems_of(write_playbook(text="- juste\n- une liste\n"))[0]


def test_yaml_is_loaded_safely(write_playbook) -> None:
    text = "title: !!python/object/apply:os.system ['echo pwned']\n" + MINIMAL
    (problem,) = problems_of(write_playbook(text=text))
    assert "YAML invalide" in problem


def test_schema_is_json_schema_with_french_descriptions(invoke) -> None:
    result = invoke("playbooks", "schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    playbook = schema["$defs"]["Playbook"]
    assert {"title", "family", "listen", "apologies", "empathy", "solutions"} <= set(
        playbook["required"]
    )
    assert "subject" in playbook["properties"]  # a public reply has none
    question = schema["$defs"]["Question"]["properties"]
    assert set(question["type"]["enum"]) == {
        "text",
        "multiline",
        "choice",
        "money",
        "date",
        "int",
        "bool",
    }
    assert "Condition" in question["when"]["description"]
    assert "a-eclaircir" in schema["$defs"]["Apologies"]["properties"]


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("  - Je comprends votre déception.", "  - [1]", "trouvé : une liste"),
        ("  nous: Toutes nos excuses.", "  nous: 42", "attendu : un texte"),
        ("type: int, default: 10", "type: int, default: [10]", "nombre entier attendu"),
        ("type: int, default: 10", "type: int, default: -3", "nombre entre 0 et"),
        ("after_days: 2", "after_days: 99999999999999999999", "nombre trop grand"),
    ],
)
def test_texts_and_defaults_of_the_wrong_type_are_refused_at_load(
    write_playbook, old: str, new: str, message: str
) -> None:
    assert old in MINIMAL
    path = write_playbook(text=MINIMAL.replace(old, new))
    (problem,) = problems_of(path)
    assert problem.startswith(f"{path}:") and message in problem
