"""`{% today_sections %}`: the Today overview as a panel of another page (the home page shows it beside My work)."""

from django import template

from backoffice.overview.today import today_for

register = template.Library()


@register.inclusion_tag("overview/_today_sections.html", takes_context=True)
def today_sections(context):
    return {"sections": today_for(context["request"].user)}
