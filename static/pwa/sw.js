/* The service worker of the member handbook (chibo). Served by chibo.core.pwa at /sw.js (scope: the
 * whole site) with CONFIG written in: hashed static names, the URL patterns of the member's own
 * pages that may be kept on the phone, the offline pages.
 *
 * Privacy first (party records): only same-origin GETs of the pages listed in CONFIG.pages are
 * kept (network first, the copy only when the network fails), never the API, the admin, sign-in,
 * staff pages or the unmasked CCCD. Everything is wiped at sign-out, at any sign-in or account
 * activation posted on the phone (a session may have simply expired: phones are shared), and when a
 * page says another account is signed in; no kept copy is served before that wipe is over. A
 * check-in pressed without a connection (even on a QR code scanned offline: the stored offline
 * check-in page) is queued (IndexedDB) and sent again later (Background Sync, or the next page
 * opened online). */
'use strict';

const CONFIG = __CHIBO_PWA_CONFIG__;
const SHELL = 'chibo-shell-' + CONFIG.version; // public: static files and the offline pages, kept
const STATIC = 'chibo-static'; // public: other static files (fonts), kept across releases
const PAGES = 'chibo-pages'; // the member's pages: private, bounded, wiped at sign-out
const PAGE_PATTERNS = CONFIG.pages.map((p) => new RegExp(p));
const CHECKIN = new RegExp(CONFIG.checkin);
const HASHED = /\.[0-9a-f]{12}\.[A-Za-z0-9]+$/;
const SLOW_NETWORK_MS = 8000; // a kept copy is shown when the network is slower than this
const CHECKIN_TIMEOUT_MS = 20000; // a check-in without an answer by then is queued

// --- install, activate ----------------------------------------------------------------------------

async function precache() {
  const cache = await caches.open(SHELL);
  // fetched without cookies: the offline pages are stored as an anonymous visitor sees them
  const urls = [CONFIG.offline, CONFIG.queued, CONFIG.offlineCheckin, ...CONFIG.shell];
  await cache.addAll(urls.map((url) => new Request(url, { credentials: 'omit' })));
}

self.addEventListener('install', (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith('chibo-shell-') && name !== SHELL) await caches.delete(name);
      }
      await self.clients.claim();
    })()
  );
});

// --- what may be kept ------------------------------------------------------------------------------

function keepable(url) {
  return url.origin === self.location.origin && PAGE_PATTERNS.some((re) => re.test(url.pathname));
}

function storable(response) {
  if (!response || !response.ok || response.status !== 200 || response.type !== 'basic') return false;
  if (response.redirected) return false; // e.g. sent to the sign-in page
  const length = Number(response.headers.get('Content-Length') || 0);
  return length <= CONFIG.maxBytes;
}

async function putBounded(name, request, response, max) {
  const cache = await caches.open(name);
  await cache.delete(request, { ignoreVary: true }); // re-added last: keys() keeps insertion order
  await cache.put(request, response);
  const keys = await cache.keys();
  for (const old of keys.slice(0, Math.max(0, keys.length - max))) await cache.delete(old);
}

function pageKey(request) {
  return new Request(new URL(request.url).href, { credentials: 'same-origin' });
}

// --- fetch -----------------------------------------------------------------------------------------

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === 'POST') {
    // signing out, or another account starting (a sign-in, an activation): nothing kept stays
    if (url.pathname === CONFIG.logout || CONFIG.signin.includes(url.pathname)) event.waitUntil(wipe());
    else if (CHECKIN.test(url.pathname)) event.respondWith(checkin(event));
    return;
  }
  if (request.method !== 'GET') return;
  if (url.pathname.startsWith(CONFIG.static)) event.respondWith(staticFile(request));
  else if (request.mode !== 'navigate') return; // htmx fragments and scripts' fetches: never kept
  else if (keepable(url)) event.respondWith(networkFirst(event));
  else event.respondWith(fetch(request).catch(() => offlinePage(url)));
});

