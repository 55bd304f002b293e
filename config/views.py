"""Site-wide views that belong to no app."""

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponseRedirect, JsonResponse
from django.views.decorators.cache import never_cache

from config.openapi import SCHEMA


@never_cache
def quick_exit(request):
    """Forget this browser's session (triage answers included) and leave for a neutral site."""
    request.session.flush()
    response = HttpResponseRedirect(settings.QUICK_EXIT_URL)
    response["Clear-Site-Data"] = '"cache", "storage"'
    return response


def openapi_schema(request):
    return JsonResponse(SCHEMA)


@never_cache
def healthz(request):
    """200 when the database answers, 503 when it does not (for load balancers and monitors)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": False}, status=503)
    return JsonResponse({"status": "ok", "database": True})
