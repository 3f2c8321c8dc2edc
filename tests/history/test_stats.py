"""The bilan on both stores: counts, shares, medians, satisfaction — and the advice."""

from __future__ import annotations

import datetime as dt

from reponse_cli.history.advice import advise, load_rules
from reponse_cli.history.service import History
from reponse_cli.history.stats import advice_context, bilan, previous_period

day = dt.date.fromisoformat


def fill(make_env, db_url, drafts, days: list[str], kind: str, tag: str | None = None, **close):
    """Record one dossier a day, as agents would on those days."""
    ids = []
    for when in days:
        env = make_env(REPONSE_DB=db_url, REPONSE_TODAY=when)
        history = History.open(env)
        try:
            recorded = history.record(drafts(kind, env=env))
            if tag:
                history.tag(recorded.id, [tag], [])
            if close:
                later = make_env(
                    REPONSE_DB=db_url,
                    REPONSE_TODAY=(
                        day(when) + dt.timedelta(days=close.pop("after", 4))
                    ).isoformat(),
                )
                History(later, history.store, "Camille").close_dossier(
                    recorded.id, close["result"], close.get("score"), None
                )
                close["after"] = 4
            ids.append(recorded.id)
        finally:
            history.close()
    return ids


def test_counts_shares_medians_and_satisfaction(make_env, db_url, drafts) -> None:
    late_days = ["2026-10-05", "2026-10-06", "2026-10-07", "2026-11-02"]
    fill(
        make_env,
        db_url,
        drafts,
        late_days,
        "late",
        "transporteur:colissimo",
        result="resolu",
        score=5,
        after=4,
    )
    fill(
        make_env,
        db_url,
        drafts,
        ["2026-11-03", "2026-11-04"],
        "refund",
        result="non-resolu",
        score=2,
        after=10,
    )
    fill(make_env, db_url, drafts, ["2025-10-01"], "late")  # the previous period
    env = make_env(REPONSE_DB=db_url)
    history = History.open(env)
    try:
        figures = bilan(history.store, day("2025-11-23"), day("2026-11-22"), env.today)
    finally:
        history.close()
    assert figures["total"] == 6 and figures["previous_total"] == 1
    assert figures["trend"] == 5.0
    assert figures["by_family"] == {"contractuel": 4, "financier": 2}
    assert figures["by_playbook"] == {"retard-livraison": 4, "remboursement-attente": 2}
    assert figures["by_tag"] == {"transporteur:colissimo": 4}
    assert figures["by_month"] == {"2026-10": 3, "2026-11": 3}
    assert figures["resolution_days_median"] == 4.0  # 4, 4, 4, 4, 10, 10
    assert figures["satisfaction"]["average"] == 4.0  # 5, 5, 5, 5, 2, 2
    assert figures["satisfaction"]["share_4_5"] == round(4 / 6, 4)
    assert figures["satisfaction"]["answers"] == 6
    by_playbook = figures["satisfaction"]["by_playbook"]
    assert by_playbook["remboursement-attente"] == {
        "average": 2.0,
        "share_4_5": 0.0,
        "answers": 2,
        "previous_average": None,
    }
    # Gestures: the shipping refunded on each late parcel (4,90 €), a 10 € voucher on each
    # late refund. Refunds: that shipping again, and the 89,90 € of each return.
    assert figures["gestures_total"] == 39.60
    assert figures["refunds_total"] == 199.40
    assert figures["open"] == 1  # the previous period's dossier is still open
    assert set(figures) >= {
        "period",
        "total",
        "by_family",
        "by_playbook",
        "by_tag",
        "resolution_days_median",
        "satisfaction",
        "gestures_total",
        "open",
        "overdue",
    }


def test_the_previous_period_has_the_same_length() -> None:
    assert previous_period(day("2026-11-01"), day("2026-11-30")) == (
        day("2026-10-02"),
        day("2026-10-31"),
    )


def test_advice_names_the_carrier_and_its_figures(make_env, db_url, drafts) -> None:
    days = [f"2026-10-{d:02d}" for d in range(5, 13)]
    fill(make_env, db_url, drafts, days, "late", "transporteur:colissimo")
    fill(make_env, db_url, drafts, ["2026-10-20"], "refund")
    env = make_env(REPONSE_DB=db_url)
    history = History.open(env)
    try:
        figures = bilan(history.store, day("2025-11-23"), day("2026-11-22"), env.today)
    finally:
        history.close()
    advice = {a["rule"]: a for a in advise(load_rules(env), advice_context(figures))}
    carrier = advice["transporteur-retards"]
    assert "pour «\u00a0colissimo\u00a0»" in carrier["text"]
    assert carrier["figures"][0] == "8 retards ou pertes avec «\u00a0colissimo\u00a0»"
    assert "prix-ttc-devis" not in advice
