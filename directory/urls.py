from django.urls import path

from directory import api, views

app_name = "directory"

urlpatterns = [
    path("", views.home, name="home"),
    path("directory/", views.programme_list, name="list"),
    path("directory/<slug:slug>/", views.programme_detail, name="programme"),
    path("directory/<slug:slug>/report/", views.report_problem, name="report"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation"),
    path("api/hsds/services/", api.services, name="api-services"),
    path("api/hsds/services/<uuid:uid>/", api.service, name="api-service"),
    path("api/hsds/organizations/", api.organizations, name="api-organizations"),
    path("api/hsds/organizations/<uuid:uid>/", api.organization, name="api-organization"),
]
