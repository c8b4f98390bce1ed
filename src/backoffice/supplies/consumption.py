"""Consumption per day and department (ConsumptionDay), the summary the consumption report reads.

An issue adds to its day's row in the issue's own transaction, with one `UPDATE … SET x = x + n` (the row lock
makes concurrent issues add up); `rebuild` recomputes every row from the ledger, for data written in bulk (the
demo, a migration) or to check the summary.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, DecimalField, ExpressionWrapper, F, Sum, Value
from django.db.models.functions import Coalesce

from backoffice.supplies.choices import MovementKind
from backoffice.supplies.models import ConsumptionDay, StockMovement

ZERO = Decimal("0")


def count_issue(movement: StockMovement) -> None:
    """Add an issue from stock to its day and department; other kinds of movement are not consumption."""
    if movement.kind != MovementKind.ISSUE:
        return
    cost = movement.quantity * movement.unit_cost if movement.unit_cost is not None else ZERO
    row = ConsumptionDay.objects.filter(day=movement.occurred_on, department_id=movement.department_id)
    added = {"issues": F("issues") + 1, "quantity": F("quantity") + movement.quantity, "cost": F("cost") + cost}
    if row.update(**added):
        return
    try:
        with transaction.atomic():
            ConsumptionDay.objects.create(
                day=movement.occurred_on,
                department_id=movement.department_id,
                issues=1,
                quantity=movement.quantity,
                cost=cost,
            )
    except IntegrityError:  # another issue of the same day created the row a moment ago: add to it
        row.update(**added)


def from_ledger(movements=None):
    """The summary's rows as the ledger gives them: issues grouped by day and department."""
    movements = StockMovement.objects.all() if movements is None else movements
    cost = ExpressionWrapper(F("quantity") * F("unit_cost"), output_field=DecimalField(max_digits=24, decimal_places=5))
    return (
        movements.filter(kind=MovementKind.ISSUE)
        .values("occurred_on", "department_id")
        .annotate(
            issues=Count("id"),
            used=Sum("quantity"),
            spent=Coalesce(Sum(cost), Value(ZERO), output_field=DecimalField(max_digits=24, decimal_places=5)),
        )
        .order_by()
    )


def rebuild() -> None:
    """Recompute every row from the ledger in one INSERT … SELECT run by the database (millions of movements are
    never loaded into Python)."""
    select, params = from_ledger().query.sql_with_params()
    table = connection.ops.quote_name(ConsumptionDay._meta.db_table)
    columns = ", ".join(
        connection.ops.quote_name(ConsumptionDay._meta.get_field(name).column)
        for name in ("day", "department", "issues", "quantity", "cost")
    )
    with transaction.atomic(), connection.cursor() as cursor:
        ConsumptionDay.objects.all().delete()
        cursor.execute(f"INSERT INTO {table} ({columns}) {select}", params)  # noqa: S608
