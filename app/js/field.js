// The browser services the field app needs and Rust cannot reach directly with ease:
// IndexedDB (the outbox's items and the photos' bytes), shrinking a photo before upload,
// the page cache for offline use, and the service worker's registration.
// Loaded by the WASM bundle (wasm-bindgen snippet); every function returns a Promise or a value.

const DB_NAME = "hakpaeng-field";
const DB_VERSION = 1;
let opened = null;

function db() {
  if (!opened) {
    opened = new Promise((resolve, reject) => {
      const req = indexedDB.open(DB_NAME, DB_VERSION);
      req.onupgradeneeded = () => {
        const d = req.result;
        if (!d.objectStoreNames.contains("outbox")) d.createObjectStore("outbox");
        if (!d.objectStoreNames.contains("blobs")) d.createObjectStore("blobs");
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => { opened = null; reject(req.error); };
    });
  }
  return opened;
}

async function run(store, mode, work) {
  const d = await db();
  return new Promise((resolve, reject) => {
    const tx = d.transaction(store, mode);
    const req = work(tx.objectStore(store));
    tx.oncomplete = () => resolve(req ? req.result : undefined);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

/** Every outbox item, as JSON text. */
export function outboxAll() {
  return run("outbox", "readonly", (s) => s.getAll());
}

/** Stores an item (JSON text) under its client id. */
export function outboxPut(id, json) {
  return run("outbox", "readwrite", (s) => s.put(json, id));
}

export function outboxDelete(id) {
  return run("outbox", "readwrite", (s) => s.delete(id));
}

export function blobPut(id, blob) {
  return run("blobs", "readwrite", (s) => s.put(blob, id));
}

/** The photo stored under `id`, or undefined. */
export function blobGet(id) {
  return run("blobs", "readonly", (s) => s.get(id));
}

export function blobDelete(id) {
  return run("blobs", "readwrite", (s) => s.delete(id));
}

/** The SHA-256 of a blob's bytes in lower-case hex (a resumable upload announces it). */
export async function blobSha256(blob) {
  const digest = await crypto.subtle.digest("SHA-256", await blob.arrayBuffer());
  return Array.from(new Uint8Array(digest), (x) => x.toString(16).padStart(2, "0")).join("");
}

export function objectUrl(blob) {
  return URL.createObjectURL(blob);
}

/** A random client id for a record. */
export function newClientId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

/**
 * The photo re-encoded as JPEG (quality `quality`) with its long edge at most `maxEdge`
 * pixels. Re-encoding drops EXIF (including the position) from the copy that is uploaded.
 */
export async function resizePhoto(file, maxEdge, quality) {
  const bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
  const scale = Math.min(1, maxEdge / Math.max(bitmap.width, bitmap.height));
  const w = Math.max(1, Math.round(bitmap.width * scale));
  const h = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = document.createElement("canvas");
  canvas.width = w;
  canvas.height = h;
  canvas.getContext("2d").drawImage(bitmap, 0, 0, w, h);
  bitmap.close();
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error("toBlob"))), "image/jpeg", quality));
}

/**
 * Stores the pages at `urls` (as the signed-in officer sees them) for offline use; a page
 * stored less than `freshMs` ago is left as it is (saves the officer's mobile data).
 */
export async function warmPages(urls, freshMs) {
  if (!("caches" in window)) return 0;
  const cache = await caches.open("hakpaeng-pages-v1");
  let stored = 0;
  for (const url of urls) {
    try {
      const held = await cache.match(url, { ignoreVary: true });
      const at = held ? Date.parse(held.headers.get("date") || "") : NaN;
      if (held && Date.now() - at < freshMs) continue;
      const r = await fetch(url, { credentials: "same-origin" });
      if (r.ok && !r.redirected) {
        await cache.put(url, r);
        stored += 1;
      }
    } catch (e) {
      break; // offline: keep what is cached
    }
  }
  return stored;
}

/** Registers the service worker (scope: the whole site). */
export function registerWorker() {
  if (!("serviceWorker" in navigator)) return Promise.resolve(false);
  return navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(() => true, () => false);
}

/** Runs `callback` once the page is idle (at the latest after 2 s): background work after a
 *  page hydrates must not delay the answer to the officer's first tap. */
export function whenIdle(callback) {
  if ("requestIdleCallback" in window) window.requestIdleCallback(() => callback(), { timeout: 2000 });
  else setTimeout(() => callback(), 1);
}
