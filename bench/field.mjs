// The measuring half of bench/field (which builds and starts the server): run by it with
// BENCH_BASE (http://127.0.0.1:port) and BENCH_TOKEN (officer.mueang's API token), in Debian's
// Chromium through Playwright from end2end/node_modules. Prints the figures; asserts nothing.
// Options (bench/field passes its own on):
//   --runs N                 cold loads (default 5)
//   --path-template T        the page, {id} the household (default /field/households/{id});
//                            on a 404 the case file /households/{id} is measured instead
//   --household ID           the household (default: the officer's with the most open problems
//                            among the first 200 the API lists)
//   --cpu-rate R             CPU slowdown (default 4)
//   --no-network-throttling  the CPU slowdown only (for comparison)
import http from "node:http";
import { createRequire } from "node:module";
import { brotliCompressSync, gzipSync, constants as zlib } from "node:zlib";

const require = createRequire(new URL("../end2end/package.json", import.meta.url));
const { chromium, devices } = require("playwright");

const base = process.env.BENCH_BASE;
const token = process.env.BENCH_TOKEN;
if (!base || !token) throw new Error("BENCH_BASE and BENCH_TOKEN must be set (bench/field sets them)");

const FALLBACK_TEMPLATE = "/households/{id}";
const opts = { runs: 5, pathTemplate: "/field/households/{id}", household: null, cpuRate: 4, network: true };
for (let argv = process.argv.slice(2), i = 0; i < argv.length; i++) {
  const value = () => {
    if (i + 1 >= argv.length) throw new Error(`${argv[i]} needs a value`);
    return argv[++i];
  };
  switch (argv[i]) {
    case "--runs":
      opts.runs = Math.max(1, Number.parseInt(value(), 10));
      break;
    case "--path-template":
      opts.pathTemplate = value();
      break;
    case "--household":
      opts.household = Number.parseInt(value(), 10);
      break;
    case "--cpu-rate":
      opts.cpuRate = Number(value());
      break;
    case "--no-network-throttling":
      opts.network = false;
      break;
    default:
      throw new Error(`unknown option ${argv[i]} (see the top of bench/field.mjs)`);
  }
}
if (!opts.pathTemplate.includes("{id}")) throw new Error("--path-template must contain {id}");

// Chrome DevTools' "Slow 4G" preset (Puppeteer's PredefinedNetworkConditions["Slow 4G"]):
// 150 ms RTT × 3.75, 1.6 Mbit/s × 0.9 down, 750 kbit/s × 0.9 up, as CDP wants them (ms, bytes/s).
// Lighthouse's mobile throttling is the same in 1024-based units (1,474.56 kbit/s down).
const SLOW_4G = { offline: false, latency: 150 * 3.75, downloadThroughput: (1.6e6 / 8) * 0.9, uploadThroughput: (750e3 / 8) * 0.9 };
const NO_THROTTLING = { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 };
const TARGETS = { fcp: 1500, responsive: 3500, wasmBrotliKB: 500 };
const HYDRATION_TIMEOUT_MS = 120_000;
const QUIET_MS = 500; // the load's end: no request in flight for this long after hydration
const QUIET_TIMEOUT_MS = 20_000;
const KB = 1000; // KB here are 1000 bytes

const CHROMIUM = {
  executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};
