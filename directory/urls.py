from django.urls import path

from directory import views

app_name = "directory"

urlpatterns = [
    path("", views.home, name="home"),
    path("directory/", views.programme_list, name="list"),
    path("directory/<slug:slug>/", views.programme_detail, name="programme"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation"),
]
