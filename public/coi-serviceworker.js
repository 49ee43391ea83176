// Cross-origin isolation for hosts that cannot send COOP/COEP headers (GitHub Pages, plain static servers): this
// service worker adds the two headers to every response of the site it controls, which makes SharedArrayBuffer,
// and so the wasm engine's threads, available. The page registers it (index.html) only when it is not already
// isolated, and reloads once so the page itself comes through it. The coi-serviceworker approach (MIT, gzuidhof).

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const request = event.request;
  // A request that may only come from the HTTP cache cannot be re-fetched across origins (a Chromium quirk).
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;
  event.respondWith(
    fetch(request).then((response) => {
      if (response.status === 0) return response; // opaque: nothing to add headers to
      const headers = new Headers(response.headers);
      headers.set('Cross-Origin-Embedder-Policy', 'require-corp');
      headers.set('Cross-Origin-Opener-Policy', 'same-origin');
      headers.set('Cross-Origin-Resource-Policy', 'same-origin');
      return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
    }),
  );
});
