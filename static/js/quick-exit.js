// Quick exit: replace this page (so Back does not return to it); Esc three times does the same.
(function () {
  "use strict";
  var link = document.getElementById("quick-exit");
  if (!link) return;
  function leave(event) {
    if (event) event.preventDefault();
    document.body.style.visibility = "hidden";
    window.location.replace(link.href);
  }
  link.addEventListener("click", leave);
  var presses = [];
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var now = Date.now();
    presses = presses.filter(function (t) { return now - t < 1500; });
    presses.push(now);
    if (presses.length >= 3) leave();
  });
})();
