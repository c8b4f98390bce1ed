"""Positions and their requirements, candidates, their resumes and applications, intake batches, interviews."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from backoffice.core.models import ArchivableModel, TimeStampedModel
from backoffice.recruitment.choices import (
    STAGE_BADGE,
    Cefr,
    Education,
    IntakeFileStatus,
    IntakeStatus,
    OfferStatus,
    PositionStatus,
    Recommendation,
    Source,
    Stage,
)


class Position(ArchivableModel):
    title = models.CharField(_("title"), max_length=160)
    department = models.ForeignKey(
        "people.Department", verbose_name=_("department"), null=True, blank=True, on_delete=models.PROTECT
    )
    hiring_manager = models.ForeignKey(
        "people.Employee",
        verbose_name=_("hiring manager"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=PositionStatus.choices, default=PositionStatus.DRAFT)
    headcount = models.PositiveSmallIntegerField(_("headcount"), default=1)
    min_years = models.DecimalField(_("minimum years of experience"), max_digits=4, decimal_places=1, default=0)
    education = models.CharField(
        _("education"), max_length=16, choices=Education.choices, blank=True, default=Education.NONE
    )
    location = models.CharField(_("location"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["title", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(headcount__gte=1),
                name="position_headcount_positive",
                violation_error_message=_("The headcount must be at least one."),
            ),
            models.CheckConstraint(
                condition=Q(min_years__gte=0),
                name="position_min_years_not_negative",
                violation_error_message=_("The years of experience cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PositionSkill(models.Model):
    """A skill the position asks for: its weight in the score, and whether missing it is a red flag."""

    position = models.ForeignKey(Position, on_delete=models.CASCADE, related_name="skills")
    name = models.CharField(_("skill"), max_length=80)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    must_have = models.BooleanField(_("must have"), default=False)

    class Meta:
        verbose_name = _("required skill")
        verbose_name_plural = _("required skills")
        ordering = ["-must_have", "-weight", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["position", "name"],
                name="position_skill_unique",
                violation_error_message=_("This skill is already listed for the position."),
            ),
            models.CheckConstraint(
                condition=Q(weight__gte=1, weight__lte=10),
                name="position_skill_weight_range",
                violation_error_message=_("The weight is from 1 to 10."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PositionLanguage(models.Model):
    position = models.ForeignKey(Position, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("language"), max_length=40)
    level = models.CharField(_("level"), max_length=2, choices=Cefr.choices, default=Cefr.B1)
    must_have = models.BooleanField(_("must have"), default=False)

    class Meta:
        verbose_name = _("required language")
        verbose_name_plural = _("required languages")
        ordering = ["-must_have", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["position", "language"],
                name="position_language_unique",
                violation_error_message=_("This language is already listed for the position."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.language} {self.level}"


class Candidate(TimeStampedModel):
    """One person, however many times they apply: found again by e-mail or phone number."""

    name = models.CharField(_("name"), max_length=160)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    phone_e164 = models.CharField(max_length=20, blank=True, default="", editable=False, db_index=True)
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    retain_until = models.DateField(_("keep data until"), null=True, blank=True)
    keep_for_future = models.BooleanField(_("agreed to be kept for future openings"), default=False)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["email"], name="candidate_email_idx")]

    def __str__(self) -> str:
        return self.name


class Resume(TimeStampedModel):
    """A resume file as received, its text and what was read out of it (skills, languages, experience …)."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="resumes")
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64, db_index=True)
    file = models.FileField(upload_to="recruitment/resumes/%Y/%m/", max_length=300, blank=True)
    text = models.TextField(_("text"), blank=True)
    ocr = models.BooleanField(_("read by OCR"), default=False)
    profile = models.JSONField(_("extracted data"), default=dict, blank=True)
    # What ranking reads of the profile (term counts, skills, levels, years), kept in step with it on save.
    index = models.JSONField(_("ranking index"), default=dict, blank=True, editable=False)

    class Meta:
        verbose_name = _("resume")
        verbose_name_plural = _("resumes")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.filename

    def save(self, *args, **kwargs) -> None:
        from backoffice.recruitment.screening import index_of

        self.index = index_of(self.profile) if self.profile else {}
        if kwargs.get("update_fields") is not None and "profile" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "index"}
        super().save(*args, **kwargs)


