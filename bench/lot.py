"""`reponse lot` at scale: a generated export of realistic tickets, throughput and memory.

Generates N tickets (default 10,000) in the shapes of a Zendesk JSON export (one ticket
a line, with its comments) and a Freshdesk CSV export — varied French complaints made of
short pieces combined (openings, the problem in several wordings, order numbers, dates,
amounts, feelings, the odd threat, SMS spelling, missing accents, signatures) — then
times `reponse lot` with `--jobs 1` and `--jobs 2` in the same run and reads the peak
memory of each. Targets (issue 16): 100 tickets/s on one core, 200 with `--jobs 2`;
memory flat (the peak on N tickets barely above the peak on N/5).

    python bench/lot.py                    # 10,000 tickets, both exports, both job counts
    python bench/lot.py --tickets 1000     # quicker
    python bench/lot.py --profile 200      # where the time goes, in one process
    python bench/lot.py --generate DIR     # only write the exports, to try them by hand

Not a test: figures for a person to read; exit 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TODAY = "2026-11-22"
ONE_CORE_TARGET = 100.0
TWO_JOBS_TARGET = 200.0
MEMORY_GROWTH_TARGET = 1.25

OPENINGS = [
    "Bonjour,",
    "Bonjour Madame, Monsieur,",
    "Bonsoir,",
    "Madame, Monsieur,",
    "Bjr,",
    "Bonjour à l'équipe,",
    "",
]
# situation → ways a customer puts it; {o} an order number, {d} a date, {m} an amount
PROBLEMS: dict[str, list[str]] = {
    "retard": [
        "ma commande {o} devait arriver le {d} et je n'ai toujours rien reçu.",
        "j'attends toujours mon colis, commande {o}, promis pour le {d}.",
        "le suivi de la commande {o} n'a pas bougé depuis le {d}, la livraison a du retard.",
        "toujours pas recu ma commande {o} alors que la date de livraison était le {d}",
        "c'était un cadeau d'anniversaire pour le {d} et la commande {o} n'est pas là.",
    ],
    "perdu": [
        "le suivi indique que la commande {o} a été livrée mais je n'ai jamais eu le colis.",
        "mon colis est perdu : plus aucune nouvelle de la commande {o} depuis le {d}.",
        "le transporteur dit livré le {d}, ma boîte aux lettres était vide. Commande {o}.",
    ],
    "casse": [
        "le colis de la commande {o} est arrivé écrasé et le vase est cassé.",
        "j'ai reçu ma commande {o} le {d}, le carton était abîmé et l'article endommagé.",
        "l'article de la commande {o} est arrivé brisé, le colis était tout cabossé.",
    ],
    "panne": [
        "le réveil de la commande {o} ne sonne pas, il est défectueux dès la réception.",
        "l'appareil reçu le {d} ne s'allume plus du tout, commande {o}.",
        "mon grille-pain commandé sous le numéro {o} est tombé en panne au bout de trois jours.",
        "la bouilloire ne chauffe pas, elle ne fonctionne pas depuis la livraison le {d}.",
    ],
    "usure": [
        "la semelle de mes bottes se décolle après même pas deux mois, commande {o}.",
        "la fermeture éclair du sac acheté le {d} a lâché, usure bien trop rapide.",
        "le cuir de mes chaussures est déjà usé après six semaines (commande {o}).",
    ],
    "erreur": [
        "j'avais commandé un pull rose et j'ai reçu une chemise violette. Commande {o}.",
        "ce n'est pas le bon article : j'ai reçu une taille 44 au lieu d'un 38, commande {o}.",
        "erreur dans ma commande {o}, le produit reçu n'est pas celui que j'ai commandé.",
    ],
    "manquant": [
        "il manque un article dans le colis de la commande {o} : les deux verres ne sont pas là.",
        "le câble de charge n'était pas dans le carton, commande {o} reçue le {d}.",
        "article manquant dans ma commande {o}, le colis était incomplet.",
    ],
    "echange": [
        "j'ai renvoyé le produit cassé le {d} et j'attends toujours l'échange.",
        "cela fait une semaine que mon retour est arrivé chez vous, toujours pas d'échange "
        "pour la commande {o}.",
    ],
    "remboursement": [
        "j'ai retourné l'article le {d} et je ne suis toujours pas remboursé de {m}.",
        "toujours pas de remboursement pour la commande {o}, le retour a été reçu le {d}.",
        "vous m'aviez promis un remboursement de {m} il y a deux semaines, je n'ai rien vu.",
    ],
    "lavage": [
        "mon pull a rétréci au premier lavage à 30 degrés, commande {o}.",
        "la poêle a perdu son revêtement après un passage au lave-vaisselle.",
        "la chemise a déteint au lavage alors que j'ai suivi l'étiquette.",
    ],
    "tva": [
        "la facture est plus élevée que le prix annoncé : {m} au lieu du prix affiché, la TVA "
        "n'était pas indiquée.",
        "le montant facturé ne correspond pas au devis, vous avez ajouté la TVA après coup.",
    ],
    "double": [
        "j'ai été débité deux fois de {m} pour la commande {o}.",
        "double prélèvement sur mon compte : deux fois {m} le {d}.",
        "vous m'avez facturé deux fois la même commande {o}.",
    ],
    "promo": [
        "mon code promo n'a pas été appliqué sur la commande {o}.",
        "le code de réduction BIENVENUE10 a été refusé au paiement alors qu'il était valable.",
    ],
    "facture": [
        "le numéro de TVA sur la facture de la commande {o} est faux.",
        "la facture est au mauvais nom et à l'ancienne adresse, merci de la corriger.",
        "je n'ai jamais reçu la facture de la commande {o}, j'en ai besoin pour ma comptabilité.",
    ],
    "contrat": [
        "je conteste la clause d'engagement de douze mois, on ne m'en avait pas parlé.",
        "mon abonnement a été reconduit sans aucun rappel, je conteste les frais de résiliation.",
    ],
    "prestation": [
        "la traduction devait être livrée le {d}, je l'attends toujours : la prestation est "
        "en retard.",
        "le site livré n'a pas la page de contact prévue au devis, la prestation n'est pas "
        "conforme.",
    ],
    "retractation": [
        "j'ai exercé mon droit de rétractation le {d} et vous me proposez un avoir au lieu "
        "d'un remboursement.",
        "je me suis rétracté dans les 14 jours, pourquoi les frais de livraison ne sont pas "
        "remboursés ?",
    ],
    "avis": [
        "★☆☆☆☆ livraison interminable, je ne recommande pas cette boutique.",
        "je vais laisser un avis négatif, le service client ne répond jamais.",
    ],
}
FEELINGS = [
    "Je suis très déçue.",
    "C'est vraiment pénible.",
    "Je commence à perdre patience.",
    "Merci de faire le nécessaire rapidement.",
    "C'est la deuxième fois que cela m'arrive.",
    "J'espère une solution rapide.",
    "",
    "",
]
THREATS = [
    "Sans réponse sous 48 h je contacte UFC-Que Choisir.",
    "Je vais faire opposition auprès de ma banque.",
    "Je vais en parler sur les réseaux sociaux.",
    "Mon avocat sera informé.",
    "Je vais faire un signalement sur SignalConso.",
]
CLOSINGS = ["Cordialement,", "Merci d'avance,", "Bien à vous,", "Merci", "Cdlt", ""]
FIRST = ["Marie", "Paul", "Sophie", "Karim", "Julie", "Thomas", "Inès", "Lucas", "Chloé", "Hugo"]
LAST = ["Dupont", "Martin", "Bernard", "Petit", "Robert", "Richard", "Durand", "Moreau"]
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre"]  # fmt: skip
SMS = {"je ne": "j", "toujours": "tjrs", "commande": "cde", "rien": "r1", "pas": "pa"}
ACCENTS = str.maketrans("éèêàçôûùî", "eeeacouui")


def _date(rng: random.Random) -> str:
    day = rng.randint(1, 28)
    month = rng.choice([10, 11])
    style = rng.randint(0, 2)
    if style == 0:
        return f"{day:02d}/{month:02d}"
    if style == 1:
        return f"{'1er' if day == 1 else day} {MONTHS[month - 1]}"
    return f"{day:02d}/{month:02d}/2026"


def _order(rng: random.Random) -> str:
    number = rng.randint(10000, 99999)
    return rng.choice([str(number), f"n° {number}", f"#{number}", f"CMD-2026-{number % 10000:04d}"])


def _amount(rng: random.Random) -> str:
    euros, cents = rng.randint(5, 400), rng.choice([0, 90, 99, 50])
    return rng.choice([f"{euros},{cents:02d} €", f"{euros}.{cents:02d}€", f"{euros} euros"])


def message(rng: random.Random) -> tuple[str, str]:
    """A situation and a customer's message about it."""
    situation = rng.choice(list(PROBLEMS))
    problem = rng.choice(PROBLEMS[situation]).format(o=_order(rng), d=_date(rng), m=_amount(rng))
    parts = [rng.choice(OPENINGS), problem[0].upper() + problem[1:], rng.choice(FEELINGS)]
    if rng.random() < 0.06:
        parts.append(rng.choice(THREATS))
    parts += [rng.choice(CLOSINGS), f"{rng.choice(FIRST)} {rng.choice(LAST)}"]
    text = "\n".join(p for p in parts if p)
    roll = rng.random()
    if roll < 0.08:
        for word, short in SMS.items():
            text = text.replace(word, short)
    elif roll < 0.18:
        text = text.translate(ACCENTS)
    elif roll < 0.22:
        text = text.upper()
    return situation, text


