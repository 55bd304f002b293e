"""Site-wide views that belong to no app."""

import json
from urllib.parse import urlsplit

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.csrf import csrf_failure as django_csrf_failure
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from config.openapi import HSDS_SCHEMAS, schema


@never_cache
@csrf_exempt
def quick_exit(request):
    """Leave for a neutral site. A POST first ends the session (any sign-in) and the sealed triage
    answers, copies included, whatever the state of its form token: a page loaded before a sign-in
    in another tab holds a stale one, and quick exit must still end everything. It only ever ends
    things; a POST that another site's page makes (its Origin says so) only leaves. A GET only
    leaves."""
    if request.method == "POST" and _from_here(request):
        request.sealed.end()
        request.session.flush()
    response = HttpResponseRedirect(settings.QUICK_EXIT_URL)
    response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    response["Cache-Control"] = "no-store"
    return response


def _from_here(request):
    """Whether a POST comes from one of our own pages: no Origin (an older browser) or ours."""
    origin = request.headers.get("Origin")
    if origin is None or origin == "null":
        return True
    return urlsplit(origin).netloc == request.get_host() or origin in settings.CSRF_TRUSTED_ORIGINS


def csrf_failure(request, reason=""):
    """A quick exit whose form went stale still leaves at once; anything else is the usual 403."""
    if request.path == reverse("quick-exit"):
        return HttpResponseRedirect(settings.QUICK_EXIT_URL)
    return django_csrf_failure(request, reason)


def openapi_schema(request):
    return JsonResponse(schema())


def hsds_schema_file(request, name):
    """One of the vendored HSDS 3.0 schema files that the OpenAPI document refers to."""
    path = (HSDS_SCHEMAS / name).resolve()
    if not path.is_relative_to(HSDS_SCHEMAS.resolve()) or not path.is_file() or path.name.startswith("openapi"):
        return JsonResponse({"errors": [{"message": f"no schema file {name[:100]}"}]}, status=404)
    return JsonResponse(json.loads(path.read_text()))


@never_cache
def healthz(request):
    """200 when the database answers, 503 when it does not (for load balancers and monitors)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": False}, status=503)
    return JsonResponse({"status": "ok", "database": True})


# Offline use -----------------------------------------------------------------------------------

SW_VERSION = "1"  # raise when the service worker's caching changes: old copies are dropped


def service_worker(request):
    """The service worker, at the root so that it may keep the public directory (templates/offline/sw.js)."""
    files = ["css/kazipot.css", "js/quick-exit.js", "js/offline.js", "icons/favicon.svg", "icons/icon-192.png"]
    files.append("vendor/bootstrap/bootstrap.min.css")
    files.append("vendor/bootstrap/bootstrap.bundle.min.js")
    precache = ["/", "/directory/", "/offline/", *[static(name) for name in files]]
    response = render(
        request,
        "offline/sw.js",
        {"version": SW_VERSION, "precache": json.dumps(precache)},
        content_type="text/javascript; charset=utf-8",
    )
    response["Cache-Control"] = "no-cache"
    return response


def offline(request):
    """What the device keeps for offline use, and how to clear it."""
    return render(request, "offline/use_offline.html")
