// Referral sheet: print and copy-as-text buttons.
(function () {
  "use strict";
  var print = document.querySelector("[data-print]");
  if (print) print.addEventListener("click", function () { window.print(); });
  var copy = document.querySelector("[data-copy]");
  var status = document.querySelector("[data-copy-status]");
  if (!copy) return;
  copy.addEventListener("click", function () {
    var text = document.getElementById(copy.getAttribute("data-copy"));
    text.select();
    var done = function () { if (status) status.textContent = copy.getAttribute("data-done") || "✓"; };
    if (navigator.clipboard) navigator.clipboard.writeText(text.value).then(done, function () { document.execCommand("copy"); done(); });
    else { document.execCommand("copy"); done(); }
  });
})();
