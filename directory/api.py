"""The HSDS 3.0 read API under /api/hsds/: the eleven operations of the standard's OpenAPI document
(`fixtures/hsds-3.0/schema/openapi-local.json`), with or without a trailing slash. Lists come as
HSDS `Page`s; filters combine with AND; every answer is JSON, errors too (400 with a list naming
each parameter, 404 for any unknown id or path, 405 for any method but GET and HEAD). What we add
to HSDS and where we differ from its examples is in the profile (`/api/hsds/profile/`)."""

import hashlib
import math
import uuid

from django import forms
from django.core.cache import cache
from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from directory import hsds_read
from directory.hsds import EXPORT_PREFETCH, compact, exportable_programmes, organization_document, service_document
from directory.models import Organisation, Programme
from directory.search import folded_contains
from directory.services import catalogue_state
from directory.translation import language_order

LIST_SECONDS = 120  # a list page is kept for the catalogue version and the minute, as the directory's
MAX_PER_PAGE = 100
MAX_PAGE = 1_000_000
TRUE, FALSE = ("true", "1"), ("false", "0")


class Flag(forms.TypedChoiceField):
    """An HSDS boolean query parameter: true/false (or 1/0); anything else is an error."""

    def __init__(self):
        super().__init__(
            required=False,
            choices=[(v, v) for v in TRUE + FALSE],
            coerce=lambda value: value in TRUE,
            empty_value=False,
        )


class PageParameters(forms.Form):
    search = forms.CharField(required=False, max_length=200)
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)
    per_page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PER_PAGE)
    format = forms.ChoiceField(required=False, choices=[("json", "json")])


class ServiceParameters(PageParameters):
    taxonomy_term_id = forms.UUIDField(required=False)
    taxonomy_id = forms.UUIDField(required=False)
    organization_id = forms.UUIDField(required=False)
    modified_after = forms.DateTimeField(required=False)
    minimal = Flag()
    full = Flag()

    def clean_modified_after(self):
        value = self.cleaned_data["modified_after"]
        if value is not None and not 1900 <= value.year <= 9998:
            raise forms.ValidationError("must be a date between 1900 and 9998")
        return value


class ServiceAtLocationParameters(ServiceParameters):
    minimal = None
    postcode = forms.CharField(required=False, max_length=10)
    proximity = forms.CharField(required=False)

    def clean_proximity(self):
        if self.cleaned_data["proximity"]:
            raise forms.ValidationError("is not offered: locations have no coordinates; use postcode")
        return ""


class OrganizationParameters(PageParameters):
    full = Flag()
    full_service = Flag()


class TermParameters(PageParameters):
    taxonomy_id = forms.UUIDField(required=False)
    top_only = Flag()
    parent_id = forms.UUIDField(required=False)


class OneOrganizationParameters(forms.Form):
    full_service = Flag()


def _errors(status, errors):
    return JsonResponse({"errors": errors}, status=status)


def _bad_request(form):
    return _errors(400, [{"parameter": name, "message": " ".join(found)} for name, found in form.errors.items()])


def _not_found(uid):
    return _errors(404, [{"parameter": "id", "message": f"no record with id {uid[:100]}"}])


def hsds(parameters=None, cached=False):
    """An HSDS operation: GET or HEAD only, no CSRF check (nothing here changes anything), the
    query validated by `parameters` (400 naming each bad one), a JSON answer. A `cached` one
    (the lists) answers from the shared cache within the minute while the catalogue is unchanged;
    the key is a digest, so the cache holds no search words."""

    def decorate(view):
        @csrf_exempt
        def wrapped(request, *args, **kwargs):
            if request.method not in ("GET", "HEAD"):
                response = _errors(405, [{"message": "only GET and HEAD are allowed"}])
                response["Allow"] = "GET, HEAD"
                return response
            if parameters is None:
                return view(request, *args, **kwargs)
            form = parameters(request.GET)
            if not form.is_valid():
                return _bad_request(form)
            if not cached:
                return view(request, form.cleaned_data, *args, **kwargs)
            key = _list_key(request)
            content = cache.get(key)
            if content is None:
                response = view(request, form.cleaned_data, *args, **kwargs)
                if response.status_code != 200:
                    return response
                content = response.content
                cache.set(key, content, LIST_SECONDS)
            return HttpResponse(content, content_type="application/json")

        return wrapped

    return decorate


