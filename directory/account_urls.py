from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.urls import path

from directory import factors

urlpatterns = [
    path("factors/", factors.factors, name="factors"),
    path("factors/verify/", factors.verify, name="factor-verify"),
    path("factors/again/", factors.again, name="factor-again"),
    path("factors/setup/", factors.setup, name="factor-setup"),
    path("factors/apps/<int:pk>/remove/", factors.remove_app, name="factor-remove-app"),
    path("factors/passkeys/<int:pk>/remove/", factors.remove_passkey, name="factor-remove-passkey"),
    path("factors/recovery-codes/", factors.recovery_codes, name="factor-recovery-codes"),
    # The password is changed only with a factor shown lately (it would lock the real owner out).
    path(
        "password_change/",
        login_required(factors.recent_factor(auth_views.PasswordChangeView.as_view())),
        name="password_change",
    ),
]
