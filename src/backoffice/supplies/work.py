"""Items supplies puts on "My work": requests to handle, orders to approve, deliveries to expect.

Also for the colleagues the user covers for (their supplies duties land on the user while they are away).
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from backoffice.core.mywork import WorkItem, provides_work
from backoffice.people.choices import Area
from backoffice.people.selectors import covered_by, employee_of, responsible_for
from backoffice.supplies.choices import OrderStatus, RequestStatus
from backoffice.supplies.models import PurchaseOrder, SupplyRequest


def _duties(user, permission: str) -> dict[str, str]:
    """Whose supplies work (by the colleague's name, "" for my own) the user does now, for one permission."""
    me = employee_of(user)
    duties: dict[str, str] = {}
    if user.has_perm(permission) and (me is None or responsible_for(me, Area.SUPPLIES).pk == me.pk):
        duties[""] = ""
    if me is not None:
        for colleague in covered_by(me, Area.SUPPLIES):
            if colleague.user is not None and colleague.user.has_perm(permission):
                duties.setdefault(colleague.full_name, colleague.full_name)
    return duties


def _at_eight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(8, 0)))


@provides_work
def supplies_work(user) -> list[WorkItem]:
    if not user.is_authenticated:
        return []
    module = _("Supplies")
    items: list[WorkItem] = []
    on_behalf = next(iter(_duties(user, "supplies.change_supplyrequest")), None)
    if on_behalf is not None:
        for request in SupplyRequest.objects.filter(status=RequestStatus.OPEN).select_related("item", "requester")[:50]:
            items.append(
                WorkItem(
                    title=_("Hand out %(item)s to %(name)s")
                    % {"item": request.item.name, "name": request.requester.full_name},
                    url=reverse("supplies:request_list") + "?status=open",
                    module=module,
                    due=request.created_at,
                    on_behalf_of=on_behalf,
                )
            )
        for order in PurchaseOrder.objects.filter(
            status__in=[OrderStatus.SENT, OrderStatus.PARTLY_RECEIVED]
        ).select_related("supplier")[:50]:
            items.append(
                WorkItem(
                    title=_("Delivery expected: %(number)s from %(supplier)s")
                    % {"number": order.number, "supplier": order.supplier.name},
                    url=reverse("supplies:order_detail", args=[order.pk]),
                    module=module,
                    due=_at_eight(order.expected_on) if order.expected_on else None,
                    on_behalf_of=on_behalf,
                )
            )
    approvals = _duties(user, "supplies.approve_purchaseorder")
    if approvals:
        on_behalf = next(iter(approvals))
        for order in PurchaseOrder.objects.filter(status=OrderStatus.AWAITING_APPROVAL).select_related("supplier"):
            items.append(
                WorkItem(
                    title=_("Approve purchase order %(number)s (%(supplier)s)")
                    % {"number": order.number, "supplier": order.supplier.name},
                    url=reverse("supplies:order_detail", args=[order.pk]),
                    module=module,
                    due=order.updated_at,
                    on_behalf_of=on_behalf,
                )
            )
    return items
