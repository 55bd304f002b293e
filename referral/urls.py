from django.urls import path

from referral import views

app_name = "referral"

urlpatterns = [
    path("api/triage/", views.api_triage, name="api-triage"),
]
