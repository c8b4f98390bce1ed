"""Every change of recruitment data: permission-checked, validated, audited, in one transaction.

Applicant data is HR-confidential: writes need the recruitment permissions HR holds; an interviewer may only
submit feedback on an interview they are assigned to. `actor=None` is trusted system code (jobs, demo, the
public careers form after its own checks).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backoffice.core.audit import record_change, snapshot
from backoffice.core.contacts import normalize_phone
from backoffice.core.errors import Conflict, InvalidInput, NotAllowed
from backoffice.core.models import AuditEntry
from backoffice.core.outbox import enqueue_email
from backoffice.core.permissions import can, ensure
from backoffice.core.records import create_record, update_record
from backoffice.people.models import Employee
from backoffice.people.selectors import employee_of
from backoffice.recruitment import extraction, intake
from backoffice.recruitment.choices import (
    CLOSED_STAGES,
    PIPELINE,
    Cefr,
    IntakeFileStatus,
    IntakeStatus,
    OfferStatus,
    PositionStatus,
    Recommendation,
    Source,
    Stage,
)
from backoffice.recruitment.models import (
    Application,
    ApplicationNote,
    Candidate,
    CareersSubmission,
    Feedback,
    IntakeBatch,
    IntakeFile,
    Interview,
    Position,
    PositionLanguage,
    PositionSkill,
    Resume,
    StageChange,
)

Actor = AbstractBaseUser | None
RETENTION_DAYS = getattr(settings, "RECRUITMENT_RETENTION_DAYS", 180)
FUTURE_RETENTION_DAYS = getattr(settings, "RECRUITMENT_FUTURE_RETENTION_DAYS", 3 * 365)
MAX_TAGS = 20


def _only(values: dict[str, Any], allowed: set[str]) -> dict[str, Any]:
    unknown = set(values) - allowed
    if unknown:
        raise InvalidInput(fields={name: [_("This field cannot be set here.")] for name in sorted(unknown)})
    return values


def _user(actor: Actor):
    return actor if actor is not None and actor.is_authenticated else None


# --- positions ----------------------------------------------------------------------------------

POSITION_FIELDS = {
    "title",
    "department",
    "hiring_manager",
    "description",
    "status",
    "headcount",
    "min_years",
    "education",
    "location",
}


def _skill_rows(skills: Iterable[dict]) -> list[dict]:
    rows, seen = [], set()
    for index, skill in enumerate(skills):
        name = str(skill.get("name") or "").strip()
        if not name:
            continue
        try:
            weight = int(skill.get("weight") or 1)
        except (TypeError, ValueError):
            raise InvalidInput(
                fields={"skills": [_("Skill %(n)s: the weight must be a whole number.") % {"n": index + 1}]}
            ) from None
        if not 1 <= weight <= 10:
            raise InvalidInput(fields={"skills": [_("Skill %(name)s: the weight is from 1 to 10.") % {"name": name}]})
        key = extraction.canonical_skill(name)
        if key in seen:
            raise InvalidInput(fields={"skills": [_("The skill %(name)s is listed twice.") % {"name": name}]})
        seen.add(key)
        rows.append({"name": name[:80], "weight": weight, "must_have": bool(skill.get("must_have"))})
    return rows


def _language_rows(languages: Iterable[dict]) -> list[dict]:
    rows, seen = [], set()
    for language in languages:
        name = str(language.get("language") or "").strip()
        if not name:
            continue
        level = str(language.get("level") or "B1").upper()
        if level not in Cefr.values:
            raise InvalidInput(
                fields={"languages": [_("%(level)s is not a CEFR level (A1 to C2).") % {"level": level}]}
            )
        key = extraction.canonical_language(name)
        if key in seen:
            raise InvalidInput(fields={"languages": [_("The language %(name)s is listed twice.") % {"name": name}]})
        seen.add(key)
        rows.append({"language": name[:40], "level": level, "must_have": bool(language.get("must_have"))})
    return rows


def _replace_requirements(position: Position, skills: list[dict] | None, languages: list[dict] | None) -> None:
    """Replace the skill and language lists; the position's history gets the new lists as the reason."""
    changed = []
    if skills is not None:
        before = [(s.name, s.weight, s.must_have) for s in position.skills.all()]
        if before != [(s["name"], s["weight"], s["must_have"]) for s in skills]:
            position.skills.all().delete()
            PositionSkill.objects.bulk_create(PositionSkill(position=position, **row) for row in skills)
            listed = ", ".join(f"{s['name']} ×{s['weight']}{' !' if s['must_have'] else ''}" for s in skills)
            changed.append(_("skills: %(list)s") % {"list": listed or "—"})
    if languages is not None:
        before = [(lang.language, lang.level, lang.must_have) for lang in position.languages.all()]
        if before != [(lang["language"], lang["level"], lang["must_have"]) for lang in languages]:
            position.languages.all().delete()
            PositionLanguage.objects.bulk_create(PositionLanguage(position=position, **row) for row in languages)
            listed = ", ".join(f"{lang['language']} {lang['level']}" for lang in languages)
            changed.append(_("languages: %(list)s") % {"list": listed or "—"})
    if changed:
        record_change(position, AuditEntry.Action.UPDATE, before=snapshot(position), reason="; ".join(changed))