const PHONE = {
  viewport: { width: 360, height: 800 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  userAgent: devices["Pixel 5"].userAgent,
  locale: "th-TH",
  timezoneId: "Asia/Bangkok",
  baseURL: base,
};

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const sortNum = (a) => [...a].filter(Number.isFinite).sort((x, y) => x - y);
function median(values) {
  const s = sortNum(values);
  if (s.length === 0) return NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
const worst = (values) => (sortNum(values).length ? Math.max(...sortNum(values)) : NaN);
const msStr = (v) => (Number.isFinite(v) ? `${Math.round(v)} ms` : "n/a");
const kb = (bytes) => (Number.isFinite(bytes) ? `${(bytes / KB).toFixed(1)} KB` : "n/a");
const ratio = (v, target) => (Number.isFinite(v) ? (v / target).toFixed(2) : "n/a");
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);

async function apiJson(path) {
  const r = await fetch(new URL(path, base), { headers: { authorization: `Bearer ${token}` } });
  if (!r.ok) throw new Error(`GET ${path}: HTTP ${r.status} ${(await r.text()).slice(0, 300)}`);
  return r.json();
}

// ── The household: in the officer's scope, the most open problems ───────────────────────────
let householdId = opts.household;
if (householdId === null) {
  const list = await apiJson("/api/v1/households?per_page=200&page=1");
  if (list.items.length === 0) throw new Error("the officer sees no households");
  const open = (h) => h.pending.reduce((a, b) => a + b, 0);
  householdId = [...list.items].sort((a, b) => open(b) - open(a) || a.id - b.id)[0].id;
}
const household = await apiJson(`/api/v1/households/${householdId}`);
const h = household.household ?? household;
const openProblems = (household.problems ?? []).filter((p) => p.status === "open" || p.status === "in_progress").length;

const browser = await chromium.launch(CHROMIUM);

// ── Sign in once, unthrottled; every cold load starts from these cookies ─────────────────────
const signInContext = await browser.newContext(PHONE);
const signInPage = await signInContext.newPage();
await signInPage.goto("/login");
await signInPage.getByLabel("ชื่อผู้ใช้").fill("officer.mueang");
await signInPage.getByLabel("รหัสผ่าน").fill("hakpaeng-demo");
await signInPage.getByRole("button", { name: "เข้าสู่ระบบ" }).click();
await signInPage.locator("form.signout").waitFor({ state: "visible", timeout: 30_000 });
const storageState = await signInContext.storageState();

// The page: the quick view, else (404: not built yet) the case file.
let path = opts.pathTemplate.replaceAll("{id}", householdId);
let measuredNote = "";
{
  const r = await signInContext.request.get(path, { maxRedirects: 0 });
  if (r.status() === 404 && opts.pathTemplate !== FALLBACK_TEMPLATE) {
    const fallback = FALLBACK_TEMPLATE.replaceAll("{id}", householdId);
    measuredNote = ` (the case file: ${path} answered 404, so the fallback)`;
    path = fallback;
  }
  const check = await signInContext.request.get(path, { maxRedirects: 0 });
  if (check.status() !== 200) throw new Error(`GET ${path} signed in: HTTP ${check.status()} (location ${check.headers().location ?? "-"})`);
}
await signInContext.close();

// Records the moment hydrate() sets window.__hakpaeng_hydrated (app/src/lib.rs, the flag the
// browser tests wait for) and the start of the first task after it: the earliest a tap's
// handler could run on the hydrated page. Times are performance.now(): ms from navigation start.
const HYDRATION_PROBE = () => {
  let value;
  Object.defineProperty(window, "__hakpaeng_hydrated", {
    configurable: true,
    get: () => value,
    set: (v) => {
      value = v;
      if (v === true && window.__bench_hydrated_at === undefined) {
        window.__bench_hydrated_at = performance.now();
        setTimeout(() => {
          window.__bench_responsive_at = performance.now();
        }, 0);
      }
    },
  });
};

function kindOf(r) {
  const url = r.url.split(/[?#]/)[0];
  if (r.mimeType === "application/wasm" || url.endsWith(".wasm")) return "wasm";
  if (r.type === "Document") return "html";
  if (r.type === "Script" || r.mimeType.includes("javascript")) return "js";
  if (r.type === "Stylesheet" || r.mimeType === "text/css") return "css";
  if (r.type === "Font" || r.mimeType.startsWith("font/") || /\.(woff2?|ttf|otf)$/.test(url)) return "fonts";
  return "other";
}
const KINDS = ["html", "wasm", "js", "css", "fonts", "other"];

/** One cold load: a fresh signed-in context, cache off, throttled; timings and requests. */
async function coldLoad() {
  const context = await browser.newContext({ ...PHONE, storageState });
  await context.addInitScript(HYDRATION_PROBE);
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) errors.push(`console: ${m.text()}`);
  });
  // A same-origin page first, unthrottled: the measured navigation then stays in this
  // renderer, where the CPU slowdown is set.
  await page.goto("/healthz");
  const cdp = await context.newCDPSession(page);
  const requests = new Map(); // requestId → { url, type, mimeType, status, encoding, bytes, done }
  let lastActivity = Date.now();
  cdp.on("Network.requestWillBeSent", (e) => {
    if (e.request.url.startsWith("data:")) return;
    lastActivity = Date.now();
    const prev = requests.get(e.requestId);
    // A redirect reuses the request id: keep the redirect's bytes as their own entry.
    if (prev && e.redirectResponse) requests.set(`${e.requestId}:${requests.size}`, { ...prev, done: true });
    requests.set(e.requestId, { url: e.request.url, type: e.type ?? "Other", mimeType: "", status: 0, encoding: "", bytes: 0, done: false });
  });
  cdp.on("Network.responseReceived", (e) => {
    const r = requests.get(e.requestId);
    if (!r) return;
    lastActivity = Date.now();
    r.type = e.type ?? r.type;
    r.mimeType = e.response.mimeType ?? "";
    r.status = e.response.status;
    const headers = Object.fromEntries(Object.entries(e.response.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    r.encoding = headers["content-encoding"] ?? "";
    r.fromCache = e.response.fromDiskCache || e.response.fromPrefetchCache || false;
  });
  cdp.on("Network.loadingFinished", (e) => {
    const r = requests.get(e.requestId);
    if (!r) return;
    lastActivity = Date.now();
    r.bytes = e.encodedDataLength;
    r.done = true;
  });
  cdp.on("Network.loadingFailed", (e) => {
    const r = requests.get(e.requestId);
    if (!r) return;
    lastActivity = Date.now();
    r.failed = e.errorText;
    r.done = true;
  });
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  await cdp.send("Network.emulateNetworkConditions", opts.network ? SLOW_4G : NO_THROTTLING);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: opts.cpuRate });
  requests.clear();

  await page.goto(path, { waitUntil: "load", timeout: HYDRATION_TIMEOUT_MS });
  let hydratedOk = true;
  try {
    await page.waitForFunction(() => window.__bench_responsive_at !== undefined, null, {
      timeout: HYDRATION_TIMEOUT_MS,
      polling: 100,
    });
  } catch {
    hydratedOk = false;
  }
  // The tail of the load (fonts, late fetches): until no request is in flight for QUIET_MS.
  for (const until = Date.now() + QUIET_TIMEOUT_MS; Date.now() < until; ) {
    const busy = [...requests.values()].some((r) => !r.done && r.type !== "EventSource");
    if (!busy && Date.now() - lastActivity >= QUIET_MS) break;
    await sleep(50);
  }
  const timing = await page.evaluate(() => {
    const nav = performance.getEntriesByType("navigation")[0];
    const fcp = performance.getEntriesByName("first-contentful-paint")[0];
    return {
      fcp: fcp ? fcp.startTime : NaN,
      hydrated: window.__bench_hydrated_at ?? NaN,
      responsive: window.__bench_responsive_at ?? NaN,
      dcl: nav ? nav.domContentLoadedEventStart : NaN,
      load: nav ? nav.loadEventStart : NaN,
      url: location.pathname,
      wasm: performance.getEntriesByType("resource")
        .filter((e) => e.name.endsWith(".wasm"))
        .map((e) => ({ name: e.name.split("/").pop(), start: e.startTime, firstByte: e.responseStart, end: e.responseEnd })),
    };
  });
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 1 }).catch(() => {});
  await context.close();
  return { ...timing, hydratedOk, errors, requests: [...requests.values()] };
}

