"""The renderer and the composer: sandbox, strictness, French formats, sections."""

import contextlib
import datetime as dt
from pathlib import Path

import jinja2
import pytest

from helpers import MINIMAL
from reponse_cli.config import Config
from reponse_cli.drafting.compose import Composer, DraftState, due_date
from reponse_cli.drafting.render import Renderer
from reponse_cli.errors import ReponseError
from reponse_cli.method import SECTIONS
from reponse_cli.playbooks.library import PlaybookRef
from reponse_cli.playbooks.loading import parse_playbook
from reponse_cli.text.french import Money

DAY = dt.date(2026, 11, 20)  # a Friday
CONFIG = Config(
    values={
        "agent": "Camille Martin",
        "entreprise": "Atelier Exemple",
        "mediateur_nom": "Médiation Exemple",
        "mediateur_site": "https://www.mediation-exemple.fr",
    },
    exists=True,
)


def composer_for(path: Path, config: Config = CONFIG) -> Composer:
    ref = PlaybookRef(path.stem, path, "file")
    return Composer(ref, parse_playbook(path), config, DAY)


def test_agent_text_is_data_never_a_template(write_playbook) -> None:
    composer = composer_for(write_playbook())
    state = DraftState("essai", answers={"commande": "{{ 7*7 }}", "nom": "{{ range(3) | list }}"})
    state.empathy = 2
    draft = composer.compose(state)
    assert "votre commande {{ 7*7 }} pose problème" in draft.text
    assert "{{ range(3) | list }}, je vous comprends" in draft.text
    assert "49" not in draft.text


def test_custom_empathy_and_reformulation_are_data(write_playbook) -> None:
    composer = composer_for(write_playbook())
    state = DraftState(
        "essai",
        answers={"commande": "1"},
        empathy="Je vois {{ config }} bien.",
        reformulation="Vous dites {{ 1 + 1 }}.",
    )
    draft = composer.compose(state)
    assert "Je vois {{ config }} bien." in draft.sections["empathy"]
    assert draft.sections["listen"] == "Vous dites {{ 1 + 1 }}."


def test_sandbox_blocks_attribute_tricks_in_playbooks(write_playbook) -> None:
    text = MINIMAL.replace(
        "Toutes nos excuses.", "\"{{ ''.__class__.__mro__[1].__subclasses__() }}\""
    )
    composer = composer_for(write_playbook(text=text))
    with pytest.raises(ReponseError, match="interdite"):
        composer.compose(DraftState("essai", answers={"commande": "1"}))


def test_a_missing_answer_is_an_error_not_a_hole(write_playbook) -> None:
    # Printed outside an {% if %} (validate refuses it), a blank optional answer stops
    # the draft rather than leave a hole.
    text = MINIMAL.replace("Je vous envoie un article neuf.", "Je remplace votre {{ produit }}.")
    text = text.replace('"{% if nom %}{{ nom }}, je{% else %}Je{% endif %}', '"{{ nom }}, je')
    composer = composer_for(write_playbook(text=text))
    with pytest.raises(ReponseError, match="Valeur manquante : « nom »"):
        composer.compose(DraftState("essai", answers={"produit": "réveil"}, empathy=2))
    with pytest.raises(ReponseError, match="Valeur manquante : « produit »"):
        composer.compose(DraftState("essai", answers={}))


def test_a_missing_setting_says_to_run_init(write_playbook) -> None:
    text = MINIMAL.replace("Toutes nos excuses.", '"Voir {{ mediateur_site }}."')
    composer = composer_for(write_playbook(text=text), Config())
    with pytest.raises(ReponseError) as caught:
        composer.compose(DraftState("essai", answers={"commande": "1"}))
    assert "Réglage manquant : « mediateur_site »" in caught.value.message
    assert "reponse init" in (caught.value.hint or "")


