"""The triage JSON API (the questionnaire pages live in questionnaire.py)."""

from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt

from directory.jsoninput import JsonInputError, loads
from referral.triage.services import triage
from referral.vocabulary import InvalidFacts, parse_at

MAX_BODY = 64 * 1024  # a full set of facts is well under 2 KB


def _error(message, status=400):
    return JsonResponse({"errors": [{"key": "", "message": message}]}, status=status)


@csrf_exempt  # a machine interface without cookies or login: nothing to forge
def api_triage(request):
    if request.method != "POST":
        response = _error("only POST is allowed", status=405)
        response["Allow"] = "POST"
        return response
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    too_big = f"the body is larger than {MAX_BODY:,} bytes"
    if length > MAX_BODY:
        return _error(too_big)
    try:
        facts = loads(request.body or b"null", max_bytes=MAX_BODY)
    except RequestDataTooBig:
        return _error(too_big)
    except JsonInputError as exc:
        return _error(f"the body must be a JSON object: {exc}")
    try:
        at = parse_at(request.GET["at"]) if "at" in request.GET else None
        return JsonResponse(triage(facts, at=at, role=request.GET.get("role")))
    except InvalidFacts as exc:
        return JsonResponse({"errors": exc.errors}, status=400)