def position_create(
    *, actor: Actor, skills: Sequence[dict] = (), languages: Sequence[dict] = (), **values: Any
) -> Position:
    ensure(actor, "recruitment.add_position")
    _only(values, POSITION_FIELDS)
    skill_rows, language_rows = _skill_rows(skills), _language_rows(languages)
    with transaction.atomic():
        position = create_record(Position, **values)
        _replace_requirements(position, skill_rows, language_rows)
    return position


def position_update(
    *,
    actor: Actor,
    position: Position,
    skills: Sequence[dict] | None = None,
    languages: Sequence[dict] | None = None,
    reason: str = "",
    **changes: Any,
) -> Position:
    ensure(actor, "recruitment.change_position")
    _only(changes, POSITION_FIELDS)
    skill_rows = None if skills is None else _skill_rows(skills)
    language_rows = None if languages is None else _language_rows(languages)
    with transaction.atomic():
        position = update_record(position, reason=reason, **changes)
        _replace_requirements(position, skill_rows, language_rows)
    return position


# --- candidates and applications -----------------------------------------------------------------


def retention_date(keep_for_future: bool, today: dt.date | None = None) -> dt.date:
    today = today or timezone.localdate()
    return today + dt.timedelta(days=FUTURE_RETENTION_DAYS if keep_for_future else RETENTION_DAYS)


def _contact_values(name: str, email: str, phone: str) -> dict[str, str]:
    errors: dict[str, list[str]] = {}
    name = " ".join((name or "").split())[:160]
    email = (email or "").strip().lower()
    phone = (phone or "").strip()[:40]
    if not name:
        errors["name"] = [_("Enter the candidate's name.")]
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = [_("Enter a valid e-mail address.")]
    e164 = normalize_phone(phone) if phone else ""
    if phone and not e164:
        errors["phone"] = [_("%(value)s is not a valid phone number.") % {"value": phone}]
    if errors:
        raise InvalidInput(fields=errors)
    return {"name": name, "email": email, "phone": phone, "phone_e164": e164}


def find_candidate(email: str, phone_e164: str) -> Candidate | None:
    """The same person by e-mail (case ignored), else by phone number; anonymised records never match."""
    rows = Candidate.objects.filter(anonymised_at__isnull=True)
    if email:
        found = rows.filter(email__iexact=email).order_by("id").first()
        if found:
            return found
    if phone_e164:
        return rows.filter(phone_e164=phone_e164).order_by("id").first()
    return None


