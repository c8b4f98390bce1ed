"""/api/v1/overview/: thin adapters over the overview services and selectors."""

from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate
from pydantic import Field

from backoffice.core.schemas import ERRORS
from backoffice.overview.alerts import alerts_of
from backoffice.overview.schemas import AlertOut, SearchOut, TodayOut
from backoffice.overview.search import MAX_LENGTH, global_search
from backoffice.overview.today import today_for

router = Router(tags=["overview"])


class SearchIn(Schema):
    q: str = Field("", max_length=MAX_LENGTH, description="Words to find; case and diacritics do not matter.")


@router.get("/search", response={200: SearchOut, **ERRORS}, summary="Search everything the caller may see")
def search(request, params: Query[SearchIn]):
    q = params.q.strip()
    return {"q": q, "groups": global_search(request.user, q)}


@router.get("/today", response={200: TodayOut, **ERRORS}, summary="Today's overview for the caller")
def today(request):
    return {"day": timezone.localdate(), "sections": today_for(request.user)}


@router.get("/alerts", response={200: list[AlertOut], **ERRORS}, summary="The caller's open alerts")
@paginate(PageNumberPagination, page_size=50)
def alerts(request):
    return alerts_of(request.user)
