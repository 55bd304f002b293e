"""Formatting for directory pages: open-now badges, verification age, query strings."""

from datetime import date, timedelta

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from directory.history import reason_label
from directory.hours import how_long_ago

register = template.Library()


@register.inclusion_tag("includes/open_badge.html")
def open_badge(item):
    """Badge for a contact or a programme: open now, closed now, or hours unknown."""
    return {"state": item.open_now()}


@register.inclusion_tag("includes/contact_facts.html")
def contact_facts(contact, plain=False):
    """Whether a contact is open (and when it opens next) and whether its provider confirmed it."""
    state = contact.open_now() if contact.kind == "phone" else None
    return {
        "contact": contact,
        "state": state,
        "next_open": contact.next_open() if state is False else None,
        "plain": plain,
    }


@register.inclusion_tag("includes/verification.html")
def verification(item):
    return {
        "item": item,
        "days": item.verification_age_days(),
        "state": item.verification_state,
    }


@register.filter
def ago(moment):
    """How long ago `moment` was, as a whole phrase ("3 hours ago", Slovenian "pred 3 urami")."""
    return how_long_ago(moment, timezone.now())


@register.filter
def week_span(iso_week):
    """An ISO week ("2026-W49") as people read it: "30. november – 6. december 2026" in Slovenian."""
    try:
        year, week = iso_week.split("-W")
        monday = date.fromisocalendar(int(year), int(week), 1)
    except (AttributeError, ValueError):
        return iso_week
    sunday = monday + timedelta(days=6)
    return f"{date_format(monday, 'MONTH_DAY_FORMAT')} – {date_format(sunday, 'MONTH_DAY_FORMAT')} {sunday.year}"


@register.filter
def days_ago(days):
    if days == 0:
        return _("today")
    return ngettext("%(n)d day ago", "%(n)d days ago", days) % {"n": days}


@register.simple_tag
def page_url(query, number):
    """The current filter query with another page number."""
    return f"?{query}&page={number}" if query else f"?page={number}"


@register.filter
def change_reason(reason):
    """A history record's change reason in words."""
    return reason_label(reason)


@register.inclusion_tag("includes/indexable.html", takes_context=True)
def indexable(context, description):
    """A public page search engines may index: its description, canonical URL and the same page in
    the other content language (`?hl=`)."""
    from directory.seo import DEFAULT, PARAM, alternates

    request = context["request"]
    urls = alternates(request)
    # The URL itself: the plain one is the Slovenian page for search engines (they send no
    # language), even when a browser's language shows it in English.
    asked = request.GET.get(PARAM)
    return {
        "description": description,
        "canonical": urls[asked] if asked in urls else urls[DEFAULT],
        "alternates": urls.items(),
        "default": urls[DEFAULT],
    }


@register.simple_tag(takes_context=True)
def programme_jsonld(context, programme):
    """schema.org data of a programme (directory/seo.py), escaped for a <script> element."""
    from directory.seo import programme_jsonld as build

    return mark_safe(build(programme, context["request"]))  # noqa: S308 - JSON with <, >, & escaped
