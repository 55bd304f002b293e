// "Remove the saved copy": delete Kažipot's caches and unregister its service worker.
(function () {
  "use strict";
  var button = document.getElementById("forget-offline");
  if (!button || !("caches" in window)) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    var unregister = "serviceWorker" in navigator
      ? navigator.serviceWorker.getRegistrations().then(function (all) { return Promise.all(all.map(function (r) { return r.unregister(); })); })
      : Promise.resolve();
    unregister
      .then(function () { return caches.keys(); })
      .then(function (keys) { return Promise.all(keys.filter(function (k) { return k.indexOf("kazipot-") === 0; }).map(function (k) { return caches.delete(k); })); })
      .then(function () { document.getElementById("forget-done").hidden = false; });
  });
})();
