"""Site-wide views that belong to no app."""

from django.conf import settings
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
