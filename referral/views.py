"""The triage JSON API (the questionnaire pages live in questionnaire.py)."""

import json

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from referral.services import triage
from referral.vocabulary import InvalidFacts


@csrf_exempt  # a machine interface without cookies or login: nothing to forge
@require_POST
def api_triage(request):
    try:
        facts = json.loads(request.body or b"null")
    except (json.JSONDecodeError, UnicodeDecodeError):
        return JsonResponse({"errors": [{"key": "", "message": "the body must be a JSON object"}]}, status=400)
    try:
        return JsonResponse(triage(facts))
    except InvalidFacts as exc:
        return JsonResponse({"errors": exc.errors}, status=400)
