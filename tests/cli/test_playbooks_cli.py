"""`reponse playbooks list|show|validate|new|schema`."""

import json
from pathlib import Path

from helpers import MINIMAL


def test_list_table_and_json(invoke, write_playbook, isolated: Path) -> None:
    write_playbook("retard-livraison", folder=isolated / "data" / "playbooks")
    table = invoke("playbooks", "list")
    assert table.exit_code == 0
    assert "retard-livraison" in table.stdout and "vos playbooks" in table.stdout
    assert "intégré" in table.stdout
    rows = json.loads(invoke("playbooks", "list", "--format", "json").stdout)
    by_id = {row["id"]: row for row in rows}
    assert {"id", "title", "family", "source", "path"} <= set(by_id["prix-facture"])
    assert by_id["prix-facture"]["source"] == "builtin"
    assert by_id["retard-livraison"]["source"] == "user"
    assert by_id["retard-livraison"]["title"] == "Exemple minimal"
    assert by_id["retard-livraison"]["overrides"]


def test_list_survives_a_broken_playbook(invoke, write_playbook, tmp_path: Path) -> None:
    write_playbook("casse", "title: [\n")
    result = invoke("playbooks", "list", "--playbooks", str(tmp_path / "playbooks"))
    assert result.exit_code == 0
    assert "casse" in result.stdout and "Playbook invalide" in result.stderr


def test_show_json_has_typed_questions(invoke) -> None:
    data = json.loads(invoke("playbooks", "show", "retard-livraison", "--format", "json").stdout)
    assert data["id"] == "retard-livraison" and data["family"] == "contractuel"
    types = {q["id"]: q["type"] for q in data["questions"]}
    assert types["date_promise"] == "date" and types["occasion"] == "bool"
    asked = [q["id"] for q in data["asked"]]
    assert asked[:2] == ["civilite", "commande"]
    solution = next(s for s in data["solutions"] if s["id"] == "remboursement-port")
    assert solution["geste"] is True
    assert solution["questions"][0]["type"] == "money"


def test_show_table_is_readable(invoke) -> None:
    result = invoke("playbooks", "show", "produit-defectueux")
    assert result.exit_code == 0
    for heading in ("Questions", "Excuses", "Empathie", "Solutions", "Suivi"):
        assert heading in result.stdout
    assert "date_livraison · date" in result.stdout


def test_show_renders_the_texts_with_the_sample_answers(invoke) -> None:
    result = invoke("playbooks", "show", "retard-livraison")
    assert result.exit_code == 0, result.stderr
    out = " ".join(result.stdout.split())
    assert "Textes rendus avec les réponses de l'exemple « anniversaire, notre retard »" in out
    assert "Objet : Le point sur la livraison de votre commande 48213" in out
    assert "Votre commande 48213 devait vous parvenir le 18 novembre 2026" in out
    assert "soit 4,90" in out  # the question's default where the example says nothing
    assert "Message à envoyer" in out
    assert "{{" not in result.stdout and "{%" not in result.stdout
    assert "si occasion ou delai_depasse" in out  # conditions read in French, not Jinja's


def test_show_source_keeps_the_templates(invoke) -> None:
    result = invoke("playbooks", "show", "retard-livraison", "--source")
    assert result.exit_code == 0
    assert "{{ commande }}" in result.stdout
    assert "Textes rendus" not in result.stdout


def test_list_says_where_the_agents_own_playbooks_go(invoke, isolated: Path) -> None:
    result = invoke("playbooks", "list")
    lines = result.stdout.splitlines()
    folder = isolated / "data" / "playbooks"
    where = lines.index("Vos playbooks (0 à vous\u202f; le dossier sera créé)\u00a0:")
    assert lines[where + 1] == f"  {folder}"  # whole on its line, to copy
    assert "reponse playbooks new ID" in " ".join(result.stdout.split())
    assert "Identifiant" in result.stdout and "Provenance" in result.stdout


def test_show_unknown(invoke) -> None:
    result = invoke("playbooks", "show", "prix-factur")
    assert result.exit_code == 2 and "prix-facture" in result.stderr