const conditions = opts.network
  ? `Slow 4G (latency ${SLOW_4G.latency} ms, down ${SLOW_4G.downloadThroughput.toLocaleString("en")} B/s = 1.44 Mbit/s, up ${SLOW_4G.uploadThroughput.toLocaleString("en")} B/s = 675 kbit/s)`
  : "no network throttling";
console.log(
  `household ${householdId}: ${h.house_no ?? "?"} moo ${h.moo ?? "?"} ${h.village_name ?? ""}, ${h.tambon_name_en ?? ""}, ${h.amphoe_name_en ?? ""}; ${openProblems} open problems`,
);
console.log(`measured: ${path}${measuredNote}`);
console.log(
  `conditions: ${conditions}, CPU ${opts.cpuRate}× slower, cache disabled, 360×800 phone (DPR 2, touch), signed in as officer.mueang, ${opts.runs} cold loads`,
);

const runs = [];
for (let i = 0; i < opts.runs; i++) {
  const r = await coldLoad();
  runs.push(r);
  const bytes = r.requests.reduce((n, q) => n + q.bytes, 0);
  console.log(
    `  load ${i + 1}: FCP ${msStr(r.fcp)}, hydrated ${msStr(r.hydrated)}, responsive ${msStr(r.responsive)}, DOMContentLoaded ${msStr(r.dcl)}, load ${msStr(r.load)}; ${r.requests.length} requests, ${kb(bytes)}${r.hydratedOk ? "" : "  NOT HYDRATED"}${r.errors.length ? `  ${r.errors.length} browser errors` : ""}`,
  );
  if (r.url !== path) console.log(`    (ended on ${r.url}, not ${path})`);
  // The files the page hydrates with, then those fetched after it (background work such as the
  // outbox's engine, a lazy chunk started once the page is idle).
  const wasm = r.wasm ?? [];
  const before = wasm.filter((w) => !(w.start > r.hydrated));
  const after = wasm.filter((w) => w.start > r.hydrated);
  if (before.length) {
    const first = Math.min(...before.map((w) => w.start));
    const last = Math.max(...before.map((w) => w.end));
    console.log(
      `    wasm: ${before.length} file(s) requested from ${msStr(first)}, all received by ${msStr(last)}; ` +
        `${msStr(r.hydrated - last)} from the last byte to hydrated`,
    );
  }
  if (after.length) {
    const first = Math.min(...after.map((w) => w.start));
    const last = Math.max(...after.map((w) => w.end));
    console.log(`    after hydration: ${after.length} wasm file(s) requested from ${msStr(first)}, all received by ${msStr(last)}`);
  }
}
await browser.close();