def _store_resume(
    candidate: Candidate, data: bytes, filename: str, read: intake.ResumeText, stored: list[str]
) -> Resume:
    digest = hashlib.sha256(data).hexdigest()
    resume = Resume(
        candidate=candidate,
        filename=filename[:255],
        content_type=read.content_type,
        size=len(data),
        sha256=digest,
        text=read.text,
        ocr=read.ocr,
        profile=extraction.profile(read.text),
    )
    extension = {intake.PDF: ".pdf", intake.DOCX: ".docx", intake.ODT: ".odt", intake.TXT: ".txt"}.get(
        read.content_type, ".img"
    )
    name = default_storage.save(f"recruitment/resumes/{uuid.uuid4().hex}{extension}", ContentFile(data))
    stored.append(name)  # the caller removes it if its transaction does not commit
    resume.file.name = name
    resume.save()
    record_change(resume, AuditEntry.Action.CREATE)
    return resume


def application_create(
    *,
    actor: Actor,
    position: Position,
    name: str = "",
    email: str = "",
    phone: str = "",
    resume: tuple[str, bytes] | None = None,
    source: str = Source.HR,
    consent: bool = False,
    keep_for_future: bool = False,
    tags: Sequence[str] = (),
) -> Application:
    """A candidate (found again by e-mail or phone, or new) applies for `position`, with their resume.

    Name, e-mail and phone default to what the resume says. A refused resume file is an error naming the field
    `resume`; nothing is written then (neither rows nor the file).
    """
    ensure(actor, "recruitment.add_application")
    if source not in Source.values:
        raise InvalidInput(fields={"source": [_("Unknown source.")]})
    read = None
    data = b""
    filename = ""
    if resume is not None:
        filename, data = resume
        try:
            read = intake.read_resume(data, filename)
        except intake.ResumeRefused as exc:
            raise InvalidInput(fields={"resume": [str(exc)]}) from None
    found = extraction.profile(read.text) if read else {}
    values = _contact_values(
        name or found.get("name", ""),
        email or next(iter(found.get("emails", [])), ""),
        phone or next(iter(found.get("phones", [])), ""),
    )
    if not values["email"] and not values["phone_e164"]:
        raise InvalidInput(fields={"email": [_("Enter an e-mail address or a phone number to reach the candidate.")]})
    stored: list[str] = []
    try:
        with transaction.atomic():
            candidate = find_candidate(values["email"], values["phone_e164"])
            now = timezone.now()
            retain = retention_date(keep_for_future)
            if candidate is None:
                candidate = create_record(
                    Candidate,
                    **values,
                    consent_at=now if consent else None,
                    retain_until=retain,
                    keep_for_future=keep_for_future,
                )
            else:
                changes: dict[str, Any] = {k: v for k, v in values.items() if v and not getattr(candidate, k)}
                if consent:
                    changes["consent_at"] = now
                    changes["retain_until"] = max(candidate.retain_until or retain, retain)
                    changes["keep_for_future"] = candidate.keep_for_future or keep_for_future
                candidate = update_record(candidate, **changes)
            if Application.objects.filter(candidate=candidate, position=position).exists():
                raise InvalidInput(
                    fields={"email": [_("%(name)s has already applied for this position.") % {"name": candidate.name}]}
                )
            saved_resume = None
            if read is not None:
                saved_resume = _store_resume(candidate, data, filename, read, stored)
            application = create_record(
                Application,
                candidate=candidate,
                position=position,
                resume=saved_resume,
                source=source,
                stage=Stage.NEW,
                stage_since=now,
                tags=_clean_tags(tags),
            )
            StageChange.objects.create(application=application, to_stage=Stage.NEW, at=now, by=_user(actor))
    except IntegrityError:
        _remove_files(stored)
        raise Conflict(_("This candidate has just applied for this position.")) from None
    except Exception:
        _remove_files(stored)
        raise
    return application


def _remove_files(names: Iterable[str]) -> None:
    for name in names:
        default_storage.delete(name)


def _clean_tags(tags: Iterable[str]) -> list[str]:
    cleaned = []
    for tag in tags:
        tag = " ".join(str(tag).split())[:40]
        if tag and tag.casefold() not in {t.casefold() for t in cleaned}:
            cleaned.append(tag)
    if len(cleaned) > MAX_TAGS:
        raise InvalidInput(fields={"tags": [_("At most %(n)s tags.") % {"n": MAX_TAGS}]})
    return cleaned


