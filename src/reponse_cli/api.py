"""The Python API: what a merchant's script can do without the command line.

    import reponse_cli

    draft = reponse_cli.draft(
        "retard-livraison",
        {"civilite": "madame", "commande": "48213", "date_promise": "18/11/2026"},
        solutions=["renvoi-express"],
    )
    print(draft.subject, draft.text, sep="\\n\\n")

    reading = reponse_cli.listen("Bonjour, toujours pas reçu ma commande 48213…")
    reading.best.playbook, reading.facts.orders, reading.escalation

    verdict = reponse_cli.check("Madame,\\n\\nC'est de votre faute.")
    verdict.ok, [f.rule for f in verdict.findings]

Values are typed exactly as with `--set` (« 49,90 », « 18/11/2026 », « hier »); a missing
or malformed value raises `reponse_cli.errors.ReponseError` with the French message the
command would print. The settings (agent, entreprise, mediateur_nom…) come from the
agent's configuration unless `settings` is given.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from reponse_cli.checker.document import CheckResult
from reponse_cli.config import Config
from reponse_cli.drafting.compose import Draft
from reponse_cli.drafting.worker import DraftRequest, Worker
from reponse_cli.env import Environment
from reponse_cli.listening.engine import Listening

__all__ = ["check", "draft", "listen"]


def _worker(env: Environment | None, settings: Mapping[str, str] | None) -> Worker:
    env = env or Environment.from_process()
    config = Config(values=dict(settings), exists=True) if settings is not None else None
    return Worker(env, config=config)


def draft(
    playbook: str,
    answers: Mapping[str, Any] | None = None,
    *,
    solutions: Iterable[str] = (),
    responsibility: str | None = None,
    message: str | None = None,
    settings: Mapping[str, str] | None = None,
    env: Environment | None = None,
) -> Draft:
    """A reply from a playbook (an id or a path) and answers, checked by the checker."""
    request = DraftRequest(
        playbook=playbook,
        answers=dict(answers or {}),
        solutions=list(solutions),
        responsibility=responsibility,
        message=message,
    )
    return _worker(env, settings).draft(request)


def listen(message: str, *, env: Environment | None = None) -> Listening:
    """Read a customer's message: fitting playbooks, facts, warning signs."""
    return _worker(env, None).read(message)


def check(text: str, *, env: Environment | None = None) -> CheckResult:
    """Read a reply as `reponse check` does: findings, the parts present, the verdict."""
    return _worker(env, None).check(text)
