// The service worker: caches the site's shell (the offline page, scripts, styles, fonts and images), never a
// page of a family. With no connection, a page asked for is answered with the offline page, which the
// browser fills from the encrypted offline copies. VERSION and SHELL are written above by the server.
const CACHE = `wholefamily-shell-${VERSION}`;
const OFFLINE_PAGE = SHELL[0];
const PATIENCE_MS = 8000; // with a weak signal, show the offline page rather than wait for ever

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  const old = caches.keys().then((names) => Promise.all(names.filter((n) => n !== CACHE).map((n) => caches.delete(n))));
  event.waitUntil(old.then(() => self.clients.claim()));
});

function withPatience(request) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no answer")), PATIENCE_MS);
    fetch(request).then(resolve, reject).finally(() => clearTimeout(timer));
  });
}

async function page(request) {
  try {
    const response = await withPatience(request);
    if (new URL(request.url).pathname === OFFLINE_PAGE && response.ok) {
      const cache = await caches.open(CACHE);
      await cache.put(OFFLINE_PAGE, response.clone());
    }
    return response;
  } catch {
    const shell = await caches.match(OFFLINE_PAGE);
    return shell || Response.error();
  }
}

async function asset(request) {
  const cached = await caches.match(request);
  return cached || fetch(request);
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (request.mode === "navigate") event.respondWith(page(request));
  else if (url.pathname.startsWith("/assets/")) event.respondWith(asset(request));
});
