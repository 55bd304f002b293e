// Quick exit: end the session and the triage answers (a same-origin POST that outlives this page),
// then replace this page so Back does not return to it. Esc three times does the same. Without
// JavaScript the form posts itself and the server sends the browser away.
(function () {
  "use strict";
  var form = document.getElementById("quick-exit-form");
  if (!form) return;
  function leave(event) {
    if (event) event.preventDefault();
    document.body.style.visibility = "hidden";
    try {
      fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin", keepalive: true });
    } catch (error) {
      // Leaving matters more than ending: go anyway.
    }
    window.location.replace(form.getAttribute("data-leave-to"));
  }
  form.addEventListener("submit", leave);
  var presses = [];
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var now = Date.now();
    presses = presses.filter(function (t) { return now - t < 1500; });
    presses.push(now);
    if (presses.length >= 3) leave();
  });
})();