class Application(TimeStampedModel):
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="applications")
    position = models.ForeignKey(Position, on_delete=models.PROTECT, related_name="applications")
    resume = models.ForeignKey(Resume, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices, default=Stage.NEW)
    stage_since = models.DateTimeField(_("in this stage since"))
    rejection_reason = models.CharField(_("reason for rejection"), max_length=300, blank=True)
    source = models.CharField(_("source"), max_length=12, choices=Source.choices, default=Source.HR)
    tags = models.JSONField(_("tags"), default=list, blank=True)
    offer_status = models.CharField(
        _("offer"), max_length=10, choices=OfferStatus.choices, blank=True, default=OfferStatus.NONE
    )
    employee = models.ForeignKey(
        "people.Employee", verbose_name=_("hired as"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at", "-id"]
        permissions = [("export_candidate", _("Can export and erase candidate data"))]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "position"],
                name="application_once_per_position",
                violation_error_message=_("This candidate has already applied for this position."),
            ),
            models.CheckConstraint(
                condition=~Q(stage=Stage.REJECTED) | ~Q(rejection_reason=""),
                name="application_rejection_has_reason",
                violation_error_message=_("Say why the application is rejected."),
            ),
        ]
        indexes = [models.Index(fields=["position", "stage"], name="application_position_stage_idx")]

    def __str__(self) -> str:
        return f"{self.candidate} → {self.position}"

    @property
    def stage_badge(self) -> str:
        return STAGE_BADGE.get(self.stage, "secondary")


class StageChange(models.Model):
    """The stage history: when an application entered each stage, and who moved it."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(_("from"), max_length=12, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("to"), max_length=12, choices=Stage.choices)
    at = models.DateTimeField(_("when"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_stage} → {self.to_stage}"


class ApplicationNote(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(_("note"))
    at = models.DateTimeField(_("when"), auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return self.text[:60]


class IntakeBatch(TimeStampedModel):
    """A bulk intake of many resume files for one position; the page polls its progress."""

    position = models.ForeignKey(Position, on_delete=models.CASCADE, related_name="intakes")
    status = models.CharField(_("status"), max_length=10, choices=IntakeStatus.choices, default=IntakeStatus.WAITING)
    total = models.PositiveIntegerField(_("files"), default=0)
    processed = models.PositiveIntegerField(_("processed"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        verbose_name = _("bulk intake")
        verbose_name_plural = _("bulk intakes")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.position} ({self.processed}/{self.total})"


class IntakeFile(models.Model):
    batch = models.ForeignKey(IntakeBatch, on_delete=models.CASCADE, related_name="files")
    filename = models.CharField(_("file name"), max_length=255)
    stored = models.CharField(max_length=300, blank=True)  # the upload, kept until it is processed
    status = models.CharField(
        _("status"), max_length=10, choices=IntakeFileStatus.choices, default=IntakeFileStatus.WAITING
    )
    message = models.CharField(_("message"), max_length=400, blank=True)
    application = models.ForeignKey(Application, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("intake file")
        verbose_name_plural = _("intake files")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.filename


class CareersSubmission(models.Model):
    """When an address sent the public application form: the rate limit counts these (hashed address only)."""

    client_hash = models.CharField(max_length=64)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["client_hash", "at"], name="careers_submission_idx")]

    def __str__(self) -> str:
        return f"{self.client_hash[:8]} {self.at:%Y-%m-%d %H:%M}"


class Interview(TimeStampedModel):
    """An interview for an application: booked as a meeting, or offered as slots the candidate picks from."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="interviews")
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    slot_offer = models.ForeignKey(
        "meetings.SlotOffer",
        verbose_name=_("offered slots"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    interviewers = models.ManyToManyField(
        "people.Employee", verbose_name=_("interviewers"), related_name="recruitment_interviews"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return str(_("Interview: %(application)s") % {"application": self.application})

    @property
    def booked_meeting(self):
        if self.meeting_id:
            return self.meeting
        return self.slot_offer.meeting if self.slot_offer_id else None


class Feedback(TimeStampedModel):
    """One interviewer's scorecard: 1–5 for each requirement of the position, and a recommendation."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="feedback")
    interviewer = models.ForeignKey("people.Employee", verbose_name=_("interviewer"), on_delete=models.PROTECT)
    scores = models.JSONField(_("scores"), default=dict)
    recommendation = models.CharField(_("recommendation"), max_length=16, choices=Recommendation.choices)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "interviewer"],
                name="feedback_once_per_interviewer",
                violation_error_message=_("You have already submitted feedback for this interview."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.interviewer}: {self.recommendation}"
