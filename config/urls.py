from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path

from config import views
from directory import manage, seo

urlpatterns = [
    path("", include("directory.urls")),
    path("", include("referral.urls")),
    path("manage/", include("directory.manage_urls")),
    path("accounts/", include("directory.account_urls")),
    path("accounts/passkeys/", include("directory.passkey_urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("exit/", views.quick_exit, name="quick-exit"),
    # Outside /manage/: the mailed "this was not us" link works without signing in.
    path("not-us/<str:token>/", manage.not_us, name="not-us"),
    path("api/schema/", views.openapi_schema, name="openapi"),
    re_path(r"^api/schema/hsds/(?P<name>(compiled/)?[a-z_]+\.json)$", views.hsds_schema_file, name="hsds-schema-file"),
    path("healthz", views.healthz, name="healthz"),
    path("sitemap.xml", sitemap, {"sitemaps": seo.SITEMAPS}, name="sitemap"),
    path("robots.txt", seo.robots_txt, name="robots"),
    path("manifest.webmanifest", seo.manifest, name="manifest"),
    path("favicon.ico", seo.favicon, name="favicon"),
    path("sw.js", views.service_worker, name="service-worker"),
    path("offline/", views.offline, name="offline"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
