// The measuring half of bench/board (which builds and starts the server): run by it with
// BENCH_BASE (http://127.0.0.1:port), BENCH_TOKEN (a coordinator's API token) and
// BENCH_SECONDS (the throughput run's length). Prints the figures; asserts nothing.
import http from "node:http";
import { performance } from "node:perf_hooks";

const base = new URL(process.env.BENCH_BASE);
const token = process.env.BENCH_TOKEN;
const seconds = Number(process.env.BENCH_SECONDS || 10);
const PAGE_WARMUP = 20;
const PAGE_REQUESTS = 200;
const CLIENTS = 32;
const PROBLEMS_PER_CLIENT = 8;
const STREAMS = 50;
const MOVES = 100;
const MOVE_GAP_MS = 20;
const DELIVERY_WAIT_MS = 3000;

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** One request: { status, headers, body }, the body read to its end. */
function request(method, path, { body, headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = http.request(
      {
        host: base.hostname,
        port: base.port,
        method,
        path,
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          ...(data ? { "content-type": "application/json", "content-length": data.length } : {}),
          ...headers,
        },
      },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(data);
  });
}

async function getJson(path) {
  const r = await request("GET", path);
  if (r.status !== 200) throw new Error(`GET ${path}: HTTP ${r.status} ${r.body.toString().slice(0, 300)}`);
  return JSON.parse(r.body.toString());
}

function putOwner(problemId, agencyId, version) {
  return request("PUT", `/api/v1/problems/${problemId}/owner`, { body: { agency_id: agencyId, version } });
}

/** The q-quantile (0..1) of sorted numbers, nearest rank. */
function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}
const ms = (v) => (Number.isFinite(v) ? v.toFixed(1) : "n/a");
const sortNum = (a) => [...a].sort((x, y) => x - y);

// ── The largest amphoe: the most pending (open or in-progress) problems ─────────────────────
const overview = await getJson("/api/v1/overview");
const biggest = [...overview.districts].sort((a, b) => b.pending - a.pending)[0];
console.log(
  `largest amphoe: ${biggest.code} ${biggest.name_en} (${biggest.households} households, ${biggest.pending} open problems, ${biggest.unowned} unowned)`,
);
const boardPath = `/boards/owners?amphoe=${biggest.code}`;

