"""Arbitrary input, thrown at listen, check and the scripted draft (Hypothesis).

Whatever comes in — text, bytes, answer values of any type — reponse answers with a
draft, a reading, a verdict or one of its own French errors, in bounded time, and never
evaluates what it was given as a template. Deadlines here only guard against a hang;
throughput is measured in bench/.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reponse_cli.checker.check import check_text
from reponse_cli.drafting.worker import DraftRequest, Worker
from reponse_cli.errors import ReponseError
from reponse_cli.files.input import InputSpec, read_input
from reponse_cli.playbooks.library import Library

GUARD = settings(
    max_examples=int(os.environ.get("REPONSE_FUZZ_EXAMPLES", "60")),
    deadline=dt.timedelta(seconds=10),  # a hang guard, not a measurement
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Text as customers and agents paste it: any character, plus the ones that matter here.
PIECES = ["{{ ", " }}", "{% ", " %}", "tu vous ", "c'est de votre faute", "49,90 €", "n° 48213"]
TEXT = st.lists(
    st.one_of(
        st.characters(),
        st.sampled_from(list("{}%#€«»\u202f\u00a0'’\n\r\t!?;:*()[]|\\")),
        st.sampled_from(PIECES),
    ),
    max_size=120,
).map("".join)
VALUES = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=True, allow_infinity=True),
        st.decimals(allow_nan=True, allow_infinity=True),
        st.dates(),
        TEXT,
    ),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)
KEYS = st.sampled_from(
    [
        "civilite",
        "nom",
        "commande",
        "produit",
        "montant",
        "date_commande",
        "date_promise",
        "occasion",
        "evenement",
        "statut_colis",
        "delai_express",
        "frais_port",
        "responsibility",
        "solutions",
        "empathy",
        "follow_up",
        "reformulation",
    ]
)


@pytest.fixture
def worker(env, configured) -> Worker:
    return Worker(env, Library(env))


@GUARD
@given(text=TEXT)
def test_listen_reads_any_text(worker: Worker, text: str) -> None:
    try:
        reading = worker.read(text)
    except ReponseError:
        return
    reading.as_json()  # what `listen --format json` prints


@GUARD
@given(text=TEXT)
def test_check_reads_any_text(worker: Worker, text: str) -> None:
    result = check_text(text, worker.rules())
    assert isinstance(result.as_json()["ok"], bool)


@GUARD
@given(data=st.binary(max_size=400))
def test_any_bytes_are_read_or_refused_in_french(make_env, tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "message.txt"
    path.write_bytes(data)
    spec = InputSpec(
        what="le message", command="reponse listen", example_file="m.txt", empty="Rien à lire"
    )
    try:
        text, _ = read_input(make_env(), str(path), spec)
    except ReponseError as error:
        assert error.message  # French, one line per problem
        return
    assert text.strip()


@GUARD
@given(answers=st.dictionaries(KEYS, VALUES, max_size=5), marker=TEXT)
def test_the_scripted_draft_takes_any_answers(worker: Worker, answers: dict, marker: str) -> None:
    # An agent's answer is data: a template in it is printed, never evaluated.
    typed = {"commande": "{{ 6*7 }}" + "".join(c for c in marker if c.isalnum())[:10]}
    request = DraftRequest(
        playbook="retard-livraison",
        answers={"date_promise": "18/11/2026", **typed, **answers},
    )
    try:
        draft = worker.draft(request)
    except ReponseError as error:
        assert error.message
        return
    if "commande" not in answers:
        assert "{{ 6*7 }}" in draft.subject and "42" not in draft.subject
    draft.as_json()
