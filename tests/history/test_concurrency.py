"""Several agents at once: 4 processes × 50 recordings and updates, nothing lost.

Each process records 50 dossiers and adds 50 tags to one shared dossier; a change made
on a version someone else has just moved is refused (Conflict) and retried, as an agent
would. On SQLite (one file, WAL) and on PostgreSQL alike, the counts must be exact.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

from reponse_cli.history.models import Query

PROCESSES, EACH = 4, 50

WORKER = textwrap.dedent(
    """
    import sys
    from reponse_cli.api import draft
    from reponse_cli.env import Environment
    from reponse_cli.history.service import History
    from reponse_cli.history.store import Conflict

    number, shared, each = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    env = Environment()
    reply = draft(
        "retard-livraison",
        {"commande": "48213", "date_promise": "18/11/2026", "nom": f"Agent {number}"},
        env=env,
    )
    history = History.open(env)
    conflicts = 0
    for n in range(each):
        history.record(reply)
        while True:
            dossier = history.store.get(shared)
            try:
                history.store.update(
                    shared,
                    dossier.version,
                    history.event("etiquette"),
                    tags=([f"p{number}-{n}"], []),
                )
                break
            except Conflict:
                conflicts += 1
    history.close()
    print(conflicts)
    """
)


def test_four_agents_at_once_lose_nothing(history, drafts, process_env, db_url) -> None:
    shared = history.record(drafts()).id
    env = {**process_env, "REPONSE_DB": db_url}
    children = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(i), str(shared), str(EACH)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(PROCESSES)
    ]
    outputs = [child.communicate(timeout=240) for child in children]
    for child, (_, err) in zip(children, outputs, strict=True):
        assert child.returncode == 0, err
    _, total = history.store.summaries(Query(limit=1))
    assert total == 1 + PROCESSES * EACH
    tags = history.store.get(shared).tags
    assert len(tags) == PROCESSES * EACH
    assert sorted(tags) == sorted(f"p{i}-{n}" for i in range(PROCESSES) for n in range(EACH))
    assert history.store.get(shared).version == 1 + PROCESSES * EACH
