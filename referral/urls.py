from django.urls import path

from referral import provider, questionnaire, views

app_name = "referral"

urlpatterns = [
    path("api/triage/", views.api_triage, name="api-triage"),
    path("triage/", questionnaire.start, name="start"),
    path("triage/q/<slug:key>/", questionnaire.question, name="question"),
    path("triage/check/", questionnaire.check, name="check"),
    path("triage/results/", questionnaire.results, name="results"),
    path("triage/sheet/", questionnaire.sheet, name="sheet"),
    path("triage/restart/", questionnaire.restart, name="restart"),
    path("manage/programmes/<slug:slug>/criteria/", provider.criteria, name="criteria"),
]
