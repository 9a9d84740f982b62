// Hakpaeng's service worker: the field app opens without a connection.
// - Pages (navigations): from the network when it answers within a few seconds, stored for
//   later; otherwise the stored copy (the officer's "My work" households are stored ahead by
//   the My work page), or a short offline page.
// - The app's files (/pkg, icons, manifest): from the network when possible (so a new release
//   is picked up at once), else stored. The fonts (all six stored at install): stored first.
//   The main bundle (quick view, My work) is stored at install, and with it the chunks of the
//   field forms (visit, assistance) and of the outbox's engine, read from the build's split
//   manifest; they are stored again whenever the main bundle the network sends differs from the
//   stored one (a new release), and the other pages' chunks of the old release are dropped.
//   Chunks stored for the release the page runs are served from the store at once (chunk names
//   do not change between releases, hence the release check); other pages' chunks are stored as
//   they are opened.
// - Everything else (the API, server functions, live feeds) is never touched.
const PAGES = "hakpaeng-pages-v1";
const SHELL = "hakpaeng-shell-v1";
const NETWORK_WAIT_MS = 4000;

const MAIN_WASM = "/pkg/hakpaeng.wasm";
// Sarabun's files never change (a new font would come with a new SHELL name): served from the
// store once there, so a page under this worker can use them at once (see WEB_FONTS in app.rs).
const FONTS = ["thai", "latin"].flatMap((subset) =>
  ["400", "600", "700"].map((weight) => `/fonts/sarabun-${subset}-${weight}-normal.woff2`));
// What a field officer must be able to run offline (names in the split manifest): the two
// forms (lazy routes) and the outbox's engine (lazy functions `outbox_*`, which read and send
// the records kept on the phone).
const FIELD_SPLITS = ["visit_form_route", "assist_form_route", "outbox_"];
// Which release the stored field chunks belong to (the main bundle's validators).
const CHUNKS_KEY = "/__hakpaeng-field-chunks";

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(SHELL).then((c) =>
      Promise.all(
        ["/manifest.webmanifest", "/icons/icon-192.png", "/favicon.svg", ...FONTS]
          .map((u) => c.add(u).catch(() => undefined))
          .concat(fetch(MAIN_WASM).then((r) => (r.ok ? storeMainWasm(c, r) : undefined)).catch(() => undefined)))),
  );
  self.skipWaiting();
});

/**
 * The bundle's JavaScript: its entry and every module it imports (the split loader, the
 * snippets under a hashed folder), found in its text, so the app starts offline even if no
 * page had loaded them through the worker yet.
 */
async function storeScripts(cache) {
  const entry = await fetch("/pkg/hakpaeng.js", { cache: "no-store" });
  if (!entry.ok) throw new Error(`hakpaeng.js: HTTP ${entry.status}`);
  const text = await entry.clone().text();
  await cache.put("/pkg/hakpaeng.js", entry);
  const imported = new Set([...text.matchAll(/from\s*["']\.\/([^"']+\.js)["']/g)].map((m) => `/pkg/${m[1]}`));
  await Promise.all([...imported].map((u) => cache.add(new Request(u, { cache: "no-store" }))));
}

/** What tells one build of the main bundle from another. */
function releaseOf(response) {
  const h = response.headers;
  return [h.get("etag"), h.get("last-modified"), h.get("content-length")].join("|");
}

/** Stores the main bundle and, when it is a new release, the field forms' chunks with it. */
async function storeMainWasm(cache, response) {
  const release = releaseOf(response);
  liveRelease = liveRelease || release;
  await cache.put(MAIN_WASM, response);
  await storeFieldChunks(cache, release).catch(() => undefined);
}

/**
 * The scripts and the field forms' chunks of this release, from the network into the store,
 * unless they are there already; then the chunks of older releases (same names, other code)
 * are dropped.
 */
async function storeFieldChunks(cache, release) {
  const held = await cache.match(CHUNKS_KEY);
  if (held && (await held.text()) === release) return;
  await storeScripts(cache);
  const manifest = await (await fetch("/pkg/__wasm_split_manifest.json", { cache: "no-store" })).json();
  const files = new Set();
  for (const [split, parts] of Object.entries(manifest)) {
    if (FIELD_SPLITS.some((name) => split.includes(name))) {
      for (const part of parts) files.add(`/pkg/${part}.wasm`);
    }
  }
  await Promise.all([...files].map((f) => cache.add(new Request(f, { cache: "no-store" }))));
  for (const request of await cache.keys()) {
    const path = new URL(request.url).pathname;
    if (/^\/pkg\/(chunk_|split_)/.test(path) && !files.has(path)) await cache.delete(request);
  }
  await cache.put(CHUNKS_KEY, new Response(release));
}