def test_validate_builtin_library_passes(invoke) -> None:
    result = invoke("playbooks", "validate")
    assert result.exit_code == 0, result.stdout
    assert "valide" in result.stderr


def test_validate_reports_every_problem_with_path_and_line(invoke, write_playbook) -> None:
    bad_jinja = write_playbook("jinja", MINIMAL.replace("Toutes nos excuses.", '"{{ oops"'))
    unknown = write_playbook("nom", MINIMAL.replace("Toutes nos excuses.", '"{{ numero }}"'))
    yaml_error = write_playbook("yaml", "title: [\n")
    example = write_playbook(
        "exemple",
        MINIMAL.replace("Je vous envoie un article neuf.", "Je remplace votre {{ produit }}.")
        + "examples:\n  - {responsibility: nous, answers: {civilite: madame}}\n",
    )
    result = invoke("playbooks", "validate", str(bad_jinja.parent))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    line_of = {
        path: next(i for i, t in enumerate(path.read_text().splitlines(), 1) if "nous:" in t)
        for path in (bad_jinja, unknown)
    }
    assert any(
        line.startswith(f"{bad_jinja}:{line_of[bad_jinja]}:") and "Jinja invalide" in line
        for line in lines
    )
    assert any(
        line.startswith(f"{unknown}:{line_of[unknown]}:") and "« numero »" in line for line in lines
    )
    assert any(line.startswith(f"{yaml_error}:") for line in lines)
    assert any(
        line.startswith(f"{example}:") and "Valeurs manquantes : produit" in line for line in lines
    )
    assert "en erreur" in result.stderr


def test_validate_reads_the_follow_up_messages_of_each_example(invoke, write_playbook) -> None:
    path = write_playbook(
        "relance",
        MINIMAL
        + "    message: Vous auriez dû vérifier l'adresse ; l'envoi part demain.\n"
        + "examples:\n  - {responsibility: nous, answers: {commande: '7', nom: Ana}}\n",
    )
    result = invoke("playbooks", "validate", str(path))
    assert result.exit_code == 1
    (line,) = [t for t in result.stdout.splitlines() if "ne passe pas le contrôle" in t]
    assert "le message du suivi « confirmation »" in line and "Vous auriez dû" in line


def test_validate_in_several_processes_reports_the_same_in_the_same_order(
    invoke, write_playbook
) -> None:
    folder = write_playbook("a-bon").parent
    write_playbook("b-jinja", MINIMAL.replace("Toutes nos excuses.", '"{{ oops"'))
    write_playbook("c-bon", MINIMAL.replace("Toutes nos excuses.", "Pardon pour ce souci."))
    write_playbook("d-yaml", "title: [\n")
    write_playbook("e-nom", MINIMAL.replace("Toutes nos excuses.", '"{{ numero }}"'))
    alone = invoke("playbooks", "validate", str(folder), "--format", "json")
    shared = invoke("playbooks", "validate", str(folder), "--format", "json", "--jobs", "2")
    assert (shared.exit_code, shared.stdout) == (alone.exit_code, alone.stdout)
    assert alone.exit_code == 1
    assert [r["ok"] for r in json.loads(alone.stdout)] == [True, False, True, False, False]


def test_validate_refuses_a_job_count_out_of_range(invoke) -> None:
    result = invoke("playbooks", "validate", "--jobs", "0")
    assert result.exit_code == 2
    assert "--jobs attend un nombre de 1 à 64" in result.stderr


def test_validate_json(invoke, write_playbook) -> None:
    path = write_playbook()
    data = json.loads(invoke("playbooks", "validate", str(path), "--format", "json").stdout)
    assert data == [{"path": str(path), "ok": True, "problems": []}]


