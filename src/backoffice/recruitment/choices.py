from django.db import models
from django.utils.translation import gettext_lazy as _


class PositionStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    OPEN = "open", _("open")
    ON_HOLD = "on_hold", _("on hold")
    CLOSED = "closed", _("closed")


class Stage(models.TextChoices):
    NEW = "new", _("new")
    SCREENED = "screened", _("screened")
    SHORTLISTED = "shortlisted", _("shortlisted")
    INTERVIEW = "interview", _("interview")
    OFFER = "offer", _("offer")
    HIRED = "hired", _("hired")
    REJECTED = "rejected", _("rejected")
    WITHDRAWN = "withdrawn", _("withdrawn")


# The way forward; rejected and withdrawn may be reached from any stage that is not closed.
PIPELINE = [Stage.NEW, Stage.SCREENED, Stage.SHORTLISTED, Stage.INTERVIEW, Stage.OFFER, Stage.HIRED]
CLOSED_STAGES = {Stage.HIRED, Stage.REJECTED, Stage.WITHDRAWN}
STAGE_BADGE = {
    Stage.NEW: "secondary",
    Stage.SCREENED: "info",
    Stage.SHORTLISTED: "primary",
    Stage.INTERVIEW: "warning",
    Stage.OFFER: "warning",
    Stage.HIRED: "success",
    Stage.REJECTED: "danger",
    Stage.WITHDRAWN: "dark",
}


class Source(models.TextChoices):
    CAREERS = "careers", _("careers page")
    BULK = "bulk", _("bulk intake")
    HR = "hr", _("entered by HR")
    REFERRAL = "referral", _("referral")
    JOB_BOARD = "job_board", _("job board")


class Cefr(models.TextChoices):
    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"
    C2 = "C2", "C2"


CEFR_RANK = {level: index + 1 for index, level in enumerate(Cefr.values)}


class Education(models.TextChoices):
    NONE = "", _("not required")
    BASIC = "basic", _("basic")
    APPRENTICESHIP = "apprenticeship", _("apprenticeship")
    SECONDARY = "secondary", _("secondary with school-leaving exam")
    BACHELOR = "bachelor", _("bachelor's degree")
    MASTER = "master", _("master's degree")
    DOCTORATE = "doctorate", _("doctorate")


EDUCATION_RANK = {level: index for index, level in enumerate(Education.values)}


class Recommendation(models.TextChoices):
    STRONG_HIRE = "strong_hire", _("strong hire")
    HIRE = "hire", _("hire")
    NO_HIRE = "no_hire", _("no hire")
    STRONG_NO_HIRE = "strong_no_hire", _("strong no hire")


class OfferStatus(models.TextChoices):
    NONE = "", _("no offer")
    MADE = "made", _("offer made")
    ACCEPTED = "accepted", _("offer accepted")
    DECLINED = "declined", _("offer declined")


class IntakeStatus(models.TextChoices):
    WAITING = "waiting", _("waiting")
    RUNNING = "running", _("running")
    DONE = "done", _("done")


class IntakeFileStatus(models.TextChoices):
    WAITING = "waiting", _("waiting")
    CREATED = "created", _("candidate created")
    REFUSED = "refused", _("refused")
