"""Silence procedures: drafting, the one state service, responses, the closing sweep.

The procedure's row is the lock: every response, every withdrawal of an
objection, every change of state and the closing sweep take it with
``select_for_update`` and read the clock only once they hold it. An
objection and the sweep racing each other are thus served one after the
other: either the objection is in before the deadline and the sweep sees
it (silence broken), or the sweep has closed the procedure and the
objection is refused (adopted). The outcome is what stood at the deadline,
whenever the sweep gets to it.
"""

import datetime
import zoneinfo

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.clock import group_today
from core.documents.services import documents_request
from core.errors import ConflictError
from core.permissions import SYSTEM, require
from core.uploads import OFFICE_TYPES, check_upload
from decisions.enums import PROCEDURE_TRANSITIONS, DecisionHow, ProcedureState, ResponseKind
from decisions.models import DeadlineExtension, ProcedurePaper, Response, SilenceProcedure
from decisions.pdf import OUTCOME_PDF
from decisions.services.announce import procedure_announce
from decisions.services.register import decision_create, supersede_on_adoption
from meetings.selectors import chair_on
from members.models import Agency
from minutes.text import render_markdown

EDITABLE_FIELDS = ("title", "text", "explanation", "level", "deadline", "time_zone", "supersedes")


def _min_hours() -> int:
    return settings.GMG_SILENCE_MIN_HOURS


def _local(moment: datetime.datetime, zone: str) -> str:
    local = moment.astimezone(zoneinfo.ZoneInfo(zone))
    return f"{date_format(local, 'j F Y, H:i')} ({zone})"


