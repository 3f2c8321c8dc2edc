"""The history's services: what an agent does with a dossier, over any store.

Record an accepted draft, add a reply when the customer answers, do / move / skip a
follow-up step, close with the result and the customer's satisfaction, reopen, tag,
write a note. Every change reads the dossier, then writes only if nobody changed it in
between (the store's version check). The commands call these; nothing here prints.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from reponse_cli import runtime
from reponse_cli.config import Config, load_config
from reponse_cli.drafting.answers import to_json
from reponse_cli.env import Environment
from reponse_cli.errors import ReponseError, did_you_mean
from reponse_cli.history.connect import open_store
from reponse_cli.history.models import (
    RESULT_STATUS,
    RESULTS,
    Chosen,
    Dossier,
    Event,
    Note,
    Reply,
    Step,
    cents,
)
from reponse_cli.history.store import Store
from reponse_cli.text.fold import fold
from reponse_cli.text.workdays import next_working_day

if TYPE_CHECKING:  # a draft comes in already made: no need to load the renderer here
    from reponse_cli.drafting.compose import Draft

_TAG_SPACES = re.compile(r"\s+")
_DELAY = re.compile(r"^\s*(\d{1,3})\s*(j|jours?|s|sem|semaines?)?\s*$", re.IGNORECASE)


def agent_name(env: Environment, config: Config) -> str | None:
    """Who is writing: the name given to `reponse init`, else the account's name."""
    return config.get("agent") or env.get("USER") or env.get("USERNAME")


def normalise_tag(raw: str) -> str:
    """« Transporteur : Colissimo » → « transporteur:colissimo »: one spelling per tag."""
    kind, sep, value = raw.partition(":")
    if sep:
        raw = f"{kind.strip()}:{value.strip()}"
    tag = _TAG_SPACES.sub(" ", raw.strip().lower())
    if not tag or tag.endswith(":") or tag.startswith(":"):
        raise ReponseError(
            f"Étiquette invalide : « {raw} ».",
            hint="Par exemple : transporteur:colissimo, produit:bottes, cause:emballage.",
        )
    return tag


def parse_delay(text: str) -> int:
    """« 3j », « 3 jours », « 2s » (semaines) → a number of days."""
    match = _DELAY.match(text)
    if not match:
        raise ReponseError(f"Délai invalide : « {text} » (exemples : 3j, 10 jours, 2s).")
    days = int(match[1])
    unit = (match[2] or "j").lower()
    return days * 7 if unit.startswith("s") else days


def solution_amounts(draft: Draft) -> list[Chosen]:
    """What each solution offered gives: the money answers of its own questions (cents).

    A refund without an amount of its own refunds the amount in dispute (`montant`).
    """
    chosen = []
    for sid in draft.solutions:
        solution = draft.playbook.solution(sid)
        amount = None
        for question in solution.questions:
            if question.type == "money" and draft.answers.get(question.id) is not None:
                amount = (amount or 0) + (cents(draft.answers[question.id]) or 0)
        refund = "rembours" in sid
        if refund and amount is None:
            amount = cents(draft.answers.get("montant"))
        chosen.append(Chosen(sid, solution.label, solution.geste, refund, amount))
    return chosen


def status_after_reply(draft: Draft) -> str:
    """Several solutions offered: the customer chooses, we wait for the answer."""
    return "attente-client" if len(draft.solutions) > 1 else "ouvert"


