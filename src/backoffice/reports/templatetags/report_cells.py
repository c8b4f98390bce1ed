"""One cell of a report table, formatted by its column's kind (and shaded in a heat map)."""

from django import template
from django.utils import formats
from django.utils.html import format_html

from backoffice.reports.figures import DAY, MONEY, MONTH, TEXT, Column

register = template.Library()


@register.simple_tag
def cell(row: dict, column: Column, heat: bool = False, first: bool = False):
    value = row.get(column.key, "")
    if value is None:
        text = "—"
    elif column.kind == MONTH:
        text = formats.date_format(value, "YEAR_MONTH_FORMAT")
    elif column.kind == DAY:
        text = formats.date_format(value, "SHORT_DATE_FORMAT")
    elif column.kind == TEXT:
        text = value
    else:
        places = 2 if column.kind == MONEY else None
        text = formats.number_format(value, places, use_l10n=True, force_grouping=True)
    if first:
        return format_html('<th scope="row">{}</th>', text)
    if column.kind in (TEXT, MONTH, DAY):
        return format_html("<td>{}</td>", text)
    shade = row.get("_shade", {}).get(column.key) if heat else None
    if shade is not None:
        return format_html('<td class="text-end heat-{}">{}</td>', shade, text)
    return format_html('<td class="text-end">{}</td>', text)
