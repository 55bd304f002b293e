// Kažipot's service worker: the public directory keeps working without a network. Only public
// pages and our static files are kept on the device; the triage, results, sheets, anything behind
// a login, the APIs and reports never pass through the cache (answers must not sit on a device).
"use strict";
const CACHE = "kazipot-public-{{ version }}";
const PRECACHE = {{ precache|safe }};
const PUBLIC_PAGES = [/^\/$/, /^\/directory\/$/, /^\/directory\/[a-z0-9-]+\/$/, /^\/organisations\/[a-z0-9-]+\/$/, /^\/offline\/$/];
const PUBLIC_FILES = [/^\/static\//, /^\/manifest\.webmanifest$/, /^\/favicon\.ico$/];
const KEPT_PARAMS = ["hl", "page"];  // search words are never stored on the device

function publicUrl(url) {
  if (url.origin !== self.location.origin) return null;
  if (PUBLIC_FILES.some((re) => re.test(url.pathname))) return "file";
  if (!PUBLIC_PAGES.some((re) => re.test(url.pathname))) return null;
  for (const key of url.searchParams.keys()) if (!KEPT_PARAMS.includes(key)) return null;
  return "page";
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => Promise.all(PRECACHE.map((url) => keep(cache, new Request(url)).catch(() => null))))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith("kazipot-") && key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim())
  );
});

async function keep(cache, request) {
  const response = await fetch(request);
  const control = response.headers.get("Cache-Control") || "";
  if (response.ok && !/no-store|private/.test(control)) {
    const headers = new Headers(response.headers);
    headers.set("X-Kazipot-Saved", new Date().toISOString());
    const body = await response.clone().arrayBuffer();
    await cache.put(request, new Response(body, { status: response.status, statusText: response.statusText, headers }));
  }
  return response;
}

async function fromCache(request) {
  const cache = await caches.open(CACHE);
  const found = await cache.match(request);
  if (found) return marked(found, "kazipot-saved-at", found.headers.get("X-Kazipot-Saved") || "");
  return notKept();
}

async function notKept() {
  // The "Use offline" page, saying that the page asked for is not on this device.
  const page = await (await caches.open(CACHE)).match("/offline/");
  return page ? marked(page, "kazipot-missing", "1") : Response.error();
}

async function marked(response, name, value) {
  // Tell the page (static/js/offline.js) that it comes from the device, and since when.
  const type = response.headers.get("Content-Type") || "";
  if (!type.startsWith("text/html")) return response;
  const html = (await response.text()).replace("</head>", `<meta name="${name}" content="${value}"></head>`);
  return new Response(html, { status: 200, headers: response.headers });
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  const kind = publicUrl(url);
  if (kind === null) {
    if (request.mode === "navigate" && url.origin === self.location.origin) {
      // Not kept on the device: the network, or a plain "not available offline".
      event.respondWith(fetch(request).catch(() => notKept()));
    }
    return;
  }
  if (kind === "file") {
    event.respondWith(caches.open(CACHE).then((cache) => cache.match(request).then((hit) => hit || keep(cache, request))));
    return;
  }
  // Public pages: the network first (and refresh the copy), the copy when there is no network.
  event.respondWith(caches.open(CACHE).then((cache) => keep(cache, request).catch(() => fromCache(request))));
});
