/*
 * lvslab's service worker: "offline once loaded". Registered by production
 * builds only (src/ui/share/offline.ts), with the app's folder as its scope,
 * so it works from any sub-path.
 *
 * - install: cache the page and every built file (the build writes their list
 *   and a version into this file: vite.config.ts `offlineAssets`);
 * - pages (navigations): network first, the cached page when offline;
 * - other same-origin GETs: cache first, fetched and kept on a miss;
 * - activate: drop the caches of older builds.
 * Nothing from other origins is touched.
 */
const VERSION = 'dev'; /* LVSLAB_VERSION */
const ASSETS = []; /* LVSLAB_ASSETS */
const CACHE = `lvslab-${VERSION}`;
const PAGE = './';

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // One missing file must not leave the app without an offline copy of the rest.
      await Promise.all([PAGE, ...ASSETS].map((url) => cache.add(new Request(url, { cache: 'reload' })).catch(() => undefined)));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key.startsWith('lvslab-') && key !== CACHE) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (req.mode === 'navigate') {
    event.respondWith(
      (async () => {
        const cache = await caches.open(CACHE);
        try {
          const res = await fetch(req);
          if (res.ok) await cache.put(PAGE, res.clone());
          return res;
        } catch (e) {
          // Offline: the app's page, whatever its query (?embed=1, ?preset=…).
          const hit = (await cache.match(req, { ignoreSearch: true })) || (await cache.match(PAGE));
          if (hit) return hit;
          throw e;
        }
      })(),
    );
    return;
  }
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      const hit = await cache.match(req, { ignoreSearch: true });
      if (hit) return hit;
      const res = await fetch(req);
      if (res.ok && res.type === 'basic') await cache.put(req, res.clone());
      return res;
    })(),
  );
});