// ── 1. The owner board page ──────────────────────────────────────────────────────────────────
const first = await request("GET", boardPath);
if (first.status !== 200) throw new Error(`GET ${boardPath}: HTTP ${first.status} (location ${first.headers.location ?? "-"})`);
const html = first.body.toString();
const cards = (html.match(/data-problem="/g) || []).length;
// The lanes are "none" and one per active agency.
const agencies = [...html.matchAll(/data-lane="(\d+)"/g)].map((m) => Number(m[1]));
if (agencies.length < 2) throw new Error(`found ${agencies.length} agency lanes on ${boardPath}; need 2`);
console.log(`board page: ${(first.body.length / 1024).toFixed(0)} KiB, ${cards} cards, ${agencies.length + 1} lanes`);
for (let i = 0; i < PAGE_WARMUP; i++) await request("GET", boardPath);
const pageTimes = [];
let pageErrors = 0;
for (let i = 0; i < PAGE_REQUESTS; i++) {
  const t0 = performance.now();
  const r = await request("GET", boardPath);
  pageTimes.push(performance.now() - t0);
  if (r.status !== 200) pageErrors++;
}
const page = sortNum(pageTimes);
const pageP95 = quantile(page, 0.95);

// ── Problems to move: open ones of the amphoe, from the REST API ─────────────────────────────
const wanted = CLIENTS * PROBLEMS_PER_CLIENT;
const problems = []; // { id, version, agency }
for (let p = 1; problems.length < wanted; p++) {
  const list = await getJson(`/api/v1/households?amphoe=${biggest.code}&per_page=200&page=${p}`);
  if (list.items.length === 0) break;
  const ids = list.items.filter((h) => h.pending.some((n) => n > 0)).map((h) => h.id);
  for (let i = 0; i < ids.length && problems.length < wanted; i += 16) {
    const details = await Promise.all(ids.slice(i, i + 16).map((id) => getJson(`/api/v1/households/${id}`)));
    for (const d of details)
      for (const pr of d.problems)
        if (pr.status === "open" || pr.status === "in_progress")
          problems.push({ id: pr.id, version: pr.version, agency: pr.owner_agency_id });
  }
}
problems.length = Math.min(problems.length, wanted);
if (problems.length < CLIENTS) throw new Error(`only ${problems.length} open problems found`);
const [agencyA, agencyB] = agencies;
const nextAgency = (p) => (p.agency === agencyA ? agencyB : agencyA);

// ── 2. Owner changes, 32 clients, each on its own problems ───────────────────────────────────
const putTimes = [];
let changes = 0;
let conflicts = 0;
let otherErrors = 0;
let firstError = "";
async function client(mine) {
  const deadline = performance.now() + seconds * 1000;
  for (let i = 0; performance.now() < deadline; i++) {
    const p = mine[i % mine.length];
    const to = nextAgency(p);
    const t0 = performance.now();
    const r = await putOwner(p.id, to, p.version);
    putTimes.push(performance.now() - t0);
    if (r.status === 200) {
      const now = JSON.parse(r.body.toString());
      p.version = now.version;
      p.agency = now.agency_id;
      changes++;
    } else if (r.status === 409) {
      const now = JSON.parse(r.body.toString()).current;
      p.version = now.version;
      p.agency = now.agency_id;
      conflicts++;
    } else {
      otherErrors++;
      firstError ||= `HTTP ${r.status} ${r.body.toString().slice(0, 200)}`;
    }
  }
}
const shares = Array.from({ length: CLIENTS }, (_, c) => problems.filter((_, i) => i % CLIENTS === c));
const t0 = performance.now();
await Promise.all(shares.map(client));
const elapsed = (performance.now() - t0) / 1000;
const puts = sortNum(putTimes);

// ── 3. Event delay on 50 streams ─────────────────────────────────────────────────────────────
// Each stream notes when the event for "problem:version" arrived.
const streams = [];
let resets = 0;
function openStream() {
  return new Promise((resolve, reject) => {
    const arrivals = new Map();
    const req = http.get(
      {
        host: base.hostname,
        port: base.port,
        path: "/api/v1/boards/events",
        agent: false,
        headers: { authorization: `Bearer ${token}`, accept: "text/event-stream" },
      },
      (res) => {
        if (res.statusCode !== 200 || !String(res.headers["content-type"]).startsWith("text/event-stream")) {
          reject(new Error(`events: HTTP ${res.statusCode} ${res.headers["content-type"]}`));
          return;
        }
        res.setEncoding("utf8");
        let buffer = "";
        res.on("data", (chunk) => {
          const at = performance.now();
          buffer += chunk.replace(/\r\n?/g, "\n");
          let end;
          while ((end = buffer.indexOf("\n\n")) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            let event = "message";
            const data = [];
            for (const line of block.split("\n")) {
              if (line === "" || line.startsWith(":")) continue;
              const colon = line.indexOf(":");
              const field = colon < 0 ? line : line.slice(0, colon);
              const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
              if (field === "event") event = value;
              else if (field === "data") data.push(value);
            }
            if (event !== "message") {
              if (event === "reset") resets++;
              continue;
            }
            if (data.length === 0) continue;
            const card = JSON.parse(data.join("\n"))?.change?.card;
            if (card) {
              const key = `${card.problem_id}:${card.version}`;
              if (!arrivals.has(key)) arrivals.set(key, at);
            }
          }
        });
        resolve({ req, res, arrivals });
      },
    );
    req.on("error", reject);
  });
}
for (let i = 0; i < STREAMS; i++) streams.push(await openStream());
await sleep(200);
const sent = []; // { key, at }
let moveErrors = 0;
for (let i = 0; i < MOVES; i++) {
  const p = problems[i % problems.length];
  const key = `${p.id}:${p.version + 1}`;
  const at = performance.now();
  const r = await putOwner(p.id, nextAgency(p), p.version);
  if (r.status === 200) {
    const now = JSON.parse(r.body.toString());
    p.version = now.version;
    p.agency = now.agency_id;
    sent.push({ key, at });
  } else {
    moveErrors++;
    firstError ||= `HTTP ${r.status} ${r.body.toString().slice(0, 200)}`;
  }
  await sleep(MOVE_GAP_MS);
}
const expected = sent.length * STREAMS;
const arrived = () => streams.reduce((n, s) => n + sent.filter((m) => s.arrivals.has(m.key)).length, 0);
for (const until = performance.now() + DELIVERY_WAIT_MS; performance.now() < until && arrived() < expected; ) await sleep(50);
const delays = [];
for (const s of streams)
  for (const m of sent) {
    const a = s.arrivals.get(m.key);
    if (a !== undefined) delays.push(a - m.at);
  }
for (const s of streams) s.req.destroy();
const delay = sortNum(delays);
const missing = expected - delays.length;
const delayP99 = quantile(delay, 0.99);

// ── The figures ──────────────────────────────────────────────────────────────────────────────
console.log(`\n1. owner board page GET ${boardPath} (${PAGE_REQUESTS} sequential, after ${PAGE_WARMUP} warm-up, time to last byte)`);
console.log(`   p50 ${ms(quantile(page, 0.5))} ms   p95 ${ms(pageP95)} ms   max ${ms(page[page.length - 1])} ms   non-200: ${pageErrors}`);
console.log(`   target p95 ≤ 100 ms: p95/100 = ${(pageP95 / 100).toFixed(2)}`);
console.log(
  `\n2. PUT /api/v1/problems/{id}/owner, ${CLIENTS} clients × ${shares[0].length} problems each (disjoint), agencies ${agencyA} ⇄ ${agencyB}, ${elapsed.toFixed(1)} s`,
);
console.log(
  `   ${(changes / elapsed).toFixed(0)} changes/s (${changes} changes)   p50 ${ms(quantile(puts, 0.5))} ms   p99 ${ms(quantile(puts, 0.99))} ms   max ${ms(puts[puts.length - 1])} ms`,
);
console.log(`   409 conflicts: ${conflicts} (expected 0)   other errors: ${otherErrors}`);
console.log(`\n3. event delay, ${STREAMS} streams on /api/v1/boards/events, ${sent.length} owner moves ${MOVE_GAP_MS} ms apart`);
console.log(
  `   p50 ${ms(quantile(delay, 0.5))} ms   p99 ${ms(delayP99)} ms   max ${ms(delay[delay.length - 1])} ms   delivered ${delays.length}/${expected}, missing ${missing}, resets ${resets}, failed moves ${moveErrors}`,
);
console.log(`   target p99 ≤ 250 ms: p99/250 = ${(delayP99 / 250).toFixed(2)}`);
if (firstError) console.log(`\nfirst error: ${firstError}`);
agent.destroy();
