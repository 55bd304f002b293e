// After a passkey is added on the factors page, show it in the list (django-otp-webauthn's event).
document.addEventListener("otp_webauthn.register_complete", function () {
  window.location.reload();
});