def application_set_tags(*, actor: Actor, application: Application, tags: Iterable[str]) -> Application:
    ensure(actor, "recruitment.change_application")
    return update_record(application, tags=_clean_tags(tags))


def application_note_add(*, actor: Actor, application: Application, text: str) -> ApplicationNote:
    ensure(actor, "recruitment.change_application")
    text = (text or "").strip()
    if not text:
        raise InvalidInput(fields={"text": [_("Write the note.")]})
    with transaction.atomic():
        note = ApplicationNote.objects.create(application=application, text=text[:5000], by=_user(actor))
        record_change(note, AuditEntry.Action.CREATE)
    return note


def allowed_moves(application: Application) -> list[str]:
    """Where HR may move the application from its stage: forward along the pipeline, or out (rejected, withdrawn).

    "hired" is reached only by hiring (an accepted offer), "offer" only by making one.
    """
    if application.stage in CLOSED_STAGES:
        return []
    index = PIPELINE.index(application.stage)
    forward = [s for s in PIPELINE[index + 1 :] if s not in (Stage.OFFER, Stage.HIRED)]
    return [*forward, Stage.REJECTED, Stage.WITHDRAWN]


def _move(application: Application, stage: str, actor: Actor, reason: str = "", **changes: Any) -> Application:
    now = timezone.now()
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if locked.stage != application.stage:
            raise Conflict(_("Someone else has just moved this application; reload the page."))
        StageChange.objects.create(
            application=locked, from_stage=locked.stage, to_stage=stage, at=now, by=_user(actor), reason=reason[:300]
        )
        extra = {"rejection_reason": reason[:300]} if stage == Stage.REJECTED else {}
        moved = update_record(locked, reason=reason, stage=stage, stage_since=now, **extra, **changes)
    application.refresh_from_db()
    return moved


def application_move(*, actor: Actor, application: Application, stage: str, reason: str = "") -> Application:
    ensure(actor, "recruitment.change_application")
    reason = (reason or "").strip()
    if stage not in Stage.values:
        raise InvalidInput(fields={"stage": [_("Unknown stage.")]})
    if stage not in allowed_moves(application):
        raise InvalidInput(
            fields={
                "stage": [
                    _("An application in the stage %(from)s cannot move to %(to)s.")
                    % {"from": Stage(application.stage).label, "to": Stage(stage).label}
                ]
            }
        )
    if stage == Stage.REJECTED and not reason:
        raise InvalidInput(fields={"reason": [_("Say why the application is rejected.")]})
    return _move(application, stage, actor, reason)


def application_offer(*, actor: Actor, application: Application) -> Application:
    ensure(actor, "recruitment.change_application")
    if application.stage not in (Stage.SHORTLISTED, Stage.INTERVIEW):
        raise InvalidInput(fields={"stage": [_("An offer follows a shortlist or an interview.")]})
    return _move(application, Stage.OFFER, actor, offer_status=OfferStatus.MADE)


def application_offer_answer(
    *, actor: Actor, application: Application, accepted: bool, reason: str = ""
) -> Application:
    ensure(actor, "recruitment.change_application")
    if application.stage != Stage.OFFER or application.offer_status != OfferStatus.MADE:
        raise InvalidInput(fields={"stage": [_("There is no open offer on this application.")]})
    if accepted:
        return update_record(application, offer_status=OfferStatus.ACCEPTED)
    return _move(
        application, Stage.WITHDRAWN, actor, reason or _("The offer was declined."), offer_status=OfferStatus.DECLINED
    )


def _onboarding_start():
    """staff.services.onboarding_start when the staff module provides it (recruitment -> staff, services only)."""
    try:
        staff_services = importlib.import_module("backoffice.staff.services")
    except ImportError:
        return None
    return getattr(staff_services, "onboarding_start", None)


