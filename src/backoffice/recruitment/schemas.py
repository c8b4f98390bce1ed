"""API shapes for recruitment. Out schemas name their fields: nothing leaks by accident."""

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema

from backoffice.recruitment.choices import Cefr, Education, PositionStatus, Recommendation, Source, Stage


class SkillIO(Schema):
    name: str = Field(min_length=1, max_length=80)
    weight: int = Field(1, ge=1, le=10)
    must_have: bool = False


class LanguageIO(Schema):
    language: str = Field(min_length=1, max_length=40)
    level: Cefr = Cefr.B1
    must_have: bool = False


class PositionOut(Schema):
    id: int
    title: str
    department_id: int | None
    hiring_manager_id: int | None
    description: str
    status: PositionStatus
    headcount: int
    min_years: Decimal
    education: str
    location: str
    skills: list[SkillIO]
    languages: list[LanguageIO]

    @staticmethod
    def resolve_skills(obj):
        return list(obj.skills.all())

    @staticmethod
    def resolve_languages(obj):
        return list(obj.languages.all())


class PositionIn(Schema):
    title: str = Field(min_length=1, max_length=160)
    description: str = ""
    status: PositionStatus = PositionStatus.DRAFT
    headcount: int = Field(1, ge=1, le=1000)
    min_years: Decimal = Field(Decimal("0"), ge=0, le=60)
    education: Education = Education.NONE
    location: str = Field("", max_length=120)
    department_id: int | None = None
    hiring_manager_id: int | None = None
    skills: list[SkillIO] = []
    languages: list[LanguageIO] = []


class PositionPatch(Schema):
    title: str | None = Field(None, min_length=1, max_length=160)
    description: str | None = None
    status: PositionStatus | None = None
    headcount: int | None = Field(None, ge=1, le=1000)
    min_years: Decimal | None = Field(None, ge=0, le=60)
    education: Education | None = None
    location: str | None = Field(None, max_length=120)
    skills: list[SkillIO] | None = None
    languages: list[LanguageIO] | None = None


class CandidateOut(Schema):
    id: int
    name: str
    email: str
    phone: str
    retain_until: dt.date | None
    keep_for_future: bool


class ApplicationIn(Schema):
    name: str = Field("", max_length=160)
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=40)
    source: Source = Source.HR
    consent: bool = False
    resume_filename: str = Field("", max_length=255)
    resume_base64: str = Field("", max_length=14_000_000)


class ApplicationOut(Schema):
    id: int
    position_id: int
    candidate: CandidateOut
    stage: Stage
    stage_since: dt.datetime
    rejection_reason: str
    source: Source
    tags: list[str]
    offer_status: str
    created_at: dt.datetime


class FindingOut(Schema):
    kind: str
    name: str
    matched: bool
    points: float
    of_points: float
    evidence: str
    note: str
    must_have: bool


class RankedOut(Schema):
    application_id: int
    candidate_name: str
    stage: Stage
    score: float
    missing_must_haves: list[str]
    findings: list[FindingOut]


class MoveIn(Schema):
    stage: Stage
    reason: str = Field("", max_length=300)


class InterviewIn(Schema):
    interviewer_ids: list[int] = Field(min_length=1)
    start: dt.datetime
    end: dt.datetime
    room: str = Field("", max_length=200)
    video_link: str = Field("", max_length=500)


class InterviewOut(Schema):
    id: int
    application_id: int
    meeting_id: int | None
    slot_offer_id: int | None
    interviewer_ids: list[int]

    @staticmethod
    def resolve_interviewer_ids(obj):
        return [e.pk for e in obj.interviewers.all()]


class FeedbackIn(Schema):
    scores: dict[str, int]
    recommendation: Recommendation
    comment: str = Field("", max_length=5000)


class FeedbackOut(Schema):
    id: int
    interview_id: int
    interviewer_id: int
    scores: dict[str, int]
    recommendation: Recommendation
    comment: str
