// The service worker: the page and llamawool.wasm precached at install, so the farm loads with no
// network (README, "PWA"). The build (vite.config.js) writes the file list and its version in.
// The game server's API is never cached: a sync answer from a cache would be a lie.
const VERSION = '__LLAMAWOOL_VERSION__';
const PRECACHE = __LLAMAWOOL_PRECACHE__;
const CACHE = `llamawool-${VERSION}`;
const API = /^(v1\/|healthz$|readyz$|metrics$)/;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // `reload`: from the network, not from the HTTP cache, so the bytes are this version's.
    await cache.addAll(PRECACHE.map((path) => new Request(path, { cache: 'reload' })));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names.filter((n) => n.startsWith('llamawool-') && n !== CACHE).map((n) => caches.delete(n)));
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  const scope = new URL(self.registration.scope);
  if (url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) return;
  const path = url.pathname.slice(scope.pathname.length);
  if (API.test(path)) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    // Navigations get the app shell: index.html of this version.
    const cached = request.mode === 'navigate' ? await cache.match('index.html') : await cache.match(request, { ignoreSearch: true });
    return cached ?? fetch(request);
  })());
});
