"""Read-only HSDS 3.0 API: /api/hsds/services/ and /api/hsds/organizations/, paginated, filtered."""

import math

from django import forms
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt

from directory.hsds import compact, exportable_programmes, organization_document, service_document
from directory.models import Organisation
from directory.search import folded_contains
from directory.translation import language_order

MAX_PER_PAGE = 100
MAX_PAGE = 1_000_000


class ListParameters(forms.Form):
    search = forms.CharField(required=False, max_length=200)
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)
    per_page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PER_PAGE)
    modified_after = forms.DateTimeField(required=False)
    organization_id = forms.UUIDField(required=False)

    def clean_modified_after(self):
        value = self.cleaned_data["modified_after"]
        if value is not None and not 1900 <= value.year <= 9998:
            raise forms.ValidationError("must be a date between 1900 and 9998")
        return value


def get_only(view):
    """JSON answers for the wrong method too; no CSRF check, as nothing here changes anything."""

    @csrf_exempt
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            response = JsonResponse({"errors": [{"message": "only GET is allowed"}]}, status=405)
            response["Allow"] = "GET, HEAD"
            return response
        return view(request, *args, **kwargs)

    return wrapped


def _not_found(uid):
    return JsonResponse({"errors": [{"parameter": "id", "message": f"no record with id {uid}"}]}, status=404)


def _bad_request(form):
    errors = [{"parameter": name, "message": " ".join(messages)} for name, messages in form.errors.items()]
    return JsonResponse({"errors": errors}, status=400)


def _lang():
    return language_order()[0]


def _page(queryset, params, render):
    per_page = params["per_page"] or 25
    total = queryset.count()
    pages = max(1, math.ceil(total / per_page))
    number = params["page"] or 1
    rows = list(queryset[(number - 1) * per_page : number * per_page])
    return JsonResponse(
        {
            "total_items": total,
            "total_pages": pages,
            "page_number": number,
            "size": per_page,
            "first_page": number == 1,
            "last_page": number >= pages,
            "empty": not rows,
            "contents": [compact(render(row)) for row in rows],
        }
    )


@get_only
def services(request):
    params = ListParameters(request.GET)
    if not params.is_valid():
        return _bad_request(params)
    data = params.cleaned_data
    queryset = exportable_programmes()
    if data["search"]:
        queryset = queryset.search(data["search"])
    if data["modified_after"]:
        queryset = queryset.filter(modified_at__gt=data["modified_after"])
    if data["organization_id"]:
        queryset = queryset.filter(organisation__uid=data["organization_id"])
    lang = _lang()
    return _page(queryset, data, lambda p: service_document(p, lang))


@get_only
def service(request, uid):
    programme = exportable_programmes().filter(uid=uid).first()
    if programme is None:
        return _not_found(uid)
    return JsonResponse(compact(service_document(programme, _lang())))


@get_only
def organizations(request):
    params = ListParameters(request.GET)
    if not params.is_valid():
        return _bad_request(params)
    data = params.cleaned_data
    queryset = Organisation.objects.order_by("uid")
    if data["search"]:
        queryset = queryset.filter(
            folded_contains(["name_sl", "name_en", "description_sl", "description_en"], data["search"])
        )
    if data["organization_id"]:
        queryset = queryset.filter(uid=data["organization_id"])
    lang = _lang()
    return _page(queryset, data, lambda o: organization_document(o, lang))


@get_only
def organization(request, uid):
    org = Organisation.objects.filter(uid=uid).first()
    if org is None:
        return _not_found(uid)
    return JsonResponse(compact(organization_document(org, _lang())))
