from django.urls import path

from referral.loop import reports, views

urlpatterns = [
    path("triage/refer/<slug:slug>/", views.refer, name="refer"),
    path("referrals/", views.status, name="referral-status"),
    path("manage/referrals/", views.inbox, name="inbox"),
    path("manage/referrals/<str:code>/", views.set_status, name="set-status"),
    path("reports/gaps/", reports.gaps, name="gaps"),
    path("reports/gaps.csv", reports.gaps_csv, name="gaps-csv"),
]
