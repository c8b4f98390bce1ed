"""/api/v1/supplies/."""

from ninja import Router

router = Router(tags=["supplies"])