def deadline_from_local(day: datetime.date, time: datetime.time, zone: str) -> datetime.datetime:
    """The moment a date and a wall-clock time in ``zone`` name, refused if clocks skip it.

    A time that happens twice (clocks going back) is the first of the two.
    """
    try:
        tz = zoneinfo.ZoneInfo(zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError({"time_zone": _("Choose a time zone from the list.")}) from None
    naive = datetime.datetime.combine(day, time.replace(second=0, microsecond=0))
    moment = naive.replace(tzinfo=tz)
    # A time inside the gap when clocks go forward comes back as another wall time.
    if moment.astimezone(datetime.UTC).astimezone(tz).replace(tzinfo=None) != naive:
        raise ValidationError(
            {
                "deadline_time": _(
                    "%(time)s does not exist on %(day)s in %(zone)s: the clocks change. "
                    "Choose another time."
                )
                % {"time": time.strftime("%H:%M"), "day": day.isoformat(), "zone": zone}
            }
        )
    return moment.astimezone(datetime.UTC)


def _check_deadline_ahead(deadline: datetime.datetime, now: datetime.datetime, field: str):
    earliest = now + datetime.timedelta(hours=_min_hours())
    if deadline < earliest:
        raise ValidationError(
            {
                field: _(
                    "The deadline must be at least %(hours)s hours ahead: %(earliest)s or later."
                )
                % {"hours": _min_hours(), "earliest": _local(earliest, "UTC")}
            }
        )


def _clean_fields(fields: dict) -> dict:
    fields = dict(fields)
    for name in ("title", "text", "explanation"):
        if name in fields:
            fields[name] = (fields[name] or "").strip()
    if not fields.get("title"):
        raise ValidationError({"title": _("Give the procedure a title.")})
    if not fields.get("text"):
        raise ValidationError({"text": _("Write the draft decision.")})
    return fields


# --- Drafting -----------------------------------------------------------------


@transaction.atomic
def procedure_create(
    *, actor, purposes, replaces: SilenceProcedure | None = None, **fields
) -> SilenceProcedure:
    """The chair's office of the current term (or the secretariat for it) drafts a procedure."""
    require(actor, "decisions.add_procedure")
    term = chair_on(group_today())
    if term is None:
        raise ValidationError(
            _("No agency chairs the group today: a silence procedure needs a chair.")
        )
    fields = _clean_fields(fields)
    purposes = list(purposes)
    if not purposes:
        raise ValidationError({"purposes": _("Choose at least one purpose it serves.")})
    _check_deadline_ahead(fields["deadline"], timezone.now(), "deadline_date")
    procedure = SilenceProcedure.objects.create(
        chair=term.agency,
        created_by=actor if getattr(actor, "pk", None) else None,
        text_html=render_markdown(fields["text"]),
        explanation_html=render_markdown(fields.get("explanation", "")),
        replaces=replaces,
        **fields,
    )
    procedure.purposes.set(purposes)
    audit_record(actor=actor, action="decisions.procedure_create", target=procedure)
    return procedure


@transaction.atomic
def procedure_update(
    *, procedure: SilenceProcedure, actor, version: int, purposes, **fields
) -> SilenceProcedure:
    """Change a draft; refused once circulated, or if someone saved it since ``version``.

    Saved unchanged, nothing changes (no new version, no audit entry).
    """
    procedure = SilenceProcedure.objects.select_for_update().get(pk=procedure.pk)
    require(actor, "decisions.change_procedure", procedure)
    if procedure.version != version:
        raise ConflictError(
            _("Someone else saved this procedure while you were editing it. Review their changes.")
        )
    fields = _clean_fields(fields)
    purposes = {p.pk for p in purposes}
    if not purposes:
        raise ValidationError({"purposes": _("Choose at least one purpose it serves.")})
    changed = {k: v for k, v in fields.items() if getattr(procedure, k) != v}
    purposes_changed = purposes != set(procedure.purposes.values_list("pk", flat=True))
    if not changed and not purposes_changed:
        return procedure
    if "deadline" in changed:
        _check_deadline_ahead(changed["deadline"], timezone.now(), "deadline_date")
    for name, value in changed.items():
        setattr(procedure, name, value)
    procedure.text_html = render_markdown(procedure.text)
    procedure.explanation_html = render_markdown(procedure.explanation)
    procedure.version += 1
    procedure.save(update_fields=[*changed, "text_html", "explanation_html", "version"])
    if purposes_changed:
        procedure.purposes.set(purposes)
    audit_record(
        actor=actor,
        action="decisions.procedure_update",
        target=procedure,
        fields=sorted([*changed, *(["purposes"] if purposes_changed else [])]),
    )
    return procedure


@transaction.atomic
def procedure_revise(*, procedure: SilenceProcedure, actor) -> SilenceProcedure:
    """A changed text is a new procedure: a draft copy linked to the earlier one."""
    require(actor, "decisions.revise_procedure", procedure)
    now = timezone.now()
    return procedure_create(
        actor=actor,
        purposes=list(procedure.purposes.all()),
        replaces=procedure,
        title=procedure.title,
        text=procedure.text,
        explanation=procedure.explanation,
        level=procedure.level,
        time_zone=procedure.time_zone,
        supersedes=procedure.supersedes,
        deadline=max(procedure.deadline, now) + datetime.timedelta(hours=_min_hours() + 24),
    )


@transaction.atomic
def paper_add(*, procedure: SilenceProcedure, actor, file) -> ProcedurePaper:
    """Attach a paper to a draft (checked by its content, at most GMG_DOCUMENT_MAX_MB)."""
    require(actor, "decisions.change_procedure", procedure)
    content_type, sha256 = check_upload(
        file, allowed=OFFICE_TYPES, max_mb=settings.GMG_DOCUMENT_MAX_MB
    )
    paper = ProcedurePaper(
        procedure=procedure,
        name=file.name[:255],
        content_type=content_type,
        size=file.size,
        sha256=sha256,
        uploaded_by=actor,
    )
    paper.file.save(file.name, file, save=False)
    paper.save()
    audit_record(actor=actor, action="decisions.paper_add", target=procedure, paper=paper.name)
    return paper


# --- The one state service ------------------------------------------------------


def _standing_objections(procedure: SilenceProcedure):
    return Response.objects.filter(
        procedure=procedure, kind=ResponseKind.OBJECTION, withdrawn_at__isnull=True
    )


def _outcome(procedure: SilenceProcedure) -> str:
    return (
        ProcedureState.BROKEN
        if _standing_objections(procedure).exists()
        else ProcedureState.ADOPTED
    )


PERMISSION_FOR = {
    (ProcedureState.DRAFT, ProcedureState.CIRCULATED): "decisions.circulate_procedure",
    (ProcedureState.CIRCULATED, ProcedureState.CIRCULATED): "decisions.extend_procedure",
    (ProcedureState.DRAFT, ProcedureState.WITHDRAWN): "decisions.withdraw_procedure",
    (ProcedureState.CIRCULATED, ProcedureState.WITHDRAWN): "decisions.withdraw_procedure",
}


def transition_refusal(
    procedure: SilenceProcedure,
    to: str,
    *,
    now: datetime.datetime,
    reason: str = "",
    deadline: datetime.datetime | None = None,
    system: bool = False,
) -> str | dict | None:
    """Why ``procedure`` cannot move to ``to`` now (the table first, then the guards), or None."""
    if to not in ProcedureState.values:
        return _("Unknown state.")
    if to not in PROCEDURE_TRANSITIONS[procedure.state]:
        return _("A procedure that is %(from)s cannot become %(to)s.") % {
            "from": ProcedureState(procedure.state).label.lower(),
            "to": ProcedureState(to).label.lower(),
        }
    if to in ProcedureState.outcomes():
        if not system:
            return _("The deadline ends a procedure, not a person.")
        if not procedure.deadline_passed(now):
            return _("The deadline has not passed yet.")
        if to != _outcome(procedure):
            return _("The responses at the deadline decide the outcome.")
        return None
    running = procedure.state == ProcedureState.CIRCULATED
    if running and procedure.deadline_passed(now):
        return _("The deadline has passed: the outcome is being recorded.")
    if to == ProcedureState.CIRCULATED and not running:
        if not procedure.text.strip():
            return {"text": _("Write the draft decision.")}
        earliest = now + datetime.timedelta(hours=_min_hours())
        if procedure.deadline < earliest:
            return {
                "deadline_date": _(
                    "The deadline must be at least %(hours)s hours ahead: edit the draft "
                    "and choose %(earliest)s or later."
                )
                % {"hours": _min_hours(), "earliest": _local(earliest, procedure.time_zone)}
            }
    if to == ProcedureState.CIRCULATED and running:
        if deadline is None or deadline <= procedure.deadline:
            return {
                "deadline_date": _("An extension moves the deadline later than %(now)s.")
                % {"now": _local(procedure.deadline, procedure.time_zone)}
            }
        if not reason.strip():
            return {"reason": _("Say why the deadline is extended.")}
    if to == ProcedureState.WITHDRAWN and not reason.strip():
        return {"reason": _("Say why the procedure is withdrawn.")}
    return None


@transaction.atomic
def procedure_transition(
    *,
    procedure: SilenceProcedure,
    to: str,
    actor,
    reason: str = "",
    deadline: datetime.datetime | None = None,
    version: int | None = None,
    now: datetime.datetime | None = None,
) -> SilenceProcedure:
    """The one place a procedure changes state; every refusal says why.

    - draft → circulated: the text is frozen; every focal point and principal
      of the members is told (in the worker, in batches).
    - circulated → circulated: the deadline is extended, with its reason; all told.
    - draft/circulated → withdrawn: with a reason; if it was circulated, all told.
    - circulated → adopted / silence broken: only by the system at the deadline
      (``procedure_close``); adopted records the decision with its reference.
      Everyone told gets the outcome, and its PDF is rendered by the worker.
    """
    system = getattr(actor, "is_system", False)
    procedure = SilenceProcedure.objects.select_for_update().get(pk=procedure.pk)
    perm = PERMISSION_FOR.get((procedure.state, to))
    if perm is not None:
        require(actor, perm, procedure)
    elif to in ProcedureState.outcomes() and not system:
        raise PermissionDenied
    if version is not None and version != procedure.version:
        raise ConflictError(
            _("Someone else changed this procedure meanwhile: check it again first.")
        )
    # The clock is read once the row is held: what came before it is in, what comes after waits.
    now = now or timezone.now()
    refusal = transition_refusal(
        procedure, to, now=now, reason=reason, deadline=deadline, system=system
    )
    if refusal:
        raise ValidationError(refusal)
    before, before_deadline = procedure.state, procedure.deadline
    update = ["state", "version"]
    occasion = ""
    decision = None
    if to == ProcedureState.CIRCULATED and before == ProcedureState.DRAFT:
        procedure.circulated_at = now
        procedure.circulated_by = actor if getattr(actor, "pk", None) else None
        update += ["circulated_at", "circulated_by"]
        occasion = "circulated"
    elif to == ProcedureState.CIRCULATED:
        number = procedure.extensions.count() + 1
        DeadlineExtension.objects.create(
            procedure=procedure,
            previous=procedure.deadline,
            new=deadline,
            reason=reason.strip(),
            actor=actor if getattr(actor, "pk", None) else None,
            at=now,
        )
        procedure.deadline = deadline
        update.append("deadline")
        occasion = f"extended:{number}"
    elif to == ProcedureState.WITHDRAWN:
        procedure.withdrawn_reason = reason.strip()
        procedure.ended_at = now
        update += ["withdrawn_reason", "ended_at"]
        occasion = "withdrawn" if before == ProcedureState.CIRCULATED else ""
    else:
        procedure.ended_at = now
        update.append("ended_at")
        occasion = "outcome"
    procedure.state = to
    procedure.version += 1
    procedure.save(update_fields=update)
    if to == ProcedureState.ADOPTED:
        decision = decision_create(
            title=procedure.title,
            text=procedure.text,
            adopted_on=procedure.local_deadline.date(),
            how=DecisionHow.SILENCE,
            level=procedure.level,
            purposes=list(procedure.purposes.all()),
            procedure=procedure,
        )
        if procedure.supersedes_id:
            supersede_on_adoption(decision=decision, earlier=procedure.supersedes, actor=actor)
    if to == ProcedureState.CIRCULATED and before == ProcedureState.DRAFT:
        # The new text replaces an earlier procedure still running: that one ends here.
        earlier = procedure.replaces
        if earlier is not None and earlier.state == ProcedureState.CIRCULATED:
            procedure_transition(
                procedure=earlier,
                to=ProcedureState.WITHDRAWN,
                actor=SYSTEM,
                reason=_("Replaced by a changed text: “%(title)s”.") % {"title": procedure.title},
                now=now,
            )
    if occasion:
        procedure_announce(procedure=procedure, occasion=occasion)
    if occasion == "outcome":
        documents_request(owner=procedure, kind=OUTCOME_PDF)
    audit_record(
        actor=actor,
        action="decisions.procedure_transition",
        target=procedure,
        before=before,
        after=to,
        reason=reason.strip(),
        deadline=procedure.deadline.isoformat(),
        previous_deadline=before_deadline.isoformat() if before_deadline else None,
        decision=decision.reference if decision else None,
    )
    return procedure


def procedure_close(*, procedure_id: int, now: datetime.datetime | None = None) -> str | None:
    """End one procedure whose deadline has passed: adopted, or silence broken.

    Idempotent: a procedure already ended (or not yet due) is left alone and
    its state returned; a second sweep or a retried task records nothing more.
    """
    with transaction.atomic():
        procedure = SilenceProcedure.objects.select_for_update().filter(pk=procedure_id).first()
        if procedure is None:
            return None
        now = now or timezone.now()
        if procedure.state != ProcedureState.CIRCULATED or not procedure.deadline_passed(now):
            return procedure.state
        procedure_transition(procedure=procedure, to=_outcome(procedure), actor=SYSTEM, now=now)
        return SilenceProcedure.objects.values_list("state", flat=True).get(pk=procedure_id)


def procedures_close_due(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """The closing sweep (beat, every minute): every circulated procedure past its deadline.

    Catches up by itself after beat was down: anything past due is closed,
    with the outcome that stood at its deadline (responses after it are refused).
    """
    now = now or timezone.now()
    due = list(
        SilenceProcedure.objects.filter(
            state=ProcedureState.CIRCULATED, deadline__lte=now
        ).values_list("pk", flat=True)
    )
    counts = {ProcedureState.ADOPTED.value: 0, ProcedureState.BROKEN.value: 0}
    for pk in due:
        before = SilenceProcedure.objects.values_list("state", flat=True).get(pk=pk)
        after = procedure_close(procedure_id=pk, now=now)
        if before == ProcedureState.CIRCULATED and after in counts:
            counts[after] += 1
    return counts


# --- Responses ------------------------------------------------------------------


def _late_message(procedure: SilenceProcedure, kind: str) -> str:
    deadline = _local(procedure.deadline, procedure.time_zone)
    if procedure.state == ProcedureState.WITHDRAWN:
        return _("This procedure was withdrawn: nothing more is recorded on it.")
    if kind == ResponseKind.OBJECTION:
        return _(
            "The deadline passed at %(deadline)s. Your objection was not recorded and does "
            "not change the outcome. Write to the chair's office if the matter needs "
            "to be raised again."
        ) % {"deadline": deadline}
    return _("The deadline passed at %(deadline)s: responses are no longer recorded.") % {
        "deadline": deadline
    }


def response_add(*, procedure: SilenceProcedure, actor, kind: str, text: str = "") -> Response:
    """A focal point answers for its agency until the deadline (not one second after).

    An objection needs its text. A late answer is refused with the reason and
    kept in the audit log as refused; it never changes the outcome.
    """
    require(actor, "decisions.respond_for_agency", procedure)
    text = (text or "").strip()
    if kind not in ResponseKind.values:
        raise ValidationError({"kind": _("Choose your agency's response.")})
    if kind == ResponseKind.OBJECTION and not text:
        raise ValidationError(
            {"text": _("An objection breaks silence: write what your agency objects to.")}
        )
    if kind == ResponseKind.COMMENT and not text:
        raise ValidationError({"text": _("Write your comment.")})
    refused = None
    with transaction.atomic():
        locked = SilenceProcedure.objects.select_for_update().get(pk=procedure.pk)
        now = timezone.now()
        if locked.state != ProcedureState.CIRCULATED or locked.deadline_passed(now):
            refused = _late_message(locked, kind)
        elif not Agency.objects.members_on(group_today()).filter(pk=actor.agency_id).exists():
            raise ValidationError(_("Only a member agency answers a silence procedure."))
        else:
            response = Response.objects.create(
                procedure=locked,
                agency_id=actor.agency_id,
                author=actor,
                kind=kind,
                text=text,
                at=now,
            )
            audit_record(
                actor=actor,
                action="decisions.respond",
                target=locked,
                kind=kind,
                agency=actor.agency_id,
            )
            return response
    audit_record(
        actor=actor, action="decisions.respond_refused", target=procedure, kind=kind, at=str(now)
    )
    raise ValidationError(refused)


def objection_withdraw(*, response: Response, actor) -> Response:
    """The agency takes back its objection, before the deadline; who and when are kept."""
    require(actor, "decisions.withdraw_objection", response)
    with transaction.atomic():
        locked = SilenceProcedure.objects.select_for_update().get(pk=response.procedure_id)
        response = Response.objects.select_for_update().get(pk=response.pk)
        now = timezone.now()
        if not response.is_standing_objection:
            raise ValidationError(_("There is no standing objection to withdraw."))
        if locked.state != ProcedureState.CIRCULATED or locked.deadline_passed(now):
            raise ValidationError(
                _("The deadline passed at %(deadline)s: the objection stands in the outcome.")
                % {"deadline": _local(locked.deadline, locked.time_zone)}
            )
        response.withdrawn_at = now
        response.withdrawn_by = actor
        response.save(update_fields=["withdrawn_at", "withdrawn_by"])
        audit_record(
            actor=actor, action="decisions.objection_withdraw", target=locked, response=response.pk
        )
        return response
