"""Findable by search engines: the public directory in both languages (`?hl=en`), its sitemap,
robots.txt, schema.org data for each programme, the web app manifest and the icon. Everything
personal (triage, results, sheets, /manage/, training, accounts) stays `noindex` and out of them."""

import json

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Q
from django.http import HttpResponse, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control

from directory.hours import EVERY_DAY, WEEKDAYS, WORKING_DAYS
from directory.models import ContactKind, Organisation, OrganisationKind, Programme, Status
from directory.translation import CONTENT_LANGUAGES

PARAM = "hl"  # ?hl=en: the page in English whatever the browser asks (one URL per language)
DEFAULT = settings.LANGUAGE_CODE


def content_language_param(get_response):
    """A public page's language from `?hl=` when given: search engines index one URL per language."""

    def middleware(request):
        code = request.GET.get(PARAM)
        if code in CONTENT_LANGUAGES:
            translation.activate(code)
            request.LANGUAGE_CODE = code
        return get_response(request)

    return middleware


def in_language(path, code):
    return path if code == DEFAULT else f"{path}?{PARAM}={code}"


def alternates(request):
    """{language: absolute URL} of the page at this path in each content language."""
    base = request.build_absolute_uri(request.path)
    return {code: in_language(base, code) for code in CONTENT_LANGUAGES}


# Sitemap ---------------------------------------------------------------------------------------


class PublicPages(Sitemap):
    """Each public page once per content language (the Slovenian one at the plain URL)."""

    def items(self):
        return [(page, code) for page in self.pages() for code in CONTENT_LANGUAGES]

    def location(self, item):
        page, code = item
        return in_language(self.path(page), code)

    def pages(self):
        return ["directory:home", "directory:list"]

    def path(self, page):
        return reverse(page)


class Programmes(PublicPages):
    def pages(self):
        today = timezone.localdate()
        current = Q(end_date__isnull=True) | Q(end_date__gte=today)
        return Programme.objects.filter(current, status=Status.ACTIVE).order_by("slug").only("slug", "modified_at")

    def path(self, page):
        return page.get_absolute_url()

    def lastmod(self, item):
        return item[0].modified_at


class Organisations(PublicPages):
    def pages(self):
        return Organisation.objects.order_by("slug").only("slug")

    def path(self, page):
        return reverse("directory:organisation", args=[page.slug])


SITEMAPS = {"pages": PublicPages, "programmes": Programmes, "organisations": Organisations}

PRIVATE = ["/triage/", "/referrals/", "/manage/", "/training/", "/accounts/", "/admin/", "/api/", "/exit/"]


@cache_control(max_age=3600, public=True)
def robots_txt(request):
    lines = ["User-agent: *", *[f"Disallow: {path}" for path in PRIVATE], "Allow: /"]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


# schema.org ------------------------------------------------------------------------------------

# Inside <script>, JSON must not close the element or start markup.
SCRIPT_SAFE = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}
DAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _days(code):
    if code == EVERY_DAY:
        return DAY_NAMES
    if code == WORKING_DAYS:
        return DAY_NAMES[:5]
    return [DAY_NAMES[WEEKDAYS.index(code)]] if code in WEEKDAYS else []


def _hours(contact):
    if contact.always_open:
        return [{"@type": "OpeningHoursSpecification", "dayOfWeek": DAY_NAMES, "opens": "00:00", "closes": "23:59"}]
    return [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": _days(h.days),
            "opens": h.opens.strftime("%H:%M"),
            "closes": h.closes.strftime("%H:%M"),
        }
        for h in contact.hours.all()
    ]


def programme_jsonld(programme, request):
    """The programme as schema.org data. Locations are left out: a safe house's address must never
    be published, and the phones are how people reach every programme."""
    organisation = programme.organisation
    government = organisation.kind == OrganisationKind.PUBLIC
    channels = []
    for contact in programme.contacts.all():
        if contact.kind == ContactKind.PHONE:
            point = {"@type": "ContactPoint", "telephone": contact.value, "name": contact.shown}
            if hours := _hours(contact):
                point["hoursAvailable"] = hours
            channels.append({"@type": "ServiceChannel", "servicePhone": point})
        elif contact.kind == ContactKind.WEB:
            channels.append({"@type": "ServiceChannel", "serviceUrl": contact.value})
    data = {
        "@context": "https://schema.org",
        "@type": "GovernmentService" if government else "Service",
        "name": programme.name,
        "description": programme.description,
        "url": request.build_absolute_uri(programme.get_absolute_url()),
        "provider": {
            "@type": "GovernmentOrganization" if government else "Organization",
            "name": organisation.name,
            "url": request.build_absolute_uri(reverse("directory:organisation", args=[organisation.slug])),
        },
        "areaServed": {"@type": "Country", "name": _("Slovenia")}
        if programme.area_national
        else [{"@type": "AdministrativeArea", "name": m.name} for m in programme.area_municipalities.all()],
        "availableChannel": channels,
        "availableLanguage": [language.name for language in programme.languages.all()],
    }
    if programme.is_free:
        data["isAccessibleForFree"] = True
    return json.dumps(data, ensure_ascii=False).translate(SCRIPT_SAFE)


# Web app manifest and icon -----------------------------------------------------------------------


@cache_control(max_age=86400, public=True)
def manifest(request):
    icons = [
        {"src": static(f"icons/icon-{size}.png"), "sizes": f"{size}x{size}", "type": "image/png"} for size in (192, 512)
    ]
    data = {
        "name": "Kažipot",
        "short_name": "Kažipot",
        "description": _("Help against trafficking and exploitation in Slovenia: who to call, where to go."),
        "lang": translation.get_language(),
        "start_url": reverse("directory:home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#1d4e89",
        "icons": [*icons, {"src": static("icons/favicon.svg"), "sizes": "any", "type": "image/svg+xml"}],
    }
    return JsonResponse(data, content_type="application/manifest+json")


@cache_control(max_age=86400, public=True)
def favicon(request):
    with open(settings.BASE_DIR / "static" / "icons" / "favicon.ico", "rb") as icon:
        return HttpResponse(icon.read(), content_type="image/x-icon")