def application_hire(*, actor: Actor, application: Application, start_date: dt.date | None = None) -> Application:
    """An accepted offer becomes an employee in `people` (and onboarding starts, when the staff module is there)."""
    ensure(actor, "recruitment.change_application")
    if application.stage != Stage.OFFER or application.offer_status != OfferStatus.ACCEPTED:
        raise InvalidInput(fields={"stage": [_("Only an accepted offer can be hired.")]})
    from backoffice.people import services as people_services

    candidate = application.candidate
    first, _sep, last = candidate.name.rpartition(" ")
    with transaction.atomic():
        # The recruitment permission was checked above; the employee record is created by the people service.
        employee = people_services.employee_create(
            actor=None,
            first_name=(first or candidate.name)[:80],
            last_name=(last if first else "")[:80] or "-",
            email=candidate.email,
            phone=candidate.phone,
            job_title=application.position.title[:120],
            department=application.position.department,
            start_date=start_date or timezone.localdate(),
        )
        moved = _move(application, Stage.HIRED, actor, employee=employee)
        start_onboarding = _onboarding_start()
        if start_onboarding is not None:
            start_onboarding(actor=None, employee=employee)
    return moved


# --- calls with the candidate (through the front desk's call log) ----------------------------------


def application_call_log(
    *, actor: Actor, application: Application, direction: str, purpose: str = "", outcome: str = "connected"
) -> Any:
    """HR called the candidate (or took their call): the call goes into the front desk's log under their number."""
    ensure(actor, "recruitment.change_application")
    from backoffice.frontdesk import services as frontdesk

    candidate = application.candidate
    if not candidate.phone_e164:
        raise InvalidInput(fields={"phone": [_("The candidate has no phone number.")]})
    return frontdesk.call_log(
        actor=None,
        direction=direction,
        caller_name=candidate.name[:120],
        number=candidate.phone_e164,
        for_person=employee_of(actor) if actor is not None else None,
        purpose=(purpose or _("Recruitment: %(position)s") % {"position": application.position.title})[:300],
        outcome=outcome,
    )


# --- bulk intake ----------------------------------------------------------------------------------


def intake_start(*, actor: Actor, position: Position, files: Sequence[tuple[str, bytes]]) -> IntakeBatch:
    """Keep the uploaded files and queue them; a zip is opened (after the bomb check) into its files."""
    ensure(actor, "recruitment.add_application")
    if not files:
        raise InvalidInput(fields={"files": [_("Choose at least one file.")]})
    entries: list[tuple[str, bytes | None, str]] = []
    for name, data in files:
        if intake.is_zip_upload(data):
            try:
                entries.extend((inner, content, "") for inner, content in intake.unpack_zip(data, name))
            except intake.ResumeRefused as exc:
                entries.append((name, None, str(exc)))
        else:
            entries.append((name, data, ""))
    if len(entries) > intake.MAX_ZIP_MEMBERS:
        raise InvalidInput(fields={"files": [_("At most %(n)s files at once.") % {"n": intake.MAX_ZIP_MEMBERS}]})
    stored_names: list[str] = []
    try:
        with transaction.atomic():
            batch = IntakeBatch.objects.create(position=position, total=len(entries), created_by=_user(actor))
            rows = []
            for name, data, refused in entries:
                stored = ""
                if data is not None and not refused:
                    stored = default_storage.save(f"recruitment/intake/{uuid.uuid4().hex}", ContentFile(data))
                    stored_names.append(stored)
                rows.append(
                    IntakeFile(
                        batch=batch,
                        filename=name[:255],
                        stored=stored,
                        status=IntakeFileStatus.REFUSED if refused else IntakeFileStatus.WAITING,
                        message=refused[:400],
                    )
                )
            IntakeFile.objects.bulk_create(rows)
            batch.processed = sum(1 for row in rows if row.status == IntakeFileStatus.REFUSED)
            batch.save(update_fields=["processed"])
            record_change(batch, AuditEntry.Action.CREATE)
    except Exception:
        _remove_files(stored_names)
        raise
    from backoffice.recruitment.tasks import process_intake

    transaction.on_commit(lambda: process_intake(batch.pk))
    return batch