function textResponse(text, status) {
  return new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}

async function offlinePage(url) {
  // a meeting's QR code scanned offline: a page with the button, whose form posts to that very URL
  const page = url && CHECKIN.test(url.pathname) ? CONFIG.offlineCheckin : CONFIG.offline;
  const cached = await caches.match(page, { ignoreVary: true });
  return cached || textResponse(CONFIG.texts.offline, 503);
}

async function staticFile(request) {
  // a release's names carry a hash of the content (ManifestStaticFilesStorage): a kept copy is right;
  // other names (development) may change, so the network comes first for them
  const hashed = HASHED.test(new URL(request.url).pathname);
  const cached = await caches.match(request, { ignoreVary: true });
  if (cached && hashed) return cached;
  try {
    const response = await fetch(request);
    if (storable(response)) await putBounded(STATIC, request, response.clone(), CONFIG.maxStatic);
    return response;
  } catch (error) {
    if (cached) return cached;
    throw error;
  }
}

async function cachedPage(request) {
  await owner; // a wipe under way (another account) ends before anything kept is read
  const cache = await caches.open(PAGES);
  return cache.match(pageKey(request), { ignoreVary: true });
}

async function networkFirst(event) {
  const request = event.request;
  const network = fetch(request).then(async (response) => {
    if (storable(response)) await putBounded(PAGES, pageKey(request), response.clone(), CONFIG.maxPages);
    return response;
  });
  event.waitUntil(network.catch(() => null));
  const slow = new Promise((resolve) => setTimeout(resolve, SLOW_NETWORK_MS, 'slow'));
  try {
    const first = await Promise.race([network, slow]);
    if (first !== 'slow') return first.status >= 500 ? (await cachedPage(request)) || first : first;
    return (await cachedPage(request)) || (await network);
  } catch (error) {
    const cached = await cachedPage(request);
    if (cached) return cached;
    if (request.mode === 'navigate') return offlinePage(new URL(request.url));
    throw error;
  }
}

async function keep(urls) {
  for (const href of urls.slice(0, 20)) {
    const url = new URL(href, self.location.origin);
    url.hash = '';
    if (!keepable(url) || (await cachedPage(new Request(url.href)))) continue;
    try {
      const response = await fetch(url.href, { credentials: 'same-origin', redirect: 'manual' });
      const key = pageKey(new Request(url.href));
      if (storable(response)) await putBounded(PAGES, key, response, CONFIG.maxPages);
    } catch (error) {
      return; // offline again
    }
  }
}

// --- the queue of check-ins made offline (IndexedDB) ---------------------------------------------

function openDb() {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('chibo-pwa', 1);
    open.onupgradeneeded = () => {
      open.result.createObjectStore('checkins', { keyPath: 'id', autoIncrement: true });
      open.result.createObjectStore('meta');
    };
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
}

async function withStore(name, mode, action) {
  const db = await openDb();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(name, mode);
    const request = action(tx.objectStore(name));
    tx.oncomplete = () => {
      db.close();
      resolve(request ? request.result : undefined);
    };
    tx.onerror = () => {
      db.close();
      reject(tx.error);
    };
  });
}

const queue = {
  add: (item) => withStore('checkins', 'readwrite', (s) => s.add(item)),
  all: () => withStore('checkins', 'readonly', (s) => s.getAll()),
  remove: (id) => withStore('checkins', 'readwrite', (s) => s.delete(id)),
  clear: () => withStore('checkins', 'readwrite', (s) => s.clear()),
};
const meta = {
  get: (key) => withStore('meta', 'readonly', (s) => s.get(key)),
  set: (key, value) => withStore('meta', 'readwrite', (s) => s.put(value, key)),
  clear: () => withStore('meta', 'readwrite', (s) => s.clear()),
};

