"""/api/v1/frontdesk/."""

from ninja import Router

router = Router(tags=["frontdesk"])
