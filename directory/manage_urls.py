from django.urls import path

from directory import manage

app_name = "manage"

urlpatterns = [
    path("", manage.dashboard, name="dashboard"),
    path("reports/", manage.reports, name="reports"),
    path("freshness/", manage.freshness, name="freshness"),
    path("changes/", manage.changes, name="changes"),
    path("changes/<int:pk>/", manage.change, name="change"),
    path("audit/", manage.audit_log, name="audit"),
    path("confirm/<str:token>/", manage.confirm, name="confirm"),
    path("reports/<int:pk>/close/", manage.close_report, name="close-report"),
    path("programmes/<slug:slug>/verify/", manage.verify, name="verify"),
    path("programmes/<slug:slug>/edit/", manage.edit, name="edit"),
    path("programmes/<slug:slug>/places/", manage.places, name="places"),
    path("programmes/<slug:slug>/history/", manage.history, name="history"),
    path("programmes/<slug:slug>/history/<int:history_id>/revert/", manage.revert, name="revert"),
    path(
        "programmes/<slug:slug>/history/contacts/<int:history_id>/revert/",
        manage.revert_contact,
        name="revert-contact",
    ),
]
