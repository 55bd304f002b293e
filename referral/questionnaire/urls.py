from django.urls import path

from referral.questionnaire import views

urlpatterns = [
    path("triage/", views.start, name="start"),
    path("triage/q/<slug:key>/", views.question, name="question"),
    path("triage/danger/", views.danger, name="danger"),
    path("triage/role/", views.set_role, name="role"),
    path("triage/check/", views.check, name="check"),
    path("triage/results/", views.results, name="results"),
    path("triage/sheet/", views.sheet, name="sheet"),
    path("triage/person/", views.person, name="person"),
    path("triage/restart/", views.restart, name="restart"),
]
