// Offline use: register the service worker (sw.js) and, on a page served from the device, say
// since when it was saved, or that the page asked for is not available offline.
(function () {
  "use strict";
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js").catch(function () { /* offline use is a bonus */ });
  }
  var banner = document.getElementById("offline-banner");
  if (!banner) return;
  var saved = document.querySelector("meta[name=kazipot-saved-at]");
  var missing = document.querySelector("meta[name=kazipot-missing]");
  if (missing) {
    banner.textContent = banner.getAttribute("data-missing");
  } else if (saved && saved.content) {
    var when = new Date(saved.content);
    var days = Math.floor((Date.now() - when.getTime()) / 86400000);
    var date = when.toLocaleDateString(document.documentElement.lang || undefined, { day: "numeric", month: "long", year: "numeric" });
    banner.textContent = banner.getAttribute(days < 1 ? "data-today" : "data-saved").replace("{date}", date).replace("{days}", String(days));
    // "Open now" on a saved copy is the state when it was saved: say so, never let it pass for now.
    var time = when.toLocaleString(document.documentElement.lang || undefined, { weekday: "long", day: "numeric", month: "numeric", hour: "2-digit", minute: "2-digit" });
    document.querySelectorAll(".open-state").forEach(function (badge) {
      badge.textContent = badge.textContent + " (" + banner.getAttribute("data-as-of").replace("{time}", time) + ")";
    });
  } else {
    return;
  }
  banner.hidden = false;
})();