def subject_of(situation: str) -> str:
    return {
        "retard": "Commande en retard",
        "perdu": "Colis introuvable",
        "casse": "Colis abîmé",
        "panne": "Produit en panne",
        "double": "Double débit",
        "facture": "Facture",
    }.get(situation, "Réclamation")


def generate(folder: Path, count: int, seed: int = 16) -> tuple[Path, Path]:
    """`zendesk.jsonl` and `freshdesk.csv`, each of `count` tickets."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    zendesk, freshdesk = folder / "zendesk.jsonl", folder / "freshdesk.csv"
    with (
        zendesk.open("w", encoding="utf-8") as z,
        freshdesk.open("w", encoding="utf-8", newline="") as f,
    ):
        table = csv.writer(f)
        table.writerow(
            ["Ticket ID", "Subject", "Description", "Status", "Priority", "Source", "Type",
             "Agent", "Group", "Created time", "Full name", "Email", "Contact ID"]
        )  # fmt: skip
        for n in range(count):
            situation, text = message(rng)
            first, last = rng.choice(FIRST), rng.choice(LAST)
            address = f"{first}.{last}{n}@example.fr".lower()
            requester = 360000 + n
            comments = [_comment(n * 10, requester, text)]
            status = "open"
            roll = rng.random()
            if roll < 0.1:  # an agent answered, the customer wrote again
                comments.append(_comment(n * 10 + 1, 42, "Bonjour, nous regardons cela."))
                _, again = message(rng)
                comments.append(_comment(n * 10 + 2, requester, again))
            elif roll < 0.13:
                status = "solved"
            ticket = {
                "url": f"https://boutique.zendesk.com/api/v2/tickets/{n + 1}.json",
                "id": n + 1,
                "via": {
                    "channel": "email",
                    "source": {"from": {"address": address, "name": f"{first} {last}"}},
                },
                "created_at": "2026-11-21T09:00:00Z",
                "subject": subject_of(situation),
                "description": text,
                "status": status,
                "requester_id": requester,
                "tags": [situation],
                "comments": comments,
            }
            z.write(json.dumps(ticket, ensure_ascii=False) + "\n")
            table.writerow(
                [n + 1, subject_of(situation), text, "Open" if status == "open" else "Resolved",
                 "Medium", "Email", "", "", "", "2026-11-21 09:00:00", f"{first} {last}",
                 address, requester]
            )  # fmt: skip
    return zendesk, freshdesk


def _comment(cid: int, author: int, body: str) -> dict[str, object]:
    return {
        "id": cid,
        "type": "Comment",
        "author_id": author,
        "body": body,
        "plain_body": body,
        "public": True,
        "created_at": "2026-11-21T09:00:00Z",
    }


def reponse_command() -> list[str]:
    script = Path(sys.executable).parent / "reponse"
    return [str(script)] if script.exists() else [sys.executable, "-m", "reponse_cli"]


def bench_env(home: Path) -> dict[str, str]:
    config = home / "config.yaml"
    config.write_text(
        "agent: Camille Martin\nentreprise: Atelier Exemple\n"
        "contact: service@atelier-exemple.fr\nmediateur_nom: Médiation Exemple\n"
        "mediateur_site: https://www.mediation-exemple.fr\n",
        encoding="utf-8",
    )
    return {
        **os.environ,
        "REPONSE_CONFIG": str(config),
        "REPONSE_DATA_DIR": str(home / "data"),
        "REPONSE_TODAY": TODAY,
    }


# Runs the command in a fresh process that then reports the peak memory of the largest
# process it waited for (the command, or one of its --jobs processes).
PEAK = (
    "import resource, subprocess, sys\n"
    "result = subprocess.run(sys.argv[1:])\n"
    "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "sys.stderr.write(f'\\nPEAK {peak}\\n')\n"
    "sys.exit(result.returncode)\n"
)


def measured(command: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Wall time (s), peak memory (MB) and stderr of one command."""
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", PEAK, *command],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"échec de {' '.join(command)} :\n{result.stderr[-3000:]}")
    peak = int(result.stderr.rsplit("PEAK ", 1)[1]) / 1024
    return elapsed, peak, result.stderr