def _list_key(request):
    minute = timezone.localtime().strftime("%Y%m%d%H%M")
    raw = f"{catalogue_state()[0]}|{_lang()}|{minute}|{request.path}|{request.GET.urlencode()}"
    return "hsds-list:" + hashlib.sha256(raw.encode()).hexdigest()


def _lang():
    return language_order()[0]


def _uuid(value):
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def _page(rows, params, render):
    """An HSDS Page of `rows` (a queryset, counted once, or a list)."""
    per_page, number = params["per_page"] or 25, params["page"] or 1
    window = slice((number - 1) * per_page, number * per_page)
    if isinstance(rows, list):
        total, shown = len(rows), rows[window]
    else:  # the deep offset over ids alone (no joins, no prefetch), then the page's rows in that order
        total = rows.count()
        ids = list(rows.values_list("pk", flat=True)[window])
        found = {row.pk: row for row in rows.filter(pk__in=ids).order_by()}
        shown = [found[pk] for pk in ids if pk in found]  # one deleted in between is left out, not a 500
    pages = max(1, math.ceil(total / per_page))
    return JsonResponse(
        {
            "total_items": total,
            "total_pages": pages,
            "page_number": number,
            "size": len(shown),
            "first_page": number == 1,
            "last_page": number >= pages,
            "empty": not shown,
            "contents": render(shown),
        }
    )


# The root and the profile ------------------------------------------------------------------------


@hsds()
def root(request):
    return JsonResponse(
        {
            "version": hsds_read.HSDS_VERSION,
            "profile": request.build_absolute_uri(reverse("directory:api-profile")),
            "openapi_url": request.build_absolute_uri(reverse("openapi")),
        }
    )


@hsds()
def profile(request):
    return JsonResponse(hsds_read.profile(request.build_absolute_uri(reverse("directory:api-root"))))


@hsds()
def unknown(request, path=""):
    return _errors(404, [{"message": "no such operation; see the OpenAPI document", "path": request.path[:200]}])


# Services ----------------------------------------------------------------------------------------


def _by_taxonomy(queryset, data, prefix=""):
    """Services (or rows with a programme under `prefix`) classified by a term or a taxonomy."""
    if data["taxonomy_term_id"]:
        term = hsds_read.term_by_id(str(data["taxonomy_term_id"]))
        if term is None or term[0] == hsds_read.KAZIPOT:
            return queryset.none()  # attribute codes classify nothing
        queryset = queryset.filter(**{f"{prefix}terms__taxonomy": term[0], f"{prefix}terms__code": term[1]})
    if data["taxonomy_id"]:
        codes = {hsds_read.taxonomy_id(code): code for code in hsds_read.TAXONOMY_CODES}
        code = codes.get(str(data["taxonomy_id"]))
        if code is None:
            return queryset.none()
        queryset = queryset.filter(**{f"{prefix}terms__taxonomy": code})
    return queryset.distinct() if data["taxonomy_term_id"] or data["taxonomy_id"] else queryset


def _services_matching(data):
    queryset = exportable_programmes()
    if data["search"]:
        queryset = queryset.search(data["search"])
    if data["modified_after"]:
        queryset = queryset.filter(modified_at__gt=data["modified_after"])
    if data["organization_id"]:
        queryset = queryset.filter(organisation__uid=data["organization_id"])
    return _by_taxonomy(queryset, data)


@hsds(ServiceParameters, cached=True)
def services(request, data):
    lang = _lang()
    queryset = _services_matching(data)
    if data["minimal"]:  # id, name, status (the list schema requires them) and when it changed
        queryset = Programme.objects.filter(pk__in=queryset.values("pk")).select_related(None).order_by("uid")

        def render(rows):
            return [
                compact(
                    {
                        "id": str(p.uid),
                        "name": p.name,
                        "status": hsds_read.service_status(p),
                        "last_modified": p.modified_at.isoformat() if p.modified_at else None,
                    }
                )
                for p in rows
            ]

        return _page(queryset, data, render)
    if data["full"]:
        return _page(queryset, data, lambda rows: [hsds_read.live_service_document(p, lang) for p in rows])
    return _page(queryset, data, lambda rows: [compact(service_document(p, lang)) for p in rows])


@hsds()
def service(request, uid):
    found = _uuid(uid)
    programme = found and exportable_programmes().filter(uid=found).first()
    if not programme:
        return _not_found(uid)
    return JsonResponse(hsds_read.live_service_document(programme, _lang(), history=True))


