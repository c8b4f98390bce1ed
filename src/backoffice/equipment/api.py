"""/api/v1/equipment/."""

from ninja import Router

router = Router(tags=["equipment"])
