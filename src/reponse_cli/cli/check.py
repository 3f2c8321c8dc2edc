"""`reponse check`: read a reply, report what would hurt or expose, fix the typography.

Thin: reading the input and choosing the output live here, the rules in `checker/`.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from reponse_cli.cli.options import env_of, file_argument, paste_box
from reponse_cli.errors import ExitStatus, ReponseError


class Format(StrEnum):
    text = "text"
    json = "json"


def check(
    ctx: typer.Context,
    file: Annotated[str | None, file_argument("La réponse à relire", paste=True)] = None,
    fmt: Annotated[
        Format,
        typer.Option("--format", help="text : une ligne par remarque ; json : pour un script."),
    ] = Format.text,
    fix: Annotated[
        bool,
        typer.Option(
            "--fix",
            help="Écrire le texte avec la typographie corrigée (espaces insécables, « Cdt ») ; "
            "les mots ne sont jamais changés.",
        ),
    ] = False,
    in_place: Annotated[
        bool, typer.Option("--in-place", help="Avec --fix : corriger le fichier lui-même.")
    ] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Code de sortie 1 dès le premier avertissement.")
    ] = False,
    edit: Annotated[
        bool,
        typer.Option(
            "--edit",
            help="Ouvrir le fichier dans votre éditeur ($VISUAL, $EDITOR), puis relire ce que "
            "vous en faites.",
        ),
    ] = False,
    rules: Annotated[
        list[Path] | None,
        typer.Option(
            "--rules",
            metavar="DOSSIER",
            help="Dossier de règles prioritaire (sinon $REPONSE_RULES), avant les vôtres "
            "et les règles intégrées.",
        ),
    ] = None,
) -> None:
    """Relire une réponse avant envoi : mots qui blessent, risques juridiques, étapes, typographie.

    Code de sortie : 0 si rien de bloquant, 1 si une erreur est trouvée (avec --strict, un
    avertissement aussi), 2 si la commande est mal utilisée.

    Vos règles : des fichiers YAML dans le dossier « rules » de vos données ; une règle de
    même id remplace la règle intégrée, « enabled: false » la désactive. Le format est
    décrit en tête du fichier rules/regles.yaml.
    """
    from reponse_cli.checker.check import check_text
    from reponse_cli.checker.fix import fix_text, fixed_count
    from reponse_cli.checker.rules import load_rules
    from reponse_cli.files.input import InputSpec, read_input
    from reponse_cli.files.write import write_atomic
    from reponse_cli.text.french import plural
    from reponse_cli.views.check import report_check

    env = env_of(ctx)
    if edit and (file is None or file == "-"):
        raise ReponseError(
            "--edit ouvre un fichier dans votre éditeur : indiquez-le (reponse check --edit "
            "reponse.txt)."
        )
    if edit and (fix or in_place):
        raise ReponseError(
            "--edit et --fix ne vont pas ensemble : relisez d'abord avec --edit, puis "
            "corrigez la typographie avec --fix."
        )
    if in_place:
        fix = True
    if in_place and (file is None or file == "-"):
        raise ReponseError(
            "--in-place corrige un fichier : indiquez-le (reponse check --fix --in-place FICHIER)."
        )
    if fix and not in_place and fmt is Format.json:
        raise ReponseError(
            "--fix écrit le texte corrigé sur la sortie standard : impossible d'y mettre aussi "
            "le JSON.",
            hint="Ajoutez --in-place pour corriger le fichier et obtenir le rapport en JSON.",
        )
    text, _ = read_input(
        env,
        file,
        InputSpec(
            what="la réponse à relire",
            command="reponse check",
            example_file="reponse.txt",
            empty="Rien à relire",
        ),
        paste=paste_box(env),
    )
    from reponse_cli.limits import REPLY_LIMIT, cap, cut_notice

    text, cut = cap(text, REPLY_LIMIT)
    if cut:
        if in_place or edit:  # writing back a cut text would lose the end of the file
            raise ReponseError(
                f"{file} est trop long pour être corrigé sur place "
                f"(plus de {REPLY_LIMIT // 1000} 000 caractères)."
            )
        env.stderr.write(cut_notice("la réponse", REPLY_LIMIT))
    ruleset = load_rules(env, rules)
    styled = env.color and bool(env.stdout_isatty)
    if edit:
        assert file is not None
        from reponse_cli.delivery.editor import edit_text

        edited = edit_text(env, text, suffix=Path(file).suffix or ".txt")
        if edited != text:
            write_atomic(Path(file), edited)
            env.stderr.write(f"Texte modifié enregistré dans {file}.\n")
        else:
            env.stderr.write(f"Texte inchangé : {file}.\n")
        text = edited

    if fix:
        before = check_text(text, ruleset)
        fixed = fix_text(text)
        result = check_text(fixed, ruleset)
        corrected = fixed_count(before) - fixed_count(result)
        if in_place:
            assert file is not None
            if fixed != text:
                write_atomic(Path(file), fixed)
                env.stderr.write(f"{plural(corrected, 'correction')} de typographie dans {file}.\n")
            else:
                env.stderr.write(f"Rien à corriger dans {file}.\n")
            report_check(
                result, fmt.value, strict, env.stdout, env.color and bool(env.stdout_isatty)
            )
        else:
            env.stdout.write(fixed)
            env.stdout.flush()
            report_check(
                result,
                "text",
                strict,
                env.stderr,
                env.color and bool(env.stderr_isatty),
                quiet_when_clean=True,
            )
    else:
        result = check_text(text, ruleset)
        report_check(result, fmt.value, strict, env.stdout, styled)
    failed = result.errors or (strict and result.warnings)
    raise typer.Exit(ExitStatus.FINDINGS if failed else ExitStatus.OK)