self.addEventListener("activate", (event) => {
  event.waitUntil(self.clients.claim());
});

function isShellFile(url) {
  return url.pathname.startsWith("/pkg/") || url.pathname.startsWith("/fonts/") ||
    url.pathname.startsWith("/icons/") || url.pathname === "/manifest.webmanifest" ||
    url.pathname === "/favicon.svg";
}

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timeout")), ms);
    promise.then((v) => { clearTimeout(timer); resolve(v); }, (e) => { clearTimeout(timer); reject(e); });
  });
}

const OFFLINE_PAGE = `<!DOCTYPE html><html lang="th"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>ออฟไลน์ · ฮักแพง</title>
<style>body{font-family:Sarabun,sans-serif;margin:2rem;line-height:1.6;color:#1d2433}a{color:#23305c}</style></head>
<body><h1>ไม่มีสัญญาณอินเทอร์เน็ต</h1><p>หน้านี้ยังไม่ได้เก็บไว้ในเครื่อง เปิด <a href="/field">งานของฉัน</a>
ซึ่งเก็บไว้ใช้แบบออฟไลน์ได้ หรือรอให้มีสัญญาณแล้วลองใหม่</p>
<p lang="en">You are offline and this page is not stored on the phone. Open <a href="/field">My work</a>.</p></body></html>`;

async function page(request) {
  const cache = await caches.open(PAGES);
  try {
    const response = await withTimeout(fetch(request), NETWORK_WAIT_MS);
    if (response.ok && !response.redirected && request.method === "GET") {
      await cache.put(request.url, response.clone());
    }
    return response;
  } catch (e) {
    const stored = (await cache.match(request.url, { ignoreVary: true })) ||
      (await cache.match(request.url, { ignoreSearch: true, ignoreVary: true }));
    if (stored) return stored;
    return new Response(OFFLINE_PAGE, { status: 503, headers: { "content-type": "text/html; charset=utf-8" } });
  }
}

// The release of the main bundle the pages use now (learnt from its last fetch), and that
// fetch while it is under way: a chunk is served from the store only when the stored field
// chunks are of this very release, never an older chunk with a newer main bundle.
let liveRelease = null;
let mainFetch = null;

async function shellFile(request, event) {
  const path = new URL(request.url).pathname;
  if (path === MAIN_WASM) return mainWasm(request, event);
  if (/^\/pkg\/(chunk_|split_)/.test(path)) {
    // Stored field chunks of the live release: no round trip for each of them on a weak signal.
    const stored = await chunkOfLiveRelease(request);
    if (stored) return stored;
  }
  const cache = await caches.open(SHELL);
  if (path.startsWith("/fonts/")) {
    const stored = await cache.match(request, { ignoreVary: true });
    if (stored) return stored;
  }
  try {
    const response = await fetch(request);
    if (response.ok) event.waitUntil(cache.put(request, response.clone()).catch(() => undefined));
    return response;
  } catch (e) {
    const stored = await cache.match(request, { ignoreVary: true });
    if (stored) return stored;
    throw e;
  }
}

/**
 * The main bundle from the network (its release noted, stored with the field chunks), else
 * stored. Not async until the fetch is noted in `mainFetch`: the page asks for its chunks at
 * the same moment, and they must wait for this answer.
 */
function mainWasm(request, event) {
  const fetching = fetch(request).then((response) => {
    if (response.ok) {
      liveRelease = releaseOf(response);
      // The page compiles while the bytes arrive; storing them, and the chunks, go on beside.
      const copy = response.clone();
      event.waitUntil(caches.open(SHELL).then((c) => storeMainWasm(c, copy)).catch(() => undefined));
    }
    return response;
  });
  mainFetch = fetching;
  return fetching
    .catch(async (e) => {
      const stored = await (await caches.open(SHELL)).match(MAIN_WASM, { ignoreVary: true });
      if (!stored) throw e;
      liveRelease = releaseOf(stored);
      return stored;
    })
    .finally(() => {
      if (mainFetch === fetching) mainFetch = null;
    });
}

async function chunkOfLiveRelease(request) {
  if (mainFetch) await mainFetch.catch(() => undefined);
  if (!liveRelease) return undefined;
  const cache = await caches.open(SHELL);
  const held = await cache.match(CHUNKS_KEY);
  if (!held || (await held.text()) !== liveRelease) return undefined;
  return cache.match(request, { ignoreVary: true });
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(page(request));
  } else if (isShellFile(url)) {
    event.respondWith(shellFile(request, event));
  }
});