def run(export: Path, jobs: int, out: Path, env: dict[str, str]) -> tuple[float, float, dict]:
    """Wall time, peak memory (MB, the largest process) and the figures of one run."""
    out.unlink(missing_ok=True)
    command = [*reponse_command(), "lot", str(export), "--sortie", str(out), "--jobs", str(jobs)]
    elapsed, peak, _ = measured(command, env)
    figures = {"ready": 0, "review": 0, "reasons": {}}
    with out.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record["needs_human"]:
                figures["review"] += 1
                figures["reasons"][record["reason"]] = (
                    figures["reasons"].get(record["reason"], 0) + 1
                )
            else:
                figures["ready"] += 1
    return elapsed, peak, figures


def profile(count: int, folder: Path, env: dict[str, str]) -> None:
    """cProfile of `count` Zendesk tickets drafted in this process."""
    import cProfile
    import pstats

    zendesk, _ = generate(folder, count)
    os.environ.update(env)
    from reponse_cli.batch.pipeline import Drafter, run_batch
    from reponse_cli.batch.readers import open_source
    from reponse_cli.batch.summary import Tally
    from reponse_cli.drafting.worker import Worker
    from reponse_cli.env import Environment

    worker = Worker(Environment())
    worker.read("Bonjour, ma commande 12345 n'est pas arrivée.")  # loading is not the batch
    source = open_source(zendesk)
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    tally = run_batch(source, Drafter(worker), lambda t, r: None, Tally())
    profiler.disable()
    elapsed = time.perf_counter() - start
    print(f"{tally.written} tickets en {elapsed:.1f} s sous le profileur")
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(r"reponse_cli", 25)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tickets", type=int, default=10_000)
    parser.add_argument("--profile", type=int, metavar="N", help="profiler N tickets")
    parser.add_argument("--generate", type=Path, metavar="DOSSIER")
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="reponse-bench-lot-"))
    env = bench_env(base)
    if args.generate:
        for path in generate(args.generate, args.tickets):
            print(path)
        return 0
    if args.profile:
        profile(args.profile, base / "profil", env)
        return 0
    small_z, _ = generate(base / "petit", max(args.tickets // 5, 1))
    zendesk, freshdesk = generate(base / "grand", args.tickets)
    size = zendesk.stat().st_size / 1e6
    print(f"{args.tickets} tickets générés : Zendesk {size:.1f} Mo, Freshdesk "
          f"{freshdesk.stat().st_size / 1e6:.1f} Mo")  # fmt: skip
    # A first run builds the caches (the listening index of the playbooks): every run
    # measured after it starts warm, as an agent's second run of the day does.
    warm, _ = generate(base / "chauffe", 20)
    run(warm, 1, base / "chauffe.jsonl", env)
    _, small_peak, _ = run(small_z, 1, base / "petit.jsonl", env)
    rows = []
    for name, export in (("Zendesk", zendesk), ("Freshdesk", freshdesk)):
        for jobs in (1, 2):
            elapsed, peak, figures = run(export, jobs, base / f"{name}-{jobs}.jsonl", env)
            rows.append((name, jobs, args.tickets / elapsed, peak, figures))
    print(f"{'export':10} {'jobs':>4} {'tickets/s':>10} {'pic Mo':>8}  prêts / à revoir")
    for name, jobs, rate, peak, figures in rows:
        print(
            f"{name:10} {jobs:4d} {rate:10.1f} {peak:8.1f}  {figures['ready']} / "
            f"{figures['review']} {figures['reasons']}"
        )
    rates = {(name, jobs): rate for name, jobs, rate, _, _ in rows}
    for name in ("Zendesk", "Freshdesk"):
        print(f"{name} : --jobs 2 / --jobs 1 = ×{rates[name, 2] / rates[name, 1]:.2f}")
    one = min(rate for (_, jobs), rate in rates.items() if jobs == 1)
    two = min(rate for (_, jobs), rate in rates.items() if jobs == 2)
    large_peak = next(peak for name, jobs, _, peak, _ in rows if (name, jobs) == ("Zendesk", 1))
    growth = large_peak / small_peak
    print(
        f"cibles : {ONE_CORE_TARGET:.0f}/s sur un cœur (mesuré {one:.1f}), "
        f"{TWO_JOBS_TARGET:.0f}/s avec --jobs 2 (mesuré {two:.1f}) ; mémoire ×{growth:.2f} "
        f"de {args.tickets // 5} à {args.tickets} tickets (≤ ×{MEMORY_GROWTH_TARGET})"
    )
    missed = one < ONE_CORE_TARGET or two < TWO_JOBS_TARGET or growth > MEMORY_GROWTH_TARGET
    if missed:
        print("Cible manquée.")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
