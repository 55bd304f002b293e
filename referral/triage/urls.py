from django.urls import path

from referral.triage import api

urlpatterns = [
    path("api/triage/", api.api_triage, name="api-triage"),
]