def intake_process(batch_id: int) -> IntakeBatch:
    """Turn each waiting file into a candidate and application, one file at a time, each in its own transaction:
    one bad file is marked refused with its reason and the others go on."""
    batch = IntakeBatch.objects.select_related("position").get(pk=batch_id)
    IntakeBatch.objects.filter(pk=batch.pk).update(status=IntakeStatus.RUNNING)
    for row in batch.files.filter(status=IntakeFileStatus.WAITING):
        try:
            data = default_storage.open(row.stored).read() if row.stored else b""
            application = application_create(
                actor=None, position=batch.position, resume=(row.filename, data), source=Source.BULK
            )
            row.status, row.application, row.message = IntakeFileStatus.CREATED, application, ""
        except (InvalidInput, Conflict) as exc:
            messages = [m for ms in exc.fields.values() for m in ms] or [exc.message]
            row.status, row.message = IntakeFileStatus.REFUSED, " ".join(messages)[:400]
        except OSError:
            row.status, row.message = IntakeFileStatus.REFUSED, _("The uploaded file could not be read.")
        row.save(update_fields=["status", "message", "application"])
        if row.stored:
            default_storage.delete(row.stored)
        IntakeBatch.objects.filter(pk=batch.pk).update(
            processed=batch.files.exclude(status=IntakeFileStatus.WAITING).count()
        )
    IntakeBatch.objects.filter(pk=batch.pk).update(status=IntakeStatus.DONE)
    batch.refresh_from_db()
    return batch


# --- interviews and feedback -------------------------------------------------------------------------


def _interviewers(people: Iterable[Employee]) -> list[Employee]:
    chosen = list(dict.fromkeys(people))
    if not chosen:
        raise InvalidInput(fields={"interviewers": [_("Choose at least one interviewer.")]})
    return chosen


def _interview_title(application: Application) -> str:
    return _("Interview: %(position)s") % {"position": application.position.title}


def _to_interview_stage(application: Application, actor: Actor) -> None:
    if application.stage in (Stage.NEW, Stage.SCREENED, Stage.SHORTLISTED):
        _move(application, Stage.INTERVIEW, actor)


def interview_schedule(
    *,
    actor: Actor,
    application: Application,
    interviewers: Iterable[Employee],
    start: dt.datetime,
    end: dt.datetime,
    room: str = "",
    video_link: str = "",
    description: str = "",
) -> Interview:
    """Book the interview with the meetings module: it checks everyone is free and sends the invitations."""
    ensure(actor, "recruitment.add_interview")
    if application.stage in CLOSED_STAGES:
        raise InvalidInput(fields={"stage": [_("This application is closed.")]})
    from backoffice.meetings import services as meetings

    people = _interviewers(interviewers)
    candidate = application.candidate
    guests = [(candidate.name, candidate.email)] if candidate.email else []
    with transaction.atomic():
        meeting = meetings.meeting_book(
            actor=actor,
            title=_interview_title(application),
            start=start,
            end=end,
            organizer=employee_of(actor) if actor is not None and employee_of(actor) else people[0],
            participants=people,
            guests=guests,
            room=room,
            video_link=video_link,
            description=description,
            subject=application,
        )
        interview = Interview.objects.create(application=application, meeting=meeting, created_by=_user(actor))
        interview.interviewers.set(people)
        record_change(interview, AuditEntry.Action.CREATE)
        _to_interview_stage(application, actor)
    return interview


