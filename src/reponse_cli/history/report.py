"""The bilan as CSV, for a spreadsheet: one line a figure (rubrique, nom, valeur, part)."""

from __future__ import annotations

import csv
import io
from typing import Any

SECTIONS = {
    "by_family": "famille",
    "by_playbook": "playbook",
    "by_tag": "etiquette",
    "by_month": "mois",
    "by_agent": "agent",
    "by_responsibility": "responsabilite",
    "by_result": "resultat",
}
FIGURES = {
    "total": "litiges",
    "previous_total": "litiges periode precedente",
    "open": "dossiers ouverts",
    "overdue": "suivis en retard",
    "closed": "dossiers fermes",
    "resolution_days_median": "resolution mediane (jours)",
    "repeat_customers": "clients recurrents",
    "gestures_total": "gestes commerciaux (EUR)",
    "refunds_total": "remboursements (EUR)",
    "escalated": "dossiers avec escalade",
}


def as_csv(data: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["rubrique", "nom", "valeur", "part"])
    writer.writerow(["periode", "du", data["period"]["since"], ""])
    writer.writerow(["periode", "au", data["period"]["until"], ""])
    total = data["total"]
    for key, label in FIGURES.items():
        value = data.get(key)
        writer.writerow(["chiffre", label, "" if value is None else value, ""])
    for key, section in SECTIONS.items():
        for name, count in data[key].items():
            part = round(count / total, 4) if total and key != "by_tag" else ""
            writer.writerow([section, name, count, part])
    satisfaction = data["satisfaction"]
    writer.writerow(["satisfaction", "moyenne", satisfaction["average"] or "", ""])
    writer.writerow(
        ["satisfaction", "notes 4-5", satisfaction["answers"], satisfaction["share_4_5"]]
    )
    for name, row in satisfaction["by_playbook"].items():
        writer.writerow(["satisfaction playbook", name, row["average"], row["share_4_5"]])
    for advice in data["advice"]:
        writer.writerow(["conseil", advice["rule"], advice["text"], " ; ".join(advice["figures"])])
    return out.getvalue()
