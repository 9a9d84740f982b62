// Hakpaeng's service worker: the field app opens without a connection.
// - Pages (navigations): from the network when it answers within a few seconds, stored for
//   later; otherwise the stored copy (the officer's "My work" households are stored ahead by
//   the My work page), or a short offline page.
// - The app's files (/pkg, fonts, icons, manifest): from the network when possible (so a new
//   release is picked up at once), else stored. The main bundle (with the field pages) is
//   stored at install; the chunks of the other pages as they are opened.
// - Everything else (the API, server functions, live feeds) is never touched.
const PAGES = "hakpaeng-pages-v1";
const SHELL = "hakpaeng-shell-v1";
const NETWORK_WAIT_MS = 4000;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(SHELL).then((c) =>
      Promise.all(
        ["/pkg/hakpaeng.js", "/pkg/hakpaeng.wasm",
          "/pkg/__wasm_split.______________________.js", "/manifest.webmanifest",
          "/icons/icon-192.png", "/favicon.svg", "/fonts/sarabun-thai-400-normal.woff2"]
          .map((u) => c.add(u).catch(() => undefined)))),
  );
  self.skipWaiting();
});

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

async function shellFile(request) {
  const cache = await caches.open(SHELL);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (e) {
    const stored = await cache.match(request, { ignoreVary: true });
    if (stored) return stored;
    throw e;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(page(request));
  } else if (isShellFile(url)) {
    event.respondWith(shellFile(request));
  }
});