def test_optional_answers_can_be_tested_in_conditions(write_playbook) -> None:
    text = MINIMAL.replace(
        "Je comprends votre déception.",
        '"{% if nom %}Cher client{% else %}Je comprends.{% endif %}"',
    )
    draft = composer_for(write_playbook(text=text)).compose(
        DraftState("essai", answers={"commande": "1"})
    )
    assert "Je comprends." in draft.text


@pytest.mark.parametrize(
    ("civilite", "greeting"),
    [("madame", "Madame,"), ("monsieur", "Monsieur,"), ("neutre", "Madame, Monsieur,")],
)
def test_greeting_from_civilite(write_playbook, civilite: str, greeting: str) -> None:
    draft = composer_for(write_playbook()).compose(
        DraftState("essai", answers={"commande": "1", "civilite": civilite})
    )
    assert draft.sections["greeting"] == greeting
    assert draft.text.startswith(greeting + "\n\n")


def test_sections_follow_the_method_and_signature_comes_from_config(write_playbook) -> None:
    draft = composer_for(write_playbook()).compose(
        DraftState(
            "essai",
            answers={"commande": "A-1", "remise_pct": 15},
            solutions=["remplacement", "remise"],
        )
    )
    assert tuple(draft.sections) == tuple(SECTIONS)
    assert all(draft.sections.values())
    positions = [draft.text.index(draft.sections[name][:20]) for name in SECTIONS]
    assert positions == sorted(positions)
    assert draft.sections["solutions"] == (
        "Je vous envoie un article neuf. En plus, je vous offre 15\u202f% de remise."
    )
    assert draft.sections["closing"].endswith(
        "Bien cordialement,\n\nCamille Martin\nAtelier Exemple"
    )
    assert draft.subject == "Commande A-1"


def test_one_solution_reads_as_a_sentence_several_as_a_choice(write_playbook) -> None:
    composer = composer_for(write_playbook())
    one = composer.compose(
        DraftState("essai", answers={"commande": "1"}, solutions=["remplacement"])
    )
    assert one.sections["solutions"] == "Je vous envoie un article neuf."
    two = composer.compose(
        DraftState(
            "essai",
            answers={"commande": "1", "remise_pct": 5},
            solutions=["remplacement", "remise"],
        )
    )
    # A gesture is not an alternative: nothing to choose between, no list.
    assert "au choix" not in two.sections["solutions"]
    assert "\n- " not in two.sections["solutions"]


def test_follow_up_dates_are_rendered_in_french_and_skip_sundays(write_playbook) -> None:
    draft = composer_for(write_playbook()).compose(DraftState("essai", answers={"commande": "1"}))
    (item,) = draft.follow_up
    assert item.due == dt.date(2026, 11, 23)  # Friday + 2 days = Sunday → Monday
    assert "d'ici le 23 novembre 2026" in draft.sections["follow_up"]
    assert due_date(dt.date(2026, 11, 20), 1).isoformat() == "2026-11-21"


def test_typography_applies_to_the_whole_reply(write_playbook) -> None:
    draft = composer_for(write_playbook()).compose(
        DraftState("essai", answers={"commande": "1"}, empathy="Vraiment désolés ! Merci : «ok»")
    )
    assert "désolés\u202f! Merci\u00a0: «\u00a0ok\u00a0»" in draft.text


def test_french_filters() -> None:
    renderer = Renderer([])
    context = {"m": Money("1234.5"), "d": dt.date(2026, 6, 1), "x": "texte"}
    assert renderer.render("{{ m }}", context, "t") == "1\u202f234,50\u00a0€"
    assert renderer.render("{{ (m * 2) | money }}", context, "t") == "2\u202f469\u00a0€"
    assert renderer.render("le {{ d | date }}", context, "t") == "le 1er juin 2026"
    assert renderer.render("{{ d | jour }}", context, "t") == "lundi 1er juin"
    assert renderer.render("{{ x | phrase }}", context, "t") == "texte."


