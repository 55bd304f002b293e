from django.urls import path

from referral.training import views

urlpatterns = [
    path("training/", views.training_list, name="training"),
    path("training/progress/", views.progress, name="training-progress"),
    path("training/cohort/", views.cohort, name="training-cohort"),
    path("training/cohort.csv", views.cohort_csv, name="training-cohort-csv"),
    path("training/<slug:slug>/", views.scenario_facts, name="training-scenario"),
    path("training/<slug:slug>/interview/", views.interview, name="training-interview"),
    path("training/<slug:slug>/refer/", views.scenario_refer, name="training-refer"),
    path("training/<slug:slug>/keep-key/", views.accept_key, name="training-keep-key"),
]