// ── The wasm bundle: the file the page loaded ────────────────────────────────────────────────
const wasmUrls = [...new Set(runs.flatMap((r) => r.requests.filter((q) => kindOf(q) === "wasm").map((q) => q.url)))];
let wasm = null;
if (wasmUrls.length) {
  // The main bundle, not a chunk fetched after hydration.
  const url = wasmUrls.find((u) => !/\/(chunk_|split_)[^/]*$/.test(u)) ?? wasmUrls[0];
  const raw = Buffer.from(await (await fetch(url, { headers: { "accept-encoding": "identity" } })).arrayBuffer());
  const served = {};
  for (const enc of ["br", "gzip"]) served[enc] = await asServed(url, enc);
  wasm = {
    url,
    raw: raw.length,
    brotli: brotliCompressSync(raw, {
      params: {
        [zlib.BROTLI_PARAM_QUALITY]: 11,
        [zlib.BROTLI_PARAM_LGWIN]: 24,
        [zlib.BROTLI_PARAM_SIZE_HINT]: raw.length,
      },
    }).length,
    gzip: gzipSync(raw, { level: 9 }).length,
    served,
  };
}

/** The body as the server sends it for one Accept-Encoding (not decoded): { bytes, encoding }. */
function asServed(url, encoding) {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { "accept-encoding": encoding } }, (res) => {
        let n = 0;
        res.on("data", (c) => (n += c.length));
        res.on("end", () => resolve({ bytes: n, encoding: res.headers["content-encoding"] ?? "identity" }));
        res.on("error", reject);
      })
      .on("error", reject);
  });
}

// ── The figures ──────────────────────────────────────────────────────────────────────────────
const col = (v) => lpad(msStr(v), 9);
console.log(`\ntimes from navigation start, ${runs.length} cold loads`);
console.log(
  `  ${pad("", 52)}${lpad("median", 9)}  ${lpad("worst", 9)}   ${pad("target", 10)} ${lpad("median/target", 13)}  ${lpad("worst/target", 12)}`,
);
const timeRow = (label, key, target) => {
  const values = runs.map((r) => r[key]);
  const m = median(values);
  const w = worst(values);
  const missing = values.filter((v) => !Number.isFinite(v)).length;
  console.log(
    `  ${pad(label, 52)}${col(m)}  ${col(w)}   ${pad(target ? `≤ ${target} ms` : "", 10)} ${lpad(target ? ratio(m, target) : "", 13)}  ${lpad(target ? ratio(w, target) : "", 12)}${missing ? `   (${missing} loads without it)` : ""}`,
  );
};
timeRow("first contentful paint", "fcp", TARGETS.fcp);
timeRow("responsive to a tap (first task after hydration)", "responsive", TARGETS.responsive);
timeRow("hydrated (hydrate() done)", "hydrated", null);
timeRow("DOMContentLoaded", "dcl", null);
timeRow("load event", "load", null);