def interview_offer_slots(
    *,
    actor: Actor,
    application: Application,
    interviewers: Iterable[Employee],
    slots: Sequence[Any],
    duration: dt.timedelta,
    room: str = "",
    video_link: str = "",
) -> Interview:
    """Send the candidate a private link to pick one of the offered slots (the meetings module books it)."""
    ensure(actor, "recruitment.add_interview")
    if application.stage in CLOSED_STAGES:
        raise InvalidInput(fields={"stage": [_("This application is closed.")]})
    candidate = application.candidate
    if not candidate.email:
        raise InvalidInput(fields={"email": [_("The candidate has no e-mail address to send the link to.")]})
    from backoffice.meetings import services as meetings

    people = _interviewers(interviewers)
    with transaction.atomic():
        offer = meetings.slot_offer_create(
            actor=actor,
            title=_interview_title(application),
            organizer=employee_of(actor) if actor is not None and employee_of(actor) else people[0],
            participants=people,
            guest_name=candidate.name,
            guest_email=candidate.email,
            slots=slots,
            duration=duration,
            room=room,
            video_link=video_link,
            subject=application,
        )
        interview = Interview.objects.create(application=application, slot_offer=offer, created_by=_user(actor))
        interview.interviewers.set(people)
        record_change(interview, AuditEntry.Action.CREATE)
        _to_interview_stage(application, actor)
    return interview


def may_give_feedback(actor: Actor, interview: Interview) -> bool:
    me = employee_of(actor) if actor is not None else None
    return bool(me) and interview.interviewers.filter(pk=me.pk).exists() and can(actor, "recruitment.add_feedback")


def feedback_submit(
    *, actor: Actor, interview: Interview, scores: dict[str, Any], recommendation: str, comment: str = ""
) -> Feedback:
    """An assigned interviewer's scorecard: 1–5 for each requirement of the position, and a recommendation."""
    if actor is None or not may_give_feedback(actor, interview):
        raise NotAllowed(_("Only the interviewers assigned to this interview give feedback on it."))
    requirements = feedback_requirements(interview.application.position)
    errors: dict[str, list[str]] = {}
    clean: dict[str, int] = {}
    for name in requirements:
        raw = scores.get(name)
        try:
            value = int(raw)
        except (TypeError, ValueError):
            errors.setdefault("scores", []).append(_("Score %(name)s from 1 to 5.") % {"name": name})
            continue
        if not 1 <= value <= 5:
            errors.setdefault("scores", []).append(_("Score %(name)s from 1 to 5.") % {"name": name})
            continue
        clean[name] = value
    unknown = set(scores) - set(requirements)
    if unknown:
        errors.setdefault("scores", []).append(
            _("Not a requirement of this position: %(names)s") % {"names": ", ".join(sorted(unknown))}
        )
    if recommendation not in Recommendation.values:
        errors["recommendation"] = [_("Choose a recommendation.")]
    if errors:
        raise InvalidInput(fields=errors)
    me = employee_of(actor)
    if Feedback.objects.filter(interview=interview, interviewer=me).exists():
        raise InvalidInput(fields={"recommendation": [_("You have already submitted feedback for this interview.")]})
    return create_record(
        Feedback,
        interview=interview,
        interviewer=me,
        scores=clean,
        recommendation=recommendation,
        comment=comment.strip(),
    )


def feedback_requirements(position: Position) -> list[str]:
    """What an interviewer scores: each required skill and language, and overall fit."""
    names = [s.name for s in position.skills.all()] + [
        f"{lang.language} {lang.level}" for lang in position.languages.all()
    ]
    return [*names, _("Overall fit")]


# --- privacy (GDPR) ------------------------------------------------------------------------------------


def candidate_update_consent(
    *, actor: Actor, candidate: Candidate, keep_for_future: bool, retain_until: dt.date | None = None
) -> Candidate:
    ensure(actor, "recruitment.change_candidate")
    return update_record(
        candidate, keep_for_future=keep_for_future, retain_until=retain_until or retention_date(keep_for_future)
    )


