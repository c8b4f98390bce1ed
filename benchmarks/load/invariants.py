"""What must still hold after the load: stock never negative and equal to its movements, nobody in two meetings at
once, no purchase order approved twice. Each check answers a list of problems (empty: it holds)."""

from __future__ import annotations

from collections import Counter, defaultdict
from decimal import Decimal


def stock_problems() -> list[str]:
    from django.db.models import Sum

    from backoffice.supplies.models import StockLevel, StockMovement

    moved: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
    for row in (
        StockMovement.objects.filter(to_location__isnull=False)
        .values("item_id", "to_location_id")
        .annotate(total=Sum("quantity"))
    ):
        moved[row["item_id"], row["to_location_id"]] += row["total"]
    for row in (
        StockMovement.objects.filter(from_location__isnull=False)
        .values("item_id", "from_location_id")
        .annotate(total=Sum("quantity"))
    ):
        moved[row["item_id"], row["from_location_id"]] -= row["total"]
    problems = []
    levels = {(level.item_id, level.location_id): level.on_hand for level in StockLevel.objects.all()}
    for key in sorted(set(levels) | set(moved)):
        on_hand, expected = levels.get(key, Decimal(0)), moved.get(key, Decimal(0))
        if on_hand < 0:
            problems.append(f"item {key[0]} at location {key[1]}: negative stock {on_hand}")
        if on_hand != expected:
            problems.append(f"item {key[0]} at location {key[1]}: {on_hand} on hand, movements say {expected}")
    return problems


def meeting_problems(team: list[int]) -> list[str]:
    from backoffice.meetings.choices import MeetingStatus
    from backoffice.meetings.models import Meeting

    problems = []
    for person in team:
        meetings = list(
            Meeting.objects.filter(participants=person)
            .exclude(status=MeetingStatus.CANCELLED)
            .order_by("start")
            .values_list("pk", "start", "end")
        )
        for (first, _, first_end), (second, second_start, _) in zip(meetings, meetings[1:], strict=False):
            if second_start < first_end:
                problems.append(f"employee {person} is in meetings {first} and {second} at once")
    return problems


def approval_problems(orders: list[int]) -> list[str]:
    from django.contrib.contenttypes.models import ContentType

    from backoffice.core.models import AuditEntry
    from backoffice.supplies.choices import OrderStatus
    from backoffice.supplies.models import PurchaseOrder

    kind = ContentType.objects.get_for_model(PurchaseOrder)
    approvals = Counter(
        AuditEntry.objects.filter(
            content_type=kind,
            object_id__in=[str(pk) for pk in orders],
            action=AuditEntry.Action.UPDATE,
            after__status=OrderStatus.APPROVED,
            before__status=OrderStatus.AWAITING_APPROVAL,
        ).values_list("object_id", flat=True)
    )
    problems = [f"purchase order {pk} was approved {n} times" for pk, n in approvals.items() if n > 1]
    approved = set(
        PurchaseOrder.objects.filter(pk__in=orders, status=OrderStatus.APPROVED).values_list("pk", flat=True)
    )
    if approved != {int(pk) for pk in approvals}:
        problems.append("the approved orders and their audit trail differ")
    return problems


def work_done(orders: list[int]) -> dict[str, int]:
    """What the load left behind, to put beside the request figures."""
    from backoffice.frontdesk.models import Call
    from backoffice.meetings.models import Meeting
    from backoffice.supplies.choices import MovementKind, OrderStatus
    from backoffice.supplies.models import PurchaseOrder, StockMovement

    return {
        "calls_logged": Call.objects.count(),
        "stock_issues": StockMovement.objects.filter(kind=MovementKind.ISSUE).count(),
        "meetings_booked": Meeting.objects.count(),
        "orders_approved": PurchaseOrder.objects.filter(pk__in=orders, status=OrderStatus.APPROVED).count(),
        "orders_waiting": PurchaseOrder.objects.filter(pk__in=orders, status=OrderStatus.AWAITING_APPROVAL).count(),
    }
