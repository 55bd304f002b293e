from django.urls import path

from referral import provider, questionnaire, referrals, reports, training_views, views

app_name = "referral"

urlpatterns = [
    path("api/triage/", views.api_triage, name="api-triage"),
    path("triage/", questionnaire.start, name="start"),
    path("triage/q/<slug:key>/", questionnaire.question, name="question"),
    path("triage/danger/", questionnaire.danger, name="danger"),
    path("triage/role/", questionnaire.set_role, name="role"),
    path("triage/check/", questionnaire.check, name="check"),
    path("triage/results/", questionnaire.results, name="results"),
    path("triage/sheet/", questionnaire.sheet, name="sheet"),
    path("triage/person/", questionnaire.person, name="person"),
    path("triage/restart/", questionnaire.restart, name="restart"),
    path("triage/refer/<slug:slug>/", referrals.refer, name="refer"),
    path("referrals/", referrals.status, name="referral-status"),
    path("manage/referrals/", referrals.inbox, name="inbox"),
    path("manage/referrals/<str:code>/", referrals.set_status, name="set-status"),
    path("reports/gaps/", reports.gaps, name="gaps"),
    path("reports/gaps.csv", reports.gaps_csv, name="gaps-csv"),
    path("manage/programmes/<slug:slug>/criteria/", provider.criteria, name="criteria"),
    path("training/", training_views.training_list, name="training"),
    path("training/progress/", training_views.progress, name="training-progress"),
    path("training/cohort/", training_views.cohort, name="training-cohort"),
    path("training/cohort.csv", training_views.cohort_csv, name="training-cohort-csv"),
    path("training/<slug:slug>/", training_views.scenario_facts, name="training-scenario"),
    path("training/<slug:slug>/refer/", training_views.scenario_refer, name="training-refer"),
]