def candidate_erase(*, actor: Actor, candidate: Candidate, reason: str = "") -> Candidate:
    """Anonymise the person: contact data, resumes (files and text), notes, feedback comments; the
    applications stay as anonymous statistics. Audited, with the reason, and without the erased data."""
    ensure(actor, "recruitment.export_candidate")
    if candidate.anonymised_at is not None:
        return candidate
    files = [r.file.name for r in candidate.resumes.all() if r.file]
    with transaction.atomic():
        before_keys = sorted(snapshot(candidate))
        Resume.objects.filter(candidate=candidate).update(
            text="", profile={}, index={}, filename="", file="", sha256=""
        )
        ApplicationNote.objects.filter(application__candidate=candidate).update(text=_("(erased)"))
        Feedback.objects.filter(interview__application__candidate=candidate).update(comment="")
        Application.objects.filter(candidate=candidate).update(tags=[])
        Candidate.objects.filter(pk=candidate.pk).update(
            name=_("Anonymised candidate %(id)s") % {"id": candidate.pk},
            email="",
            phone="",
            phone_e164="",
            anonymised_at=timezone.now(),
        )
        candidate.refresh_from_db()
        record_change(
            candidate,
            AuditEntry.Action.UPDATE,
            before={"erased": before_keys},
            reason=reason or _("personal data erased"),
        )
        transaction.on_commit(lambda: _remove_files(files))
    return candidate


def erase_expired(today: dt.date | None = None) -> int:
    """The retention job: candidates past their retention date, with no open or successful application,
    who did not agree to be kept for future openings, are anonymised."""
    today = today or timezone.localdate()
    due = (
        Candidate.objects.filter(anonymised_at__isnull=True, retain_until__lt=today, keep_for_future=False)
        .exclude(applications__stage__in=[s for s in Stage.values if s not in (Stage.REJECTED, Stage.WITHDRAWN)])
        .distinct()
    )
    erased = 0
    for candidate in due:
        candidate_erase(actor=None, candidate=candidate, reason=_("retention period ended"))
        erased += 1
    return erased


# --- the public careers form ------------------------------------------------------------------------

CAREERS_PER_HOUR = getattr(settings, "RECRUITMENT_CAREERS_PER_HOUR", 5)


def client_key(address: str) -> str:
    """The sender's address, hashed (keyed): enough to count submissions, useless as personal data."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:careers:{address}".encode()).hexdigest()


def careers_rate_exceeded(address: str) -> bool:
    since = timezone.now() - dt.timedelta(hours=1)
    return CareersSubmission.objects.filter(client_hash=client_key(address), at__gte=since).count() >= CAREERS_PER_HOUR


def careers_apply(
    *,
    position: Position,
    address: str,
    name: str,
    email: str,
    phone: str,
    resume: tuple[str, bytes],
    keep_for_future: bool = False,
) -> Application:
    """An application from the public careers page: rate limited per address, with the applicant's consent, and
    a confirmation e-mail to the applicant (queued in the same transaction)."""
    if position.status != PositionStatus.OPEN or position.archived_at is not None:
        raise InvalidInput(_("This position is no longer open."))
    if careers_rate_exceeded(address):
        raise Conflict(_("Too many applications from your address in the last hour; please try again later."))
    with transaction.atomic():
        CareersSubmission.objects.create(client_hash=client_key(address))
    with transaction.atomic():
        application = application_create(
            actor=None,
            position=position,
            name=name,
            email=email,
            phone=phone,
            resume=resume,
            source=Source.CAREERS,
            consent=True,
            keep_for_future=keep_for_future,
        )
        candidate = application.candidate
        enqueue_email(
            to=[candidate.email],
            subject=_("We have received your application: %(position)s") % {"position": position.title},
            body=_(
                "Dear %(name)s,\n\nthank you for applying for the position %(position)s. We will read your resume "
                "and get back to you.\n\nWe keep your personal data until %(until)s%(future)s; you may ask us to "
                "send you or erase everything we hold about you at any time by replying to this e-mail.\n"
            )
            % {
                "name": candidate.name,
                "position": position.title,
                "until": candidate.retain_until.strftime("%d.%m.%Y") if candidate.retain_until else "",
                "future": _(" (you agreed to be kept for future openings)") if candidate.keep_for_future else "",
            },
        )
    return application
