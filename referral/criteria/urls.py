from django.urls import path

from referral.criteria import views

urlpatterns = [
    path("manage/programmes/<slug:slug>/criteria/", views.criteria, name="criteria"),
]