class History:
    """The services over one store, for one agent."""

    def __init__(self, env: Environment, store: Store, agent: str | None = None) -> None:
        self.env = env
        self.store = store
        self.agent = agent

    @classmethod
    def open(cls, env: Environment | None = None, config: Config | None = None) -> History:
        """The history of this environment: REPONSE_DB, `base:`, else the SQLite file."""
        env = env if env is not None else Environment.from_process()
        config = config if config is not None else load_config(env)
        return cls(env, open_store(env, config), agent_name(env, config))

    def close(self) -> None:
        self.store.close()

    def release(self) -> None:
        """The end of a command. A one-shot command leaves by `os._exit` (runtime.py)
        with every change committed; closing the last SQLite connection would only fold
        the WAL into the file (8 ms), which SQLite does by itself as the WAL grows."""
        if runtime.is_long_running():
            self.close()

    def now(self) -> str:
        return self.env.now().isoformat(timespec="seconds")

    def event(self, kind: str, **detail: Any) -> Event:
        return Event(self.now(), kind, detail, self.agent)

    # --- recording ----------------------------------------------------------------------

    def _reply(
        self, draft: Draft, message: str | None, keep_message: bool, thread: dict[str, Any]
    ) -> tuple[Reply, list[Step]]:
        when = self.now()
        reply = Reply(
            number=1,
            created=when,
            playbook=draft.playbook_id,
            responsibility=draft.responsibility,
            solutions=solution_amounts(draft),
            subject=draft.subject,
            text=draft.text,
            answers={k: to_json(v) for k, v in draft.answers.items()},
            message=message if keep_message else None,
            in_reply_to=thread.get("in_reply_to"),
            references=list(thread.get("references") or []),
            agent=self.agent,
        )
        steps = [
            Step(
                step=f.id,
                stage=f.stage,
                after_days=f.after_days,
                due=dt.date(f.due.year, f.due.month, f.due.day),
                label=f.label,
                promise=f.text,
                message=f.message,
            )
            for f in draft.follow_up
        ]
        return reply, steps

    def record(
        self,
        draft: Draft,
        *,
        message: str | None = None,
        keep_message: bool = False,
        thread: dict[str, Any] | None = None,
    ) -> Dossier:
        """A new dossier for an accepted draft; its id is set."""
        reply, steps = self._reply(draft, message, keep_message, thread or {})
        answers = draft.answers
        listen = draft.extra.get("listen") or {}
        heard = listen.get("facts") or {}
        today = self.env.today
        dossier = Dossier(
            id=0,
            status=status_after_reply(draft),
            playbook=draft.playbook_id,
            family=draft.playbook.family,
            title=draft.playbook.title,
            responsibility=draft.responsibility,
            created=reply.created,
            updated=reply.created,
            last_contact=today,
            received=today,
            # Who wrote, as the reply or else the message names them (a reply may greet
            # « Madame, » alone): the dossier is found, exported and erased by that name.
            civilite=answers.get("civilite") or heard.get("civilite"),
            nom=answers.get("nom") or heard.get("nom") or None,
            email=draft.email,
            commande=str(answers["commande"]) if answers.get("commande") else None,
            amount=cents(answers.get("montant")),
            agent=self.agent,
            escalation=[
                {"signal": e["signal"], "category": e["category"]}
                for e in listen.get("escalation", [])
            ],
            replies=[reply],
            steps=steps,
            events=[self.event("cree", reply=1, playbook=draft.playbook_id)],
        )
        dossier.id = self.store.create(dossier)
        return dossier

    def add_reply(
        self,
        dossier_id: int,
        draft: Draft,
        *,
        message: str | None = None,
        keep_message: bool = False,
        thread: dict[str, Any] | None = None,
    ) -> Dossier:
        """A new reply in a dossier (the customer answered); its plan replaces the old one."""
        reply, steps = self._reply(draft, message, keep_message, thread or {})
        self.store.add_reply(
            dossier_id,
            reply,
            steps,
            status_after_reply(draft),
            self.event("reponse", playbook=draft.playbook_id),
        )
        return self.store.get(dossier_id)

    def previous_answers(self, dossier_id: int) -> tuple[Dossier, dict[str, Any]]:
        """The dossier and its last reply's answers, to pre-fill a new reply."""
        dossier = self.store.get(dossier_id)
        if dossier.anonymised:
            raise ReponseError(f"Le dossier n° {dossier_id} est anonymisé : plus de réponses.")
        answers = dict(dossier.replies[-1].answers) if dossier.replies else {}
        return dossier, answers

    # --- the follow-up ------------------------------------------------------------------

    def pending_step(self, dossier: Dossier, step_id: str | None) -> Step:
        """The step named, or the next one to do."""
        pending = dossier.pending
        if not pending:
            raise ReponseError(f"Le dossier n° {dossier.id} n'a plus de suivi à faire.")
        if step_id is None:
            return pending[0]
        for step in pending:
            if step.step == step_id:
                return step
        known = [s.step for s in pending]
        raise ReponseError(
            f"Étape de suivi inconnue dans le dossier n° {dossier.id} : « {step_id} »."
            + did_you_mean(step_id, known),
            hint="Étapes à faire : " + ", ".join(known) + ".",
        )

    def _step_change(
        self,
        dossier_id: int,
        step_id: str | None,
        kind: str,
        changes: dict[str, Any],
        **detail: Any,
    ) -> Step:
        dossier = self.store.get(dossier_id)
        step = self.pending_step(dossier, step_id)
        assert step.key is not None
        fields: dict[str, Any] = {}
        if kind == "suivi-fait":
            fields["last_contact"] = self.env.today
        self.store.update(
            dossier_id,
            dossier.version,
            self.event(kind, step=step.step, **detail),
            fields=fields,
            step=(step.key, {**changes, "agent": self.agent}),
        )
        return step

    def step_done(self, dossier_id: int, step_id: str | None = None) -> Step:
        return self._step_change(
            dossier_id, step_id, "suivi-fait", {"status": "fait", "done": self.now()}
        )

    def reschedule(self, dossier_id: int, step_id: str | None, day: dt.date) -> dt.date:
        """Move a step to `day` (or the next working day after it); the date kept."""
        if day < self.env.today:
            raise ReponseError(
                f"La date {day.isoformat()} est passée : choisissez un jour à venir."
            )
        due = next_working_day(day)
        self._step_change(dossier_id, step_id, "suivi-reporte", {"due": due}, due=due.isoformat())
        return due

    def skip(self, dossier_id: int, step_id: str | None, reason: str) -> Step:
        if not reason.strip():
            raise ReponseError("Dites pourquoi cette étape est ignorée (--raison).")
        return self._step_change(
            dossier_id,
            step_id,
            "suivi-ignore",
            {"status": "ignore", "done": self.now(), "reason": reason.strip()},
            reason=reason.strip(),
        )

    # --- closing, reopening, tags, notes ----------------------------------------------------

    def close_dossier(
        self,
        dossier_id: int,
        result: str,
        satisfaction: int | None,
        comment: str | None,
        version: int | None = None,
    ) -> Dossier:
        if result not in RESULTS:
            raise ReponseError(
                f"Résultat inconnu : « {result} ».{did_you_mean(result, list(RESULTS))}",
                hint="Résultats possibles : " + ", ".join(RESULTS) + ".",
            )
        if satisfaction is not None and not 1 <= satisfaction <= 5:
            raise ReponseError(f"Satisfaction de 1 à 5, pas {satisfaction}.")
        dossier = self.store.get(dossier_id)
        if dossier.status not in ("ouvert", "attente-client"):
            raise ReponseError(
                f"Le dossier n° {dossier_id} est déjà fermé.",
                hint=f"« reponse dossiers reopen {dossier_id} » pour le rouvrir.",
            )
        self.store.update(
            dossier_id,
            version if version is not None else dossier.version,
            self.event("clos", result=result, satisfaction=satisfaction),
            fields={
                "status": RESULT_STATUS[result],
                "closed": self.now(),
                "result": result,
                "satisfaction": satisfaction,
                "comment": comment.strip() if comment and comment.strip() else None,
                "last_contact": self.env.today,
            },
        )
        return self.store.get(dossier_id)

    def reopen(self, dossier_id: int) -> Dossier:
        dossier = self.store.get(dossier_id)
        if dossier.status in ("ouvert", "attente-client"):
            raise ReponseError(f"Le dossier n° {dossier_id} est déjà ouvert.")
        if dossier.anonymised:
            raise ReponseError(f"Le dossier n° {dossier_id} est anonymisé : il reste fermé.")
        self.store.update(
            dossier_id,
            dossier.version,
            self.event("rouvert"),
            fields={"status": "ouvert", "closed": None, "last_contact": self.env.today},
        )
        return self.store.get(dossier_id)

    def tag(self, dossier_id: int, add: list[str], remove: list[str]) -> Dossier:
        added = [normalise_tag(t) for t in add]
        removed = [normalise_tag(t) for t in remove]
        dossier = self.store.get(dossier_id)
        missing = [t for t in removed if t not in dossier.tags]
        if missing:
            raise ReponseError(
                f"Étiquette absente du dossier n° {dossier_id} : « {missing[0]} ».",
                hint="Étiquettes du dossier : " + (", ".join(dossier.tags) or "aucune") + ".",
            )
        self.store.update(
            dossier_id,
            dossier.version,
            self.event("etiquette", added=added, removed=removed),
            tags=(added, removed),
        )
        return self.store.get(dossier_id)

    def note(self, dossier_id: int, text: str) -> Dossier:
        if not text.strip():
            raise ReponseError("Note vide : rien à ajouter.")
        dossier = self.store.get(dossier_id)
        self.store.update(
            dossier_id,
            dossier.version,
            self.event("note"),
            note=Note(self.now(), text.strip(), self.agent),
        )
        return self.store.get(dossier_id)


def same_customer(who: str, values: list[Any]) -> bool:
    """Whether one of `values` (answers of an interrupted draft…) names the customer."""
    wanted = " ".join(fold(who).split())
    for value in values:
        if isinstance(value, str) and " ".join(fold(value).split()) == wanted:
            return True
    return False
