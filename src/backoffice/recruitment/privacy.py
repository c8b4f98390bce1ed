"""Everything held about a candidate, on request (GDPR art. 15/20): one zip with data.json and the resume files.

Erasure and the retention job are services (`services.candidate_erase`, `services.erase_expired`).
"""

from __future__ import annotations

import io
import json
import zipfile

from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _

from backoffice.core.audit import record_change, snapshot
from backoffice.core.models import AuditEntry
from backoffice.core.permissions import ensure
from backoffice.recruitment.models import Candidate, Feedback


def candidate_data(candidate: Candidate) -> dict:
    applications = []
    for application in candidate.applications.select_related("position").prefetch_related("stage_changes", "notes"):
        applications.append(
            {
                "position": application.position.title,
                "applied": application.created_at.isoformat(),
                "stage": application.stage,
                "source": application.source,
                "tags": application.tags,
                "rejection_reason": application.rejection_reason,
                "stage_history": [
                    {"from": c.from_stage, "to": c.to_stage, "at": c.at.isoformat(), "reason": c.reason}
                    for c in application.stage_changes.all()
                ],
                "notes": [{"at": n.at.isoformat(), "text": n.text} for n in application.notes.all()],
                "feedback": [
                    {"scores": f.scores, "recommendation": f.recommendation, "comment": f.comment}
                    for f in Feedback.objects.filter(interview__application=application)
                ],
            }
        )
    return {
        "exported_at": timezone.now().isoformat(),
        "candidate": {
            "name": candidate.name,
            "email": candidate.email,
            "phone": candidate.phone,
            "consent_at": candidate.consent_at.isoformat() if candidate.consent_at else None,
            "retain_until": candidate.retain_until.isoformat() if candidate.retain_until else None,
            "keep_for_future": candidate.keep_for_future,
        },
        "resumes": [
            {
                "file": r.filename,
                "received": r.created_at.isoformat(),
                "text": r.text,
                "extracted": {k: v for k, v in r.profile.items() if k not in ("terms", "length")},
            }
            for r in candidate.resumes.all()
        ],  # fmt: skip
        "applications": applications,
    }


def candidate_export(*, actor, candidate: Candidate) -> bytes:
    """The zip; the export itself is recorded in the candidate's history."""
    ensure(actor, "recruitment.export_candidate")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(candidate_data(candidate), ensure_ascii=False, indent=2))
        for index, resume in enumerate(candidate.resumes.all(), start=1):
            if resume.file and default_storage.exists(resume.file.name):
                with default_storage.open(resume.file.name, "rb") as handle:
                    archive.writestr(f"resumes/{index}-{resume.filename or 'resume'}", handle.read())
    record_change(candidate, AuditEntry.Action.UPDATE, before=snapshot(candidate), reason=_("personal data exported"))
    return buffer.getvalue()