# Organizations -----------------------------------------------------------------------------------


def _organization(org, lang, full_service):
    document = organization_document(org, lang)
    programmes = list(org.programmes.all())
    if full_service:
        document["services"] = [hsds_read.live_service_document(p, lang) for p in programmes]
    else:
        document["services"] = [
            {"id": str(p.uid), "name": p.name, "status": hsds_read.service_status(p)} for p in programmes
        ]
    document["locations"] = [hsds_read.location_document(loc) for loc in org.locations.all()]
    return compact(document)


def _organizations():
    return Organisation.objects.order_by("uid").prefetch_related(
        Prefetch("programmes", queryset=exportable_programmes()),
        Prefetch("locations", queryset=hsds_read.locations_for_list()),
    )


@hsds(OrganizationParameters, cached=True)
def organizations(request, data):
    queryset = Organisation.objects.order_by("uid")
    if data["search"]:
        fields = ["name_sl", "name_en", "description_sl", "description_en"]
        queryset = queryset.filter(folded_contains(fields, data["search"]))
    lang = _lang()
    if data["full"] or data["full_service"]:
        queryset = _organizations().filter(pk__in=queryset.values("pk"))
        return _page(queryset, data, lambda rows: [_organization(o, lang, data["full_service"]) for o in rows])
    return _page(queryset, data, lambda rows: [compact(organization_document(o, lang)) for o in rows])


@hsds(OneOrganizationParameters)
def organization(request, data, uid):
    found = _uuid(uid)
    org = found and _organizations().filter(uid=found).first()
    if not org:
        return _not_found(uid)
    return JsonResponse(_organization(org, _lang(), data["full_service"]))


# Taxonomies and terms ----------------------------------------------------------------------------


def _searched(documents, words, fields=("name", "description", "code")):
    words = (words or "").casefold().split()
    return [d for d in documents if all(any(w in str(d.get(f, "")).casefold() for f in fields) for w in words)]


@hsds(PageParameters, cached=True)
def taxonomies(request, data):
    return _page(_searched(hsds_read.taxonomies(), data["search"]), data, lambda rows: rows)


@hsds()
def taxonomy(request, uid):
    found = next((t for t in hsds_read.taxonomies() if t["id"] == uid), None)
    return JsonResponse(found) if found else _not_found(uid)


@hsds(TermParameters, cached=True)
def taxonomy_terms(request, data):
    found = _searched(hsds_read.terms(), data["search"])
    if data["taxonomy_id"]:
        found = [t for t in found if t["taxonomy_id"] == str(data["taxonomy_id"])]
    if data["parent_id"]:
        found = []  # a flat list: no term has a parent
    return _page(found, data, lambda rows: rows)


@hsds()
def taxonomy_term(request, uid):
    found = next((t for t in hsds_read.terms() if t["id"] == uid), None)
    return JsonResponse(found) if found else _not_found(uid)


# Service at locations ----------------------------------------------------------------------------


def _service_locations():
    through = Programme.locations.through
    return through.objects.select_related(
        "programme__organisation", "location__organisation", "location__municipality"
    ).order_by("programme__uid", "location_id")


@hsds(ServiceAtLocationParameters, cached=True)
def service_at_locations(request, data):
    rows = _service_locations()
    if data["search"]:
        rows = rows.filter(programme__in=Programme.objects.search(data["search"]).values("pk"))
    if data["modified_after"]:
        rows = rows.filter(programme__modified_at__gt=data["modified_after"])
    if data["organization_id"]:
        rows = rows.filter(programme__organisation__uid=data["organization_id"])
    if data["postcode"]:
        rows = rows.filter(location__postal_code=data["postcode"], location__confidential=False)
    rows = _by_taxonomy(rows, data, prefix="programme__")
    lang = _lang()

    def render(shown):
        if data["full"]:
            prefetch_related_objects([r.programme for r in shown], *EXPORT_PREFETCH)
        return [hsds_read.service_at_location_document(r.programme, r.location, lang, full=data["full"]) for r in shown]

    return _page(rows, data, render)


@hsds()
def service_at_location(request, uid):
    for row in _service_locations():
        if hsds_read.service_at_location_id(row.programme, row.location) == uid:
            programme = exportable_programmes().get(pk=row.programme_id)
            return JsonResponse(hsds_read.service_at_location_document(programme, row.location, _lang(), full=True))
    return _not_found(uid)