def test_a_playbook_can_bring_its_own_template(write_playbook, tmp_path: Path) -> None:
    folder = tmp_path / "playbooks"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "court.txt.j2").write_text(
        '{% extends "reply.txt.j2" %}{% block empathy %}Nous sommes de votre côté.{% endblock %}',
        encoding="utf-8",
    )
    path = write_playbook(text=MINIMAL + "template: court.txt.j2\n")
    draft = composer_for(path).compose(DraftState("essai", answers={"commande": "1"}))
    assert draft.sections["empathy"] == "Nous sommes de votre côté."
    assert draft.sections["apology"] == "Toutes nos excuses."


def test_a_missing_template_is_named(write_playbook) -> None:
    path = write_playbook(text=MINIMAL + "template: absent.txt.j2\n")
    with pytest.raises(ReponseError, match=r"Modèle introuvable : « absent\.txt\.j2 »"):
        composer_for(path).compose(DraftState("essai", answers={"commande": "1"}))


@pytest.mark.parametrize(
    "source, reason",
    [
        ("{{ 'x' * 10000000 }}", "texte trop grand"),
        ("{{ 2 ** 10000000 }}", "nombre trop grand"),
        ("{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}", "tours"),
        ("{{ 'x'|center(100000000) }}", "trop grand"),
        ("{{ '%0999999999d'|format(1) }}", "largeur de format"),
        ("{{ '{:>999999999}'.format(1) }}", "largeur de format"),
        ("{{ 'x'.ljust(1000000000) }}", "trop grand"),
        ("{{ (['x' * 1000] * 1000)|join }}", "texte trop grand"),
        ("{{ ['x' * 100] * 100000 }}", "trop grand"),
        (
            "{% set ns = namespace(x='x' * 500000) %}"
            "{% for i in range(30) %}{% set ns.x = ns.x ~ ns.x %}{% endfor %}{{ ns.x }}",
            "texte trop grand",
        ),
        ("{% set l = [1] %}{% for i in range(40) %}{{ l.extend(l) or '' }}{% endfor %}", "liste"),
        ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "appels imbriqués"),
    ],
)
def test_the_sandbox_stops_exhaustion_fast_in_french(source: str, reason: str) -> None:
    import time

    start = time.monotonic()
    with pytest.raises(ReponseError) as caught:
        Renderer([]).render(source, {}, "la phrase d'essai")
    assert time.monotonic() - start < 3
    assert caught.value.message.startswith("Modèle arrêté dans la phrase d'essai")
    assert reason in caught.value.message


def test_the_limits_leave_ordinary_templates_alone() -> None:
    source = (
        "{{ 3 * 4 }} {{ 'ab' ~ 'c' }} {% for i in range(3) %}{{ i }}{% endfor %} "
        "{{ [1, 2]|join(', ') }} {{ 'x' * 3 }} {{ 10 ** 3 }} {{ montant|money }}"
    )
    assert (
        Renderer([]).render(source, {"montant": "12,5"}, "t")
        == "12 abc 012 1, 2 xxx 1000 12,50\xa0€"
    )


def test_each_block_is_what_the_template_writes_or_what_it_gives_alone(tmp_path) -> None:
    """The sections are taken as the whole text writes them; a block the text does not
    write (an override inside a false condition) is rendered alone."""
    (tmp_path / "base.txt.j2").write_text(
        "{% block greeting %}Bonjour {{ nom }},{% endblock %}\n\n"
        "{% if montrer %}{% block closing %}Au revoir.{% endblock %}{% endif %}\n",
        encoding="utf-8",
    )
    (tmp_path / "propre.txt.j2").write_text(
        '{% extends "base.txt.j2" %}{% block greeting %}Chère {{ nom }},{% endblock %}',
        encoding="utf-8",
    )
    renderer = Renderer([tmp_path])
    template = renderer.template("propre.txt.j2")
    shown, sections = renderer.render_blocks(
        template, {"nom": "Ana", "montrer": True}, ("greeting", "closing")
    )
    assert shown == "Chère Ana,\nAu revoir."
    assert sections == {"greeting": "Chère Ana,", "closing": "Au revoir."}
    hidden, sections = renderer.render_blocks(
        template, {"nom": "Ana", "montrer": False}, ("greeting", "closing")
    )
    assert hidden.strip() == "Chère Ana,"
    assert sections == {"greeting": "Chère Ana,", "closing": "Au revoir."}