def test_new_writes_a_scaffold_that_validates(invoke, isolated: Path) -> None:
    result = invoke("playbooks", "new", "colis-bloque", "--family", "contractuel")
    assert result.exit_code == 0, result.stderr
    path = Path(result.stdout.strip())
    assert path == isolated / "data" / "playbooks" / "colis-bloque.yaml"
    assert "# " in path.read_text()  # commented for the merchant
    assert invoke("playbooks", "validate", str(path)).exit_code == 0
    listed = json.loads(invoke("playbooks", "list", "--format", "json").stdout)
    assert any(row["id"] == "colis-bloque" and row["source"] == "user" for row in listed)
    again = invoke("playbooks", "new", "colis-bloque")
    assert again.exit_code == 2 and "existe déjà" in again.stderr


def test_new_refuses_a_bad_id(invoke) -> None:
    result = invoke("playbooks", "new", "Colis Bloqué")
    assert result.exit_code == 2 and "Id invalide" in result.stderr


def test_validate_fails_on_what_the_sandbox_refuses(invoke, write_playbook) -> None:
    # No example: only a rendering on sample answers can see it.
    for text, reason in (
        ("\"{{ ''.__class__.__mro__ }}\"", "unsafe"),
        ("\"{{ 'x' * 10000000 }}\"", "texte trop grand"),
        ('"{{ 2 ** 10000000 }}"', "nombre trop grand"),
    ):
        path = write_playbook("bac", MINIMAL.replace("Toutes nos excuses.", text))
        result = invoke("playbooks", "validate", str(path))
        assert result.exit_code == 1, result.output
        assert f"{path}:" in result.stdout and "refusé par le bac à sable" in result.stdout
        assert reason in result.stdout
        drafted = invoke("draft", str(path), "--no-input", "--set", "commande=1")
        assert drafted.exit_code == 2 and "Traceback" not in drafted.output


def test_validate_fails_on_a_custom_template_without_the_blocks(invoke, write_playbook) -> None:
    path = write_playbook("propre", MINIMAL + "template: mien.txt.j2\n")
    (path.parent / "mien.txt.j2").write_text("{{ greeting }}\n\n{{ apology }}\n", encoding="utf-8")
    result = invoke("playbooks", "validate", str(path))
    assert result.exit_code == 1
    assert "mien.txt.j2:1: pas de bloc « listen »" in result.stdout
    drafted = invoke("draft", str(path), "--no-input", "--set", "commande=1")
    assert drafted.exit_code == 2 and "n'a pas de bloc" in drafted.stderr
    # Extending the base template and replacing one block is the documented way.
    (path.parent / "mien.txt.j2").write_text(
        "{% extends 'reply.txt.j2' %}{% block closing %}À bientôt,{% endblock %}\n",
        encoding="utf-8",
    )
    assert invoke("playbooks", "validate", str(path)).exit_code == 0


def test_validate_reports_an_unknown_filter_outside_a_condition(invoke, write_playbook) -> None:
    """Jinja refuses such a text when compiling it: one line at its place, no crash."""
    path = write_playbook("filtre", MINIMAL.replace("Toutes nos excuses.", '"{{ nom | gras }}"'))
    result = invoke("playbooks", "validate", str(path))
    assert result.exit_code == 1
    line = next(i for i, t in enumerate(path.read_text().splitlines(), 1) if "nous:" in t)
    assert f"{path}:{line}: filtre inconnu « gras »" in result.stdout
    assert "inattendue" not in result.stderr


def test_validate_reports_an_unknown_filter_or_test_in_a_condition(invoke, write_playbook) -> None:
    text = MINIMAL.replace(
        "    recommended: true\n", '    recommended: true\n    when: "commande | gras"\n'
    ).replace("    geste: true\n", "    geste: true\n    when: commande is bizarre\n")
    path = write_playbook("condition", text)
    result = invoke("playbooks", "validate", str(path))
    assert result.exit_code == 1
    lines = path.read_text().splitlines()
    first = next(i for i, t in enumerate(lines, 1) if "gras" in t)
    second = next(i for i, t in enumerate(lines, 1) if "bizarre" in t)
    assert f"{path}:{first}: filtre inconnu « gras »" in result.stdout
    assert f"{path}:{second}: test inconnu « bizarre »" in result.stdout
    assert "inattendue" not in result.stderr
