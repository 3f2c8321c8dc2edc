"""`reponse draft` as scripts use it: --no-input, formats, files, errors."""

import json
from pathlib import Path

import pytest

from helpers import DRAFT

BASE = DRAFT


def test_plain_draft_on_stdout_alone(invoke, configured) -> None:
    result = invoke(*BASE)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith("Objet\u00a0: Le point sur la livraison de votre commande 48213\n\n")
    assert "Madame, Monsieur," in out
    assert "le 18 novembre 2026" in out
    assert out.rstrip().endswith("Camille Martin\nAtelier Exemple")
    assert "\x1b[" not in out
    # stderr: only that the draft was recorded, with its next follow-up date.
    assert result.stderr == "Enregistré : dossier n° 1, prochain suivi le 23 novembre.\n"


def test_before_init_the_signature_is_neutral_with_a_hint(invoke) -> None:
    result = invoke(*BASE)
    assert result.exit_code == 0
    assert result.stdout.rstrip().endswith("Bien cordialement,\n\nLe service client")
    assert "reponse init" in result.stderr


def test_json_shape_scripts_rely_on(invoke, configured) -> None:
    result = invoke(
        *BASE,
        "--set",
        "civilite=madame",
        "--solution",
        "renvoi-express",
        "--solution",
        "annulation",
        "--set",
        "delai_depasse=oui",
        "--responsibility",
        "a-eclaircir",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert {
        "playbook",
        "family",
        "responsibility",
        "solutions",
        "subject",
        "text",
        "sections",
        "answers",
        "follow_up",
        "check",
    } <= set(data)
    assert data["playbook"] == "retard-livraison"
    assert data["family"] == "contractuel"
    assert data["responsibility"] == "a-eclaircir"
    assert data["solutions"] == ["renvoi-express", "annulation"]
    assert set(data["sections"]) == {
        "greeting",
        "listen",
        "apology",
        "empathy",
        "solutions",
        "follow_up",
        "closing",
    }
    assert data["sections"]["greeting"] == "Madame,"
    assert data["answers"]["date_promise"] == "2026-11-18"
    assert data["answers"]["delai_express"] == 2
    # The whole plan, one step promised in the reply; the refund step because one is offered.
    assert [f["id"] for f in data["follow_up"]] == [
        "confirmation",
        "point_etape",
        "remboursement",
        "satisfaction",
    ]
    assert [f["promised"] for f in data["follow_up"]] == [False, True, False, False]
    assert data["follow_up"][1]["due"] == "2026-11-24"
    assert data["gestures"] == []
    assert {"after_days", "due"} <= set(data["follow_up"][0])
    assert "enquête" in data["sections"]["apology"]


def test_markdown_format(invoke, configured) -> None:
    result = invoke(
        *BASE,
        "--format",
        "markdown",
        "--solution",
        "suivi-quotidien",
        "--solution",
        "renvoi-express",
    )
    assert result.stdout.startswith(
        "**Objet\u00a0:** Le point sur la livraison de votre commande 48213"
    )
    assert "\n- Je surveille votre colis" in result.stdout


def test_output_file(invoke, configured, tmp_path: Path) -> None:
    target = tmp_path / "out" / "reponse.txt"
    result = invoke(*BASE, "--output", str(target))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert target.read_text(encoding="utf-8").startswith(
        "Objet\u00a0: Le point sur la livraison de votre commande 48213"
    )
    assert str(target) in result.stderr


def test_answers_file_yaml_and_json(invoke, configured, tmp_path: Path) -> None:
    yaml_file = tmp_path / "a.yaml"
    yaml_file.write_text("commande: '777'\ndate_promise: 2026-11-10\nresponsibility: client\n")
    result = invoke("draft", "retard-livraison", "--no-input", "--answers", str(yaml_file))
    assert result.exit_code == 0, result.stderr
    assert "commande 777" in result.stdout and "n'a pas pu vous remettre le colis" in result.stdout
    json_file = tmp_path / "a.json"
    json_file.write_text(json.dumps({"commande": "888", "date_promise": "10/11/2026"}))
    result = invoke(
        "draft",
        "retard-livraison",
        "--no-input",
        "--answers",
        str(json_file),
        "--set",
        "commande=999",
    )
    assert "commande 999" in result.stdout  # --set wins over the file


def test_answers_from_stdin(invoke, configured) -> None:
    result = invoke(
        "draft",
        "retard-livraison",
        "--no-input",
        "--answers",
        "-",
        input="commande: '31'\ndate_promise: hier\n",
    )
    assert result.exit_code == 0, result.stderr
    assert "le 21 novembre 2026" in result.stdout


def test_every_missing_required_value_is_named(invoke) -> None:
    result = invoke("draft", "colis-perdu", "--no-input")
    assert result.exit_code == 2
    assert result.stdout == ""
    err = result.stderr
    assert "Valeurs manquantes" in err
    for key in ("date_suivi", "total_paye"):
        assert key in err
    assert "commande" not in err  # many customers do not give it: the reply does without
    assert "Traceback" not in err


def test_a_draft_without_an_order_number_reads_whole(invoke) -> None:
    result = invoke(
        "draft", "retard-livraison", "--no-input", "--set", "date_promise=18/11/2026",
        "--format", "json",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    draft = json.loads(result.stdout)
    assert draft["subject"] == "Le point sur la livraison de votre commande"
    assert draft["text"].split("\n\n")[1].startswith("Votre commande devait vous parvenir")
    assert "commande  " not in draft["text"] and "n°" not in draft["text"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--set", "comande=1"], "Clé inconnue"),
        (["--set", "date_promise=32/13/2026"], "date invalide"),
        (["--set", "frais_port=quatre"], "montant invalide"),
        (["--set", "sans-egal"], "CLÉ=VALEUR"),
        (["--solution", "renvoi"], "« renvoi » n'existe pas. Vouliez-vous dire « renvoi-express »"),
        (["--responsibility", "moi"], "n'est pas une valeur possible"),
        (["--format", "pdf"], "n'est pas une valeur possible"),
        (["--answers", "/nulle/part.yaml"], "introuvable"),
        (["--frobnicate"], "option inconnue"),
        (["--set", "follow_up=relance"], "Étape de suivi inconnue : « relance »"),
    ],
)
def test_bad_input_is_one_french_line_and_exit_2(invoke, args, message) -> None:
    result = invoke(*BASE, *args)
    assert result.exit_code == 2, result.stdout
    assert message in result.stderr
    assert result.stderr.startswith("Erreur")
    assert "Traceback" not in result.stderr and "Error:" not in result.stderr


def test_follow_up_steps_of_the_wrong_type_are_named(invoke, configured, tmp_path: Path) -> None:
    answers = tmp_path / "reponses.json"
    answers.write_text('{"follow_up": false}', encoding="utf-8")
    result = invoke(*BASE, "--answers", str(answers))
    assert result.exit_code == 2, result.stdout
    assert "follow_up : une liste d'étapes de suivi est attendue" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_playbook_suggests(invoke) -> None:
    result = invoke("draft", "retard-livrason", "--no-input")
    assert result.exit_code == 2
    assert "vouliez-vous dire « retard-livraison »" in result.stderr.lower()


def test_without_a_terminal_and_without_no_input(invoke) -> None:
    result = invoke("draft", "retard-livraison")
    assert result.exit_code == 2
    assert "Pas de terminal" in result.stderr and "--no-input" in result.stderr


def test_a_broken_playbook_is_reported_with_its_line(invoke, write_playbook) -> None:
    path = write_playbook("casse", "title: [oops\n")
    result = invoke("draft", str(path), "--no-input")
    assert result.exit_code == 2
    assert f"{path}:" in result.stderr and "YAML invalide" in result.stderr


def test_resume_without_saved_draft(invoke) -> None:
    result = invoke("draft", "--resume", "--no-input")
    assert result.exit_code == 2
    assert "Aucun brouillon interrompu" in result.stderr


def test_agent_values_are_data(invoke, configured) -> None:
    result = invoke(*BASE, "--set", "occasion=oui", "--set", "evenement={{ 7*7 }}")
    assert "à temps pour {{ 7*7 }}" in result.stdout
    assert "49" not in result.stdout


def test_a_broken_rule_file_does_not_stop_the_draft(invoke, configured, isolated) -> None:
    rules = isolated / "data" / "rules"
    rules.mkdir(parents=True)
    (rules / "mes-regles.yaml").write_text("rules: [\n", encoding="utf-8")
    result = invoke(*BASE)
    assert result.exit_code == 0
    assert "Objet" in result.stdout
    assert "Contrôle de ton impossible" in result.stderr


def test_unwritable_output_is_a_french_message(invoke, configured, tmp_path) -> None:
    blocker = tmp_path / "fichier"
    blocker.write_text("déjà là", encoding="utf-8")
    result = invoke(*BASE, "--output", str(blocker / "sous" / "r.txt"))
    assert result.exit_code == 74  # an I/O failure, not the agent's mistake
    assert "Écriture impossible" in result.stderr
    assert "n'est pas un dossier" in result.stderr
    assert blocker.read_text(encoding="utf-8") == "déjà là"


def test_checker_findings_go_to_stderr_under_a_scripted_draft(invoke, configured) -> None:
    result = invoke(*BASE, "--set", "empathy=Calmez-vous, c'est de votre faute.")
    assert result.exit_code == 0
    assert "Calmez-vous" in result.stdout
    assert "Erreur" in result.stderr and "faute" in result.stderr
    data = invoke(*BASE, "--set", "empathy=Calmez-vous.", "--format", "json")
    check = json.loads(data.stdout)["check"]
    assert check["ok"] is False
    assert any(f["rule"] for f in check["findings"])


# --- from the customer's e-mail to the reply: .eml, mailto, clipboard, body only ----------

MAILS = Path(__file__).resolve().parents[1] / "corpus" / "mail"


def parse_eml(data: bytes):
    import email
    import email.policy

    return email.message_from_bytes(data, policy=email.policy.default)


def test_an_eml_in_a_reply_eml_out_in_the_customers_thread(
    invoke, configured, tmp_path: Path
) -> None:
    target = tmp_path / "reponse.eml"
    result = invoke(
        "draft", "--no-input", "--message", str(MAILS / "gmail-retard.eml"), "-o", str(target)
    )
    assert result.exit_code == 0, result.stderr
    assert "Playbook choisi d'après le message : retard-livraison" in result.stderr
    assert target.stat().st_mode & 0o777 == 0o600  # customer data
    message = parse_eml(target.read_bytes())
    assert message["X-Unsent"] == "1"
    assert str(message["To"]) == "Marie Dupont <marie.dupont@exemple.fr>"
    assert message["From"].addresses[0].addr_spec == "bonjour@atelier-exemple.fr"
    assert message["Subject"] == "Re: Commande 48213 – toujours pas reçue"
    assert message["In-Reply-To"] == "<CAK8pX2bb222+fr@mail.gmail.com>"
    assert message["References"].split() == [
        "<CAFx7v0aa111@mail.atelier-exemple.fr>",
        "<CAK8pX2bb222+fr@mail.gmail.com>",
    ]
    body = message.get_body(("plain",)).get_content()
    assert "Votre commande 48213 devait vous parvenir le 12 novembre 2026" in body
    assert "Objet" not in body  # the subject is in its header, not in the text


def test_the_quoted_history_is_not_read_as_the_customers(invoke, configured) -> None:
    result = invoke(
        "draft",
        "--no-input",
        "--message",
        str(MAILS / "gmail-retard.eml"),
        "--format",
        "json",
    )
    data = json.loads(result.stdout)
    assert data["email"]["to"] == "marie.dupont@exemple.fr"
    assert data["email"]["in_reply_to"] == "<CAK8pX2bb222+fr@mail.gmail.com>"
    # « expédié … sous 48 h » is our own earlier answer, quoted: not a fact of theirs.
    assert "expédié" not in json.dumps(data["listen"], ensure_ascii=False)
    assert data["subject"] and data["text"] and not data["text"].startswith("Objet")
    assert data["edited"] is False


def test_an_eml_on_standard_input(invoke, configured) -> None:
    result = invoke(
        "draft",
        "--no-input",
        "--message",
        "-",
        "--format",
        "eml",
        input=(MAILS / "outlook-double-facturation.eml").read_bytes(),
    )
    assert result.exit_code == 0, result.stderr
    message = parse_eml(result.stdout.encode("ascii"))
    assert message["To"].addresses[0].addr_spec == "jean.martin@entreprise-martin.fr"
    assert message["Subject"] == "RE: Votre facture"


def test_html_part_on_request(invoke, configured) -> None:
    result = invoke(*BASE, "--format", "eml", "--html")
    message = parse_eml(result.stdout.encode("ascii"))
    assert message.get_content_type() == "multipart/alternative"
    assert "<p>" in message.get_body(("html",)).get_content()


def test_mailto_link(invoke, configured) -> None:
    result = invoke(*BASE, "--format", "mailto")
    assert result.exit_code == 0
    link = result.stdout.strip()
    assert link.startswith(
        "mailto:?subject=Le%20point%20sur%20la%20livraison%20de%20votre%20commande%2048213"
    )
    assert "%0D%0A" in link and "\n" not in link


def test_body_only_and_the_formats_it_does_not_fit(invoke, configured) -> None:
    result = invoke(*BASE, "--body-only")
    assert result.stdout.startswith("Madame, Monsieur,\n")
    assert "Objet" not in result.stdout
    for fmt in ("json", "eml", "mailto"):
        refused = invoke(*BASE, "--body-only", "--format", fmt)
        assert refused.exit_code == 2
        assert "--body-only" in refused.stderr and "Traceback" not in refused.stderr
    refused = invoke(*BASE, "--html")
    assert refused.exit_code == 2 and "--format eml" in refused.stderr


def test_copy_the_body_then_the_subject(invoke, configured, clipboard) -> None:
    result = invoke(*BASE, "--copy", clipboard=clipboard)
    assert result.exit_code == 0, result.stderr
    subject, body = result.stdout.split("\n\n", 1)
    assert clipboard.copied == [body.rstrip("\n")]
    assert "Texte copié dans le presse-papiers." in result.stderr
    result = invoke(*BASE, "--copy", "subject", clipboard=clipboard)
    assert result.exit_code == 0, result.stderr
    assert clipboard.copied[-1] == subject.removeprefix("Objet\u00a0: ")
    assert "Objet copié" in result.stderr
    # `--copy` before the playbook: the playbook is not taken for what to copy.
    result = invoke("draft", "--copy", *BASE[1:], clipboard=clipboard)
    assert result.exit_code == 0 and len(clipboard.copied) == 3


def test_no_clipboard_one_french_line_and_the_text_plainly(invoke, configured, clipboard) -> None:
    clipboard.broken = True
    result = invoke(*BASE, "--format", "json", "--copy", clipboard=clipboard, TERM="dumb")
    assert result.exit_code == 0
    text = json.loads(result.stdout)["text"]
    recorded, line, plain = result.stderr.split("\n", 2)
    assert recorded.startswith("Enregistré : dossier n° 1")
    assert line.startswith("Copie impossible (") and "TERM=dumb" in line
    assert text in plain


def test_a_follow_up_message_is_checked_with_the_reply(invoke, configured, write_playbook) -> None:
    from helpers import MINIMAL

    path = write_playbook(
        "relance",
        MINIMAL + "    message: Vous auriez dû vérifier l'adresse ; l'envoi part demain.\n",
    )
    args = ["draft", str(path), "--no-input", "--set", "commande=7", "--set", "nom=Ana"]
    result = invoke(*args, "--format", "json")
    check = json.loads(result.stdout)["check"]
    (finding,) = [f for f in check["findings"] if f.get("follow_up")]
    assert finding["follow_up"] == "confirmation"
    assert finding["excerpt"].startswith("Vous auriez dû")
    assert finding["severity"] == "error"
    assert finding["line"] == 1
    assert check["ok"] is False
    # The message is a piece of the exchange: no « missing apology » for it.
    assert all(not f.get("step") for f in check["findings"] if f.get("follow_up"))
    shown = invoke(*args)
    assert "message du suivi « confirmation »" in shown.stderr


@pytest.mark.parametrize(
    "answers, message",
    [
        ("frais_port: NaN", "montant invalide"),
        ("frais_port: .nan", "nombre non fini"),
        ("frais_port: '1e309'", "montant invalide"),
        ("frais_port: 12345678901234567890123456789012345678", "nombre trop grand"),
        ("frais_port: '12345678901234567890123456789012345678'", "montant trop grand"),
        ("date_promise: [1, 2]", "date attendue"),
        ("date_promise: 9999-12-31", "année entre"),
        ("commande: {a: 1}", "texte attendu"),
        ("delai_express: -5", "nombre entre 0 et"),
        ("civilite: docteur", "n'est pas un choix possible"),
        ("empathy: [1]", "un numéro ou une phrase attendu"),
        ("solutions: [[1]]", "n'existe pas"),
        ("responsibility: 3", "n'est pas prévu"),
    ],
)
def test_odd_answer_values_are_a_french_message_and_exit_2(
    invoke, configured, tmp_path, answers: str, message: str
) -> None:
    given = {"commande": "48213", "date_promise": "18/11/2026", "solutions": "[renvoi-express]"}
    given[answers.split(":")[0]] = answers.partition(": ")[2]
    path = tmp_path / "reponses.yaml"
    path.write_text("".join(f"{k}: {v}\n" for k, v in given.items()), encoding="utf-8")
    result = invoke("draft", "retard-livraison", "--no-input", "--answers", str(path))
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "inattendue" not in result.stderr


def test_set_takes_a_date_as_listen_reads_it(invoke, configured) -> None:
    # REPONSE_TODAY is Sunday 22 November 2026.
    result = invoke(
        "draft", "retard-livraison", "--no-input", "--format", "json",
        "--set", "commande=48213", "--set", "date_promise=lundi dernier",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["answers"]["date_promise"] == "2026-11-16"
    assert "devait vous parvenir le 16 novembre 2026" in data["text"]


def test_set_refuses_a_date_to_come_for_an_event_already_past(invoke, configured) -> None:
    result = invoke(
        "draft", "produit-defectueux", "--no-input",
        "--set", "commande=1", "--set", "produit=grille-pain", "--set", "date_livraison=demain",
    )  # fmt: skip
    assert result.exit_code == 2
    assert "date_livraison : « demain » (23 novembre 2026) est une date à venir" in result.stderr
    assert "Traceback" not in result.stderr
