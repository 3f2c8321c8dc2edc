"""`reponse init`: the config file, without a terminal through --set."""

from pathlib import Path

import yaml

# The invoice playbook when the customer is likely at fault: the reply names the mediator.
INVOICE_DECLINED = (
    "draft",
    "prix-facture",
    "--no-input",
    "--responsibility",
    "client",
    "--set",
    "facture=F-1",
    "--set",
    "prix_annonce=100",
    "--set",
    "montant=120",
)


def test_set_writes_the_config_without_a_terminal(invoke, isolated: Path) -> None:
    result = invoke(
        "init",
        "--set",
        "agent=Camille Martin",
        "--set",
        "entreprise=Atelier Exemple",
        "--set",
        "mediateur_nom=Médiation Exemple",
        "--set",
        "mediateur_site=mediation-exemple.fr",
        "--set",
        "signature=Camille\\nAtelier Exemple\\n01 23 45 67 89",
    )
    assert result.exit_code == 0, result.stderr
    saved = yaml.safe_load((isolated / "config.yaml").read_text(encoding="utf-8"))
    assert saved["agent"] == "Camille Martin"
    assert saved["mediateur_site"] == "https://mediation-exemple.fr"
    assert saved["signature"] == "Camille\nAtelier Exemple\n01 23 45 67 89"
    draft = invoke(*INVOICE_DECLINED)
    assert draft.exit_code == 0, draft.stderr
    assert "Médiation Exemple (https://mediation-exemple.fr)" in draft.stdout
    assert draft.stdout.rstrip().endswith("Camille\nAtelier Exemple\n01 23 45 67 89")
    assert "reponse init" not in draft.stderr


def test_set_keeps_other_values(invoke, configured: Path) -> None:
    invoke("init", "--set", "agent=Sam Dupont")
    saved = yaml.safe_load((configured / "config.yaml").read_text(encoding="utf-8"))
    assert saved["agent"] == "Sam Dupont"
    assert saved["mediateur_nom"] == "Médiation Exemple"


def test_odr_link_is_refused(invoke, isolated: Path) -> None:
    result = invoke("init", "--set", "mediateur_site=https://ec.europa.eu/consumers/odr")
    assert result.exit_code == 2
    assert "fermé" in result.stderr
    assert not (isolated / "config.yaml").exists()


def test_unknown_key_and_bad_site(invoke) -> None:
    result = invoke("init", "--set", "agnet=Sam")
    assert result.exit_code == 2 and "« agent »" in result.stderr
    result = invoke("init", "--set", "mediateur_site=pas un site")
    assert result.exit_code == 2 and "invalide" in result.stderr


def test_without_terminal_and_without_set(invoke) -> None:
    result = invoke("init")
    assert result.exit_code == 2 and "--set" in result.stderr


def test_missing_mediator_is_an_error_not_a_hole(invoke) -> None:
    result = invoke(*INVOICE_DECLINED)
    assert result.exit_code == 2
    assert "Réglage manquant : « mediateur_nom »" in result.stderr
    assert "reponse init" in result.stderr
    assert result.stdout == ""


def test_broken_config_is_reported(invoke, isolated: Path) -> None:
    (isolated / "config.yaml").write_text("agent: [\n", encoding="utf-8")
    result = invoke(
        "draft",
        "retard-livraison",
        "--no-input",
        "--set",
        "commande=1",
        "--set",
        "date_promise=hier",
    )
    assert result.exit_code == 2
    assert "Configuration illisible" in result.stderr


def test_init_repairs_a_broken_config_and_keeps_a_copy(invoke, isolated: Path) -> None:
    config = isolated / "config.yaml"
    config.write_text("agent: [1, 2\n", encoding="utf-8")
    assert invoke("draft", "retard-livraison", "--no-input").exit_code == 2
    result = invoke("init", "--set", "agent=Camille Martin")
    assert result.exit_code == 0, result.stderr
    assert "Configuration illisible" in result.stderr and "remplacée" in result.stderr
    assert yaml.safe_load(config.read_text(encoding="utf-8"))["agent"] == "Camille Martin"
    kept = isolated / "config.yaml.illisible"
    assert kept.read_text(encoding="utf-8") == "agent: [1, 2\n"
    assert (kept.stat().st_mode & 0o777) == 0o600
