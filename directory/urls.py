from django.urls import path, re_path

from directory import api, views

app_name = "directory"

# The HSDS operations answer with or without a trailing slash, as clients of the standard expect.
HSDS_LISTS = [
    ("services", api.services, api.service),
    ("organizations", api.organizations, api.organization),
    ("taxonomies", api.taxonomies, api.taxonomy),
    ("taxonomy_terms", api.taxonomy_terms, api.taxonomy_term),
    ("service_at_locations", api.service_at_locations, api.service_at_location),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("directory/", views.programme_list, name="list"),
    path("directory/<slug:slug>/", views.programme_detail, name="programme"),
    path("directory/<slug:slug>/report/", views.report_problem, name="report"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation"),
    re_path(r"^api/hsds/?$", api.root, name="api-root"),
    re_path(r"^api/hsds/profile/?$", api.profile, name="api-profile"),
    *[re_path(rf"^api/hsds/{name}/?$", many, name=f"api-{name}") for name, many, _one in HSDS_LISTS],
    *[re_path(rf"^api/hsds/{name}/(?P<uid>[^/]+)/?$", one, name=f"api-{name}-one") for name, _many, one in HSDS_LISTS],
    re_path(r"^api/hsds/(?P<path>.*)$", api.unknown),
]