console.log(`\nbytes on the wire per load (as encoded, response headers included; KB = 1000 bytes)`);
console.log(`  ${pad("", 8)}${lpad("median", 10)}  ${lpad("worst", 10)}  ${lpad("requests", 9)}  content-encoding`);
const byKind = runs.map((r) => {
  const sums = Object.fromEntries(KINDS.map((k) => [k, { bytes: 0, count: 0, encodings: new Set(), urls: new Set() }]));
  for (const q of r.requests) {
    const s = sums[kindOf(q)];
    s.bytes += q.bytes;
    s.count += 1;
    s.encodings.add(q.encoding || (q.failed ? `failed: ${q.failed}` : "none"));
    s.urls.add(q.url.replace(base, ""));
  }
  return sums;
});
for (const k of [...KINDS, "total"]) {
  const values = byKind.map((s) => (k === "total" ? KINDS.reduce((n, kk) => n + s[kk].bytes, 0) : s[k].bytes));
  const counts = byKind.map((s) => (k === "total" ? KINDS.reduce((n, kk) => n + s[kk].count, 0) : s[k].count));
  const encodings = k === "total" ? "" : [...new Set(byKind.flatMap((s) => [...s[k].encodings]))].join(", ");
  console.log(`  ${pad(k, 8)}${lpad(kb(median(values)), 10)}  ${lpad(kb(worst(values)), 10)}  ${lpad(median(counts), 9)}  ${encodings}`);
}
const files = [...new Set(byKind.flatMap((s) => KINDS.flatMap((k) => [...s[k].urls].map((u) => `${k} ${u}`))))];
console.log(`  requests: ${files.join(", ")}`);
const repeatedWasm = runs.some((r) => {
  const urls = r.requests.filter((q) => kindOf(q) === "wasm").map((q) => q.url);
  return new Set(urls).size < urls.length;
});
if (repeatedWasm) console.log("  note: the wasm was fetched more than once in a load (the preload not reused)");

if (wasm) {
  const target = TARGETS.wasmBrotliKB * KB;
  console.log(`\nwasm bundle ${wasm.url.replace(base, "")} (KB = 1000 bytes)`);
  console.log(`  raw                                ${lpad(wasm.raw.toLocaleString("en"), 10)} B  ${lpad(kb(wasm.raw), 10)}`);
  console.log(`  gzip -9                            ${lpad(wasm.gzip.toLocaleString("en"), 10)} B  ${lpad(kb(wasm.gzip), 10)}`);
  console.log(
    `  brotli quality 11                  ${lpad(wasm.brotli.toLocaleString("en"), 10)} B  ${lpad(kb(wasm.brotli), 10)}   target ≤ ${TARGETS.wasmBrotliKB} KB: ${ratio(wasm.brotli, target)}`,
  );
  for (const [asked, s] of Object.entries(wasm.served))
    console.log(
      `  as served for Accept-Encoding ${pad(asked, 5)}${lpad(s.bytes.toLocaleString("en"), 10)} B  ${lpad(kb(s.bytes), 10)}   (content-encoding ${s.encoding})`,
    );
} else {
  console.log("\nwasm bundle: the page loaded no .wasm");
}

const errors = [...new Set(runs.flatMap((r) => r.errors))];
const unhydrated = runs.filter((r) => !r.hydratedOk).length;
if (unhydrated) console.log(`\n${unhydrated} of ${runs.length} loads never hydrated within ${HYDRATION_TIMEOUT_MS / 1000} s`);
if (errors.length) console.log(`\nbrowser errors:\n  ${errors.slice(0, 10).join("\n  ")}`);