async function checkin(event) {
  const request = event.request;
  const madeAt = new Date().toISOString(); // the moment the member pressed the button
  const body = await request.clone().text();
  const timeout = new Promise((resolve, reject) => setTimeout(reject, CHECKIN_TIMEOUT_MS, 'timeout'));
  timeout.catch(() => null);
  const sent = fetch(request);
  try {
    return await Promise.race([sent, timeout]);
  } catch (error) {
    event.waitUntil(sent.catch(() => null)); // a late answer still counts; the replay is harmless
    await queue.add({ url: request.url, body, made_at: madeAt, user: (await meta.get('user')) || '' });
    if (self.registration.sync) await self.registration.sync.register('checkin').catch(() => null);
    const page = await caches.match(CONFIG.queued, { ignoreVary: true });
    return page || textResponse(CONFIG.texts.saved, 202);
  }
}

async function send(item, freshToken) {
  const body = new URLSearchParams(item.body);
  body.set('made_at', item.made_at);
  if (freshToken) body.set('csrfmiddlewaretoken', freshToken);
  if (item.user) body.set('account', item.user); // refused (409) if another account signed in since
  const response = await fetch(item.url, {
    method: 'POST',
    body,
    credentials: 'same-origin',
    redirect: 'manual',
  });
  if (response.status === 200) return 'sent';
  if (response.status === 400 || response.status === 409) return 'refused'; // sending again changes nothing
  if (response.status === 403 && !freshToken) {
    // the form's CSRF token went stale (signed in again): take a fresh one from the page
    const page = await fetch(item.url, { credentials: 'same-origin', redirect: 'manual' });
    const found = page.ok && /name="csrfmiddlewaretoken" value="([^"]+)"/.exec(await page.text());
    if (found) return send(item, found[1]);
  }
  return 'keep'; // signed out, or the server is down: try again later
}

async function tell(message) {
  for (const client of await self.clients.matchAll({ type: 'window' })) client.postMessage(message);
}

let replaying = null;

function replay() {
  if (!replaying) replaying = replayQueue().finally(() => (replaying = null));
  return replaying;
}

async function replayQueue() {
  for (const item of await queue.all()) {
    const outcome = await send(item); // a network error rejects: Background Sync tries again
    if (outcome === 'keep') continue;
    await queue.remove(item.id);
    await tell({ type: 'checkin-' + outcome, url: item.url });
  }
}

self.addEventListener('sync', (event) => {
  if (event.tag === 'checkin') event.waitUntil(replay());
});

// --- sign-out, a new account on the phone, messages from the pages --------------------------------

async function clearAll() {
  // every cache but the public shell of this release (the offline pages, for the next visitor)
  for (const name of await caches.keys()) if (name !== SHELL) await caches.delete(name);
  await queue.clear();
  await meta.clear();
  if (!(await caches.has(SHELL))) await precache().catch(() => null);
}

// Whose pages are kept: the wipes and the checks of the account, one after the other. A kept copy
// is read only once the last of them is over (cachedPage), so a page of the previous account is
// never served after another account has signed in or said hello.
let owner = Promise.resolve();

function wipe() {
  owner = owner.then(clearAll).catch(() => null);
  return owner;
}

function claim(user) {
  owner = owner
    .then(async () => {
      const previous = await meta.get('user');
      if (previous && previous !== user) await clearAll(); // nothing of another account is shown
      await meta.set('user', user);
    })
    .catch(() => null);
  return owner;
}

async function hello(urls) {
  await replay().catch(() => null);
  await keep(urls || []);
}

let inbox = Promise.resolve();

self.addEventListener('message', (event) => {
  const data = event.data || {};
  let step = null;
  if (data.type === 'clear') {
    const wiped = wipe(); // at once, not behind a slow replay or keep
    step = () => wiped;
  } else if (data.type === 'hello' && data.user) {
    const claimed = claim(String(data.user));
    step = () => claimed.then(() => hello(data.keep));
  } else if (data.type === 'replay') step = () => replay().catch(() => null);
  if (!step) return;
  inbox = inbox.then(step).catch(() => null); // one message at a time: a clear before a replay
  event.waitUntil(inbox);
});
