"""/api/v1/: who am I, my notifications, my API tokens."""

import datetime as dt

from ninja import Field, Router, Schema, Status

from backoffice.core import notifications, tokens
from backoffice.core.mywork import work_for
from backoffice.core.roles import roles_of
from backoffice.core.schemas import ERRORS

router = Router(tags=["me"])


class MeOut(Schema):
    username: str
    email: str
    roles: list[str]
    language: str


class NotificationOut(Schema):
    id: int
    title: str
    body: str
    url: str
    created_at: dt.datetime
    read_at: dt.datetime | None


class MarkReadIn(Schema):
    ids: list[int] | None = None


class MarkedOut(Schema):
    marked: int


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None


class TokenIn(Schema):
    name: str = Field(min_length=1, max_length=100)


class NewTokenOut(TokenOut):
    key: str


class WorkItemOut(Schema):
    title: str
    url: str
    module: str
    due: dt.datetime | None
    on_behalf_of: str


@router.get("/me", response={200: MeOut, **ERRORS})
def me(request):
    user = request.user
    return {
        "username": user.get_username(),
        "email": user.email,
        "roles": roles_of(user),
        "language": request.LANGUAGE_CODE,
    }


@router.get("/me/work", response={200: list[WorkItemOut], **ERRORS}, summary="My work, and that of whom I cover")
def my_work(request):
    return work_for(request.user)


@router.get("/me/notifications", response={200: list[NotificationOut], **ERRORS})
def my_notifications(request, unread: bool = False):
    rows = notifications.notifications_for(request.user)
    if unread:
        rows = rows.filter(read_at__isnull=True)
    return list(rows[:100])


@router.post("/me/notifications/read", response={200: MarkedOut, **ERRORS})
def mark_notifications_read(request, payload: MarkReadIn):
    return {"marked": notifications.mark_read(user=request.user, ids=payload.ids)}


@router.get("/me/tokens", response={200: list[TokenOut], **ERRORS})
def my_tokens(request):
    return list(tokens.tokens_of(request.user))


@router.post("/me/tokens", response={201: NewTokenOut, **ERRORS}, summary="Create a token (shown once)")
def create_token(request, payload: TokenIn):
    token, key = tokens.token_create(user=request.user, name=payload.name)
    return Status(201, {**TokenOut.from_orm(token).model_dump(), "key": key})


@router.post("/me/tokens/{token_id}/revoke", response={200: TokenOut, **ERRORS})
def revoke_token(request, token_id: int):
    return tokens.token_revoke(user=request.user, token_id=token_id)
