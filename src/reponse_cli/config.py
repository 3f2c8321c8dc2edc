"""The agent's settings (name, company, signature, mediator), in the platform's config dir.

The path comes from the environment (platformdirs, or `REPONSE_CONFIG` for tests and
several shops on one machine).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import msgspec

from reponse_cli.env import Environment
from reponse_cli.errors import ReponseError, did_you_mean
from reponse_cli.files.cache import Cache
from reponse_cli.files.read import MAX_YAML_BYTES, read_limited
from reponse_cli.files.write import write_atomic
from reponse_cli.files.yaml import convert, read_yaml
from reponse_cli.text.saferegex import PatternError, order_pattern

# key → (question asked by `reponse init`, help)
FIELDS: dict[str, tuple[str, str]] = {
    "agent": ("Votre prénom et nom", "Signe vos réponses."),
    "entreprise": ("Nom de votre entreprise ou boutique", "Apparaît sous votre nom."),
    "signature": (
        "Signature complète (laisser vide : nom et entreprise)",
        "Plusieurs lignes possibles ; \\n pour un retour à la ligne avec --set.",
    ),
    "contact": (
        "Adresse e-mail ou téléphone du service client",
        "Pour inviter un client à poursuivre en privé.",
    ),
    "mediateur_nom": (
        "Nom de votre médiateur de la consommation",
        "Obligatoire pour tout professionnel (Code de la consommation, L612-1).",
    ),
    "mediateur_site": (
        "Site internet du médiateur",
        "Par exemple https://www.mediateur-exemple.fr",
    ),
}
# Settings `init` does not ask for (set with `reponse init --set`), for the tools only.
ADVANCED: dict[str, tuple[str, str]] = {
    "motif_commande": (
        "Motif de vos numéros de commande (expression régulière)",
        "Pour « reponse listen », ex. CMD-\\d{4}-\\d{4} ; remplace les formes courantes.",
    ),
    "conservation": (
        "Durée de conservation des dossiers, en années après le dernier contact",
        "3 par défaut (CNIL) ; « reponse dossiers purge » anonymise les plus anciens.",
    ),
    "base": (
        "Base de dossiers partagée (postgresql://…) ou autre fichier SQLite",
        "Le mode équipe ; REPONSE_DB passe avant.",
    ),
}
CONFIG_KEYS = (*FIELDS, *ADVANCED)
NEUTRAL_SIGNATURE = "Le service client"

# The EU online dispute platform closed on 20 July 2025: never send customers there.
_ODR = re.compile(r"ec\.europa\.eu/(consumers/)?odr", re.IGNORECASE)
_URL = re.compile(r"^(https?://)?[\w-]+(\.[\w-]+)+(/\S*)?$", re.IGNORECASE)


class Config(msgspec.Struct):
    values: dict[str, str] = msgspec.field(default_factory=dict)
    path: Path | None = None
    exists: bool = False

    def get(self, key: str) -> str | None:
        value = self.values.get(key)
        return value if value else None

    def signature(self) -> str:
        if signature := self.get("signature"):
            return signature
        lines = [v for v in (self.get("agent"), self.get("entreprise")) if v]
        return "\n".join(lines) if lines else NEUTRAL_SIGNATURE

    def template_values(self) -> dict[str, str]:
        """What templates see: set values only, so a missing one is an error, not a hole."""
        found = {key: value for key in FIELDS if (value := self.get(key))}
        found["signature"] = self.signature()
        return found


class ConfigFile(msgspec.Struct, forbid_unknown_fields=False):
    """The file's shape: every setting a text; keys of other versions are ignored."""

    agent: str | None = None
    entreprise: str | None = None
    signature: str | None = None
    contact: str | None = None
    mediateur_nom: str | None = None
    mediateur_site: str | None = None
    motif_commande: str | None = None
    conservation: str | int | None = None
    base: str | None = None


class ConfigError(ReponseError):
    """The configuration file cannot be used; `reponse init` replaces it."""

    def __init__(self, message: str) -> None:
        super().__init__(
            f"Configuration illisible : {message}",
            hint="Corrigez le fichier, ou relancez « reponse init » qui le remplace.",
        )


def load_config(env: Environment) -> Config:
    path = env.config_path
    if not path.exists():
        return Config(path=path)
    try:
        data = Cache(env.cache_dir).file_data(path, lambda p: read_yaml(p).data)
    except ReponseError as error:
        raise ConfigError(error.message) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}:1: la configuration doit être un dictionnaire YAML")
    try:
        parsed = convert(lambda: read_yaml(path), data, ConfigFile, fields=CONFIG_KEYS)
    except ReponseError as error:
        raise ConfigError(error.message) from None
    values = {key: str(getattr(parsed, key) or "") for key in CONFIG_KEYS}
    if values["motif_commande"]:
        try:
            order_pattern(values["motif_commande"])
        except PatternError as error:
            line = read_yaml(path).line(["motif_commande"])
            raise ConfigError(f"{path}:{line}: motif_commande : {error}") from None
    return Config(values={k: v for k, v in values.items() if v}, path=path, exists=True)


def check_value(key: str, value: str) -> str:
    """Normalise and check one setting; ReponseError with a French message if wrong."""
    known = [*FIELDS, *ADVANCED]
    if key not in known:
        raise ReponseError(
            f"Réglage inconnu : « {key} ».{did_you_mean(key, known)}",
            hint="Réglages possibles : " + ", ".join(known) + ".",
        )
    if key == "conservation":
        if not value.strip().isdigit() or not 1 <= int(value) <= 30:
            raise ReponseError(
                f"Durée de conservation invalide : « {value} » (un nombre d'années, de 1 à 30)."
            )
        return value.strip()
    if key == "motif_commande":
        try:
            order_pattern(value)
        except PatternError as error:
            raise ReponseError(f"Motif de commande invalide : {error}") from None
        return value
    value = value.replace("\\n", "\n").strip()
    if key == "mediateur_site" and value:
        if _ODR.search(value):
            raise ReponseError(
                "La plateforme européenne de règlement en ligne des litiges (RLL/ODR) a fermé "
                "le 20 juillet 2025 : indiquez le site de votre médiateur de la consommation."
            )
        if not _URL.match(value):
            raise ReponseError(
                f"Site du médiateur invalide : « {value} » (exemple : https://www.mediateur.fr)."
            )
        if not value.lower().startswith(("http://", "https://")):
            value = "https://" + value
    return value


def set_aside(env: Environment) -> Path | None:
    """A copy of an unreadable config beside it (private), before `init` replaces it."""
    path = env.config_path
    kept = path.with_name(path.name + ".illisible")
    try:
        write_atomic(kept, read_limited(path, MAX_YAML_BYTES), private=True)
    except (OSError, ReponseError):
        return None
    return kept


def save_config(env: Environment, values: dict[str, str]) -> Path:
    import yaml

    path = env.config_path
    clean: dict[str, Any] = {key: values[key] for key in (*FIELDS, *ADVANCED) if values.get(key)}
    header = "# Réglages de reponse ; modifiables ici ou avec « reponse init ».\n"

    class Dumper(yaml.SafeDumper):
        """A signature on several lines is written as a block, as it reads."""

    def text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
        style = "|" if "\n" in value else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, text)
    body = yaml.dump(
        clean, Dumper=Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False
    )
    write_atomic(path, header + body, private=True)
    return path
