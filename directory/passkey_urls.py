from django.urls import path
from django.views.i18n import JavaScriptCatalog
from django_otp_webauthn.views import BeginCredentialAuthenticationView, BeginCredentialRegistrationView

from directory.factors import recent_factor
from directory.passkeys import PasskeyAdded, PasskeyUsed

app_name = "otp_webauthn"  # the names its scripts' configuration is built from

urlpatterns = [
    # Adding a passkey is a change of factors: only with a factor shown lately.
    path(
        "registration/begin/",
        recent_factor(BeginCredentialRegistrationView.as_view()),
        name="credential-registration-begin",
    ),
    path("registration/complete/", recent_factor(PasskeyAdded.as_view()), name="credential-registration-complete"),
    path("authentication/begin/", BeginCredentialAuthenticationView.as_view(), name="credential-authentication-begin"),
    path("authentication/complete/", PasskeyUsed.as_view(), name="credential-authentication-complete"),
    path("jsi18n/", JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]), name="js-i18n-catalog"),
]
