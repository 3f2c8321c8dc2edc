"""Rule files: precedence, overriding field by field, French errors at `path:line`."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml

from reponse_cli.checker.check import check_text
from reponse_cli.checker.rules import load_rules
from reponse_cli.errors import RulesError


def write_rules(folder: Path, text: str, name: str = "mes-regles.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_user_rule_overrides_disables_and_adds(isolated: Path, env) -> None:
    text = "Madame,\n\nJe regrette, c'est impossible. Vos colis partent en palette."
    before = {f.rule: f.severity for f in check_text(text, load_rules(env)).findings}
    assert before["impossible"] == "error"
    assert before["je-regrette"] == "warning"
    write_rules(
        isolated / "data" / "rules",
        """\
        rules:
          - id: impossible
            severity: warning
          - id: je-regrette
            enabled: false
          - id: palette
            category: vocabulaire
            severity: error
            patterns: ["en palette"]
            suggestion: Dites « par transporteur ».
            why: Le client ne sait pas ce qu'est une palette.
        """,
    )
    after = {f.rule: f for f in check_text(text, load_rules(env)).findings}
    assert after["impossible"].severity == "warning"
    builtin = load_rules(env, []).get("palette")
    assert builtin is not None  # the user's folder is read, not only --rules
    assert "je-regrette" not in after
    assert after["palette"].excerpt == "en palette"
    assert after["palette"].suggestion == "Dites «\u00a0par transporteur\u00a0»."


def test_custom_folder_comes_first(isolated: Path, tmp_path: Path, env, make_env) -> None:
    write_rules(isolated / "data" / "rules", "rules: [{id: impossible, severity: warning}]\n")
    custom = tmp_path / "equipe"
    write_rules(custom, "rules: [{id: impossible, severity: error, why: Règle d'équipe.}]\n")
    text = "C'est impossible."
    assert check_text(text, load_rules(env)).findings[0].severity == "warning"
    found = check_text(text, load_rules(env, [custom])).findings[0]
    assert (found.severity, found.message) == ("error", "Règle d'équipe.")
    team = make_env(REPONSE_RULES=str(custom))
    assert check_text(text, load_rules(team)).findings[0].message == "Règle d'équipe."


def test_an_edited_rule_file_is_read_again(isolated: Path, env) -> None:
    folder = isolated / "data" / "rules"
    path = write_rules(folder, "rules: [{id: impossible, severity: warning}]\n")
    assert check_text("C'est impossible.", load_rules(env)).findings[0].severity == "warning"
    path.write_text("rules: [{id: impossible, severity: error}]   # relue\n", encoding="utf-8")
    assert check_text("C'est impossible.", load_rules(env)).findings[0].severity == "error"


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("rules:\n  - id: x\n    patterns: [oubli\n", 3, "« [ » ouvert ici n'est jamais refermé"),
        ("rules:\n  - id: a\n    severity: grave\n", 3, "severity"),
        ("rules:\n  - id: a\n    category: x\n    severty: error\n", 4, "Vouliez-vous dire"),
        (
            "rules:\n  - id: a\n    category: x\n    severity: error\n    suggestion: s\n"
            "    why: w\n    patterns:\n      - ok\n      - (oubli\n",
            9,
            "motif « (oubli »",
        ),
        ("rules:\n  - patterns: [x]\n", 2, "id"),
        ("- id: a\n  category: x\n  severity: error\n  suggestion: s\n  why: w\n", 1, "motif"),
    ],
)
def test_broken_rule_file_says_where(isolated: Path, env, text: str, line: int, words: str) -> None:
    path = write_rules(isolated / "data" / "rules", text)
    with pytest.raises(RulesError) as error:
        load_rules(env)
    assert error.value.exit_code == 2
    assert f"{path}:{line}:" in error.value.message
    assert words in error.value.message


def test_rule_files_are_loaded_safely(isolated: Path, env) -> None:
    write_rules(isolated / "data" / "rules", "rules: !!python/object/apply:os.system ['true']\n")
    with pytest.raises(RulesError, match="YAML invalide"):
        load_rules(env)


def test_no_built_in_rule_file_silently_redefines_another_ones_rule() -> None:
    # Same id in a later file replaces field by field: meant for the merchant's own
    # files, a slip between the shipped ones (a new rule hiding an old one).
    import yaml

    from reponse_cli.files.resources import resource_dir

    seen: dict[str, str] = {}
    for path in sorted(resource_dir("rules").glob("*.yaml")):
        for rule in yaml.safe_load(path.read_text(encoding="utf-8")).get("rules", []):
            assert rule["id"] not in seen, f"{rule['id']} : {seen.get(rule['id'])} et {path.name}"
            seen[rule["id"]] = path.name
    assert len(seen) > 50


def test_the_test_before_each_regex_never_hides_a_match(rules) -> None:
    # Every built-in pattern, on real-looking replies: where the regex finds something,
    # the cheap test that decides whether to run it must have said yes.
    from helpers import CORPUS
    from reponse_cli.text.fold import fold
    from reponse_cli.text.patterns import WordIndex

    texts = []
    for name in ("reel-dev.yaml", "reel-dev-2.yaml", "mauvaises.yaml", "bonnes.yaml"):
        texts += [e["text"] for e in yaml.safe_load((CORPUS / "check" / name).read_text())]
    matchers = [
        m
        for rule in rules.rules
        for kind in ("matchers", "unless", "only_if", "soften")
        for m in getattr(rule, kind)
    ]
    for text in texts:
        folded = fold(text)
        index = WordIndex(folded)
        for matcher in matchers:
            if matcher.search(folded):  # the plain search: letters, then the regex
                assert matcher.search(folded, index), (matcher.source, text[:60])


def test_rules_read_back_from_the_cache_find_what_fresh_ones_find(isolated: Path, env) -> None:
    # With a merchant's own rules the set is compiled and cached per user; the cache
    # keeps each pattern's words but not its regex (written when first needed): a
    # second run must see exactly what the first one saw.
    from helpers import CORPUS
    from reponse_cli.checker import rules as module

    write_rules(
        isolated / "data" / "rules",
        """\
        rules:
          - id: palette
            category: vocabulaire
            severity: error
            patterns: ["en palette"]
            suggestion: Dites « par transporteur ».
            why: Le client ne sait pas ce qu'est une palette.
        """,
    )
    fresh = load_rules(env)
    module._MEMO.clear()  # a new process: the disk cache only
    cached = load_rules(env)
    assert cached is not fresh and any(m.written is None for r in cached.rules for m in r.matchers)
    replies = yaml.safe_load((CORPUS / "check" / "reel-dev-2.yaml").read_text(encoding="utf-8"))
    for reply in replies:
        first = [(f.rule, f.start) for f in check_text(reply["text"], fresh).findings]
        again = [(f.rule, f.start) for f in check_text(reply["text"], cached).findings]
        assert first == again, reply["id"]


def test_the_shipped_rules_come_compiled_and_up_to_date(update_snapshots: bool) -> None:
    # A first run after the install reads the rules compiled with the package rather
    # than compiling them: that file must be the compiled form of rules/*.yaml today.
    from reponse_cli.checker import rules as module
    from reponse_cli.files.resources import resource_dir

    files = module.rule_files([resource_dir("rules")])
    if update_snapshots:
        module.PREBUILT.write_bytes(module.write_prebuilt(files))
    shipped = module.prebuilt(files)
    assert shipped is not None, "lancez pytest --update-snapshots : règles compilées périmées"
    fresh = module.build_rules(files)
    assert [r.id for r in shipped.rules] == [r.id for r in fresh.rules]
    assert all(m.written for r in shipped.rules for m in r.matchers)
    assert {r.origin for r in shipped.rules} <= {str(p) for p in files}