def test_a_text_that_reads_the_solutions_follows_them_on_one_composer(write_playbook) -> None:
    """The composer keeps what a text or a condition gave on given facts: one that reads
    the solutions chosen is rendered again for other solutions, the others are not."""
    path = write_playbook(
        text=MINIMAL.replace(
            "    text: Je vous confirme l'envoi d'ici le {{ due }}.\n",
            "    text: >-\n"
            "      {% if 'remise' in solutions_choisies %}La remise part d'ici le {{ due }}.\n"
            "      {% else %}Je vous confirme l'envoi d'ici le {{ due }}.{% endif %}\n"
            "  - id: relance\n"
            "    stage: after\n"
            "    after_days: 9\n"
            "    label: Relancer\n"
            "    when: \"'remise' in solutions_choisies\"\n"
            "    text: Je reviens vers vous sur la remise.\n",
        )
    )
    composer = composer_for(path)
    plans = [
        [
            (item.id, item.text.split(" d'ici")[0])
            for item in composer.compose(
                DraftState("essai", answers={"commande": "A-1", "remise_pct": 10}, solutions=chosen)
            ).follow_up
        ]
        for chosen in (["remplacement"], ["remplacement", "remise"], ["remplacement"])
    ]
    assert plans == [
        [("confirmation", "Je vous confirme l'envoi")],
        [("confirmation", "La remise part"), ("relance", "Je reviens vers vous sur la remise.")],
        [("confirmation", "Je vous confirme l'envoi")],
    ]


@pytest.mark.parametrize(
    ("source", "reads"),
    [
        ("Bonjour.", ()),
        ("{% if 'avoir' in solutions_choisies %}A{% endif %}", ("avoir",)),
        (
            "{% if 'a' not in solutions_choisies and 'b' in solutions_choisies %}x{% endif %}"
            "{{ 'oui' if 'a' in solutions_choisies }}",
            ("a", "b"),
        ),
        ("{% if solutions_choisies | length > 1 %}x{% endif %}", None),
        ("{% for s in solutions_choisies %}{{ s }}{% endfor %}", None),
        ("{% set s = solutions_choisies %}{{ 'a' in s }}", None),
        ("{% include 'autre.txt.j2' %}{{ 'a' in solutions_choisies }}", None),
        ("{% if 'a' in solutions_choisies %}", None),  # invalid: left to the rendering
    ],
)
def test_what_a_text_reads_of_the_solutions_chosen(source: str, reads) -> None:
    """A text that only asks whether some ids are chosen renders the same for any two
    sets that agree on them; any other use sees the whole list."""
    from reponse_cli.drafting.render import solution_reads

    assert solution_reads(Renderer([]), source) == reads
    # `validate` reads it from the parse it already made: the same answer.
    renderer = Renderer([])
    with contextlib.suppress(jinja2.TemplateSyntaxError):
        renderer.analyse(source)
    assert solution_reads(renderer, source) == reads


def test_que_elides_before_a_vowel_as_french_writes_it() -> None:
    """« vous nous écrivez que elle ne chauffe plus » is a mistake a customer sees."""
    renderer = Renderer([])

    def que(text: str) -> str:
        return renderer.render("vous nous écrivez {{ t | que }}", {"t": text}, "t")

    assert que("elle ne chauffe plus") == "vous nous écrivez qu'elle ne chauffe plus"
    assert que("Il manque le chargeur") == "vous nous écrivez qu'Il manque le chargeur"
    assert que("le réveil ne sonne pas") == "vous nous écrivez que le réveil ne sonne pas"
    assert que("oui, deux fois") == "vous nous écrivez que oui, deux fois"
    assert que("{{ 7 * 7 }}") == "vous nous écrivez que {{ 7 * 7 }}"  # data, never a template
