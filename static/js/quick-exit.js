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
  // The sticky bar must never cover what a link or the error summary jumps to.
  function clearance() {
    document.documentElement.style.scrollPaddingTop = (form.offsetHeight + 16) + "px";
  }
  clearance();
  window.addEventListener("resize", clearance);
  if (window.location.hash) {
    var target = document.getElementById(window.location.hash.slice(1));
    if (target) target.scrollIntoView();
  }
  // A page brought back from the back-forward cache may show answers that have since ended:
  // load it again from the server, which knows.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) window.location.reload();
  });
  var presses = [];
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var now = Date.now();
    presses = presses.filter(function (t) { return now - t < 1500; });
    presses.push(now);
    if (presses.length >= 3) leave();
  });
})();
