"""`{% load equipment_money %}{{ value|money }}` or `{{ value|money:"EUR" }}`: see backoffice.equipment.money."""

from django import template

from backoffice.equipment.money import format_money

register = template.Library()


@register.filter
def money(amount, currency: str = ""):
    return format_money(amount, currency or None)
