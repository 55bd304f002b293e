from django.contrib import admin
from django.urls import include, path, re_path

from config import views

urlpatterns = [
    path("", include("directory.urls")),
    path("", include("referral.urls")),
    path("manage/", include("directory.manage_urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("exit/", views.quick_exit, name="quick-exit"),
    path("api/schema/", views.openapi_schema, name="openapi"),
    re_path(r"^api/schema/hsds/(?P<name>(compiled/)?[a-z_]+\.json)$", views.hsds_schema_file, name="hsds-schema-file"),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
