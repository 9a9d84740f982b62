// The field officer's whole flow on a phone (360×800, touch), online and then offline:
// My work → quick view → a visit and an assistance with a photo, sent at once; then the
// signal goes (the page and its service worker both lose the network), two more records are
// made, the app is reloaded and still opens with them waiting; the signal returns and both
// are sent exactly once, the one whose problem changed on the server meanwhile held as
// "needs attention" with both values until the officer chooses.
const path = require("node:path");
const { request: apiRequest } = require("@playwright/test");
const { test, expect, signIn, shot, hydrated, usesJs, PASSWORD } = require("./helpers");

// Near the Kantharalak district office.
test.use({ geolocation: { latitude: 14.651, longitude: 104.647 }, permissions: ["geolocation"] });

const PHOTO = path.join(__dirname, "..", "..", "public", "icons", "icon-512.png");

function cutSignal(route) {
  return route.request().serviceWorker() ? route.abort("internetdisconnected") : route.continue();
}

async function goOffline(context) {
  await context.setOffline(true);
  await context.route("**", cutSignal);
}

async function goOnline(context) {
  await context.unroute("**", cutSignal);
  await context.setOffline(false);
}

async function cached(page, url) {
  return page.evaluate(async (u) => !!(await (await caches.open("hakpaeng-pages-v1")).match(u, { ignoreVary: true })), url);
}

test("the field flow works online and offline, each record sent exactly once", async ({ page, context, baseURL }, testInfo) => {
  test.skip(!usesJs(testInfo) || testInfo.project.name !== "phone", "the phone with JavaScript (the no-JS forms are tested elsewhere)");
  test.setTimeout(180_000);
  const stamp = Date.now();

  // 1. My work: nearest first, the households' pages stored for offline use.
  await signIn(page, "officer.kantharalak", "/field");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("งานของฉันวันนี้");
  await hydrated(page, testInfo);
  await expect(page.getByTestId("distance").first()).toBeVisible();
  await page.evaluate(() => navigator.serviceWorker.ready);
  const items = page.getByTestId("work-item");
  const first = await items.nth(0).getAttribute("data-household");
  const second = await items.nth(1).getAttribute("data-household");
  await expect.poll(() => cached(page, `/households/${second}/visit`), { timeout: 60_000 }).toBe(true);
  await expect.poll(() => cached(page, `/field/households/${first}/assist`), { timeout: 60_000 }).toBe(true);
  await shot(page, testInfo, "30-my-work");

  // 2. The quick view: problems with owner and status, call and navigate.
  await items.nth(0).locator("a.work-name").click();
  await expect(page.getByTestId("quick-name")).toBeVisible();
  await hydrated(page, testInfo);
  await expect(page.getByTestId("navigate")).toHaveAttribute("href", /^geo:/);
  const problem = await page.getByTestId("quick-problem").first().getAttribute("data-problem");
  await shot(page, testInfo, "31-quick-view");

  // 3. A visit, online: sent at once.
  await page.getByTestId("visit-link").click();
  await hydrated(page, testInfo);
  await page.getByRole("radio", { name: "พบครัวเรือน" }).check();
  await page.getByLabel("บันทึก", { exact: true }).fill(`เยี่ยมออนไลน์ ${stamp}`);
  await page.getByRole("button", { name: "บันทึกการเยี่ยม" }).click();
  await expect(page.getByTestId("visit-saved")).toContainText("บันทึกการเยี่ยม");
  await expect(page.locator("[data-testid=outbox-item][data-kind=visit]").first()).toHaveAttribute("data-state", "sent");
  await shot(page, testInfo, "32-visit-sent");

  // 4. An assistance with a photo, online (the problem stays open: in progress).
  await page.goto(`/field/households/${first}/assist?problem=${problem}`);
  await hydrated(page, testInfo);
  await expect(page.getByTestId("assist-problem")).toHaveValue(problem);
  await page.getByTestId("assist-menu").selectOption({ index: 1 });
  await page.getByTestId("assist-detail").fill(`ช่วยเหลือออนไลน์ ${stamp}`);
  await page.getByTestId("assist-amount").fill("1,500");
  await page.getByRole("radio", { name: "กำลังดำเนินการ" }).check();
  await page.getByTestId("photo-after").setInputFiles(PHOTO);
  await expect(page.getByTestId("thumb")).toHaveCount(1);
  await expect(page.getByTestId("thumb").locator("img")).toHaveJSProperty("complete", true);
  await shot(page, testInfo, "33-assistance-form");
  await page.getByTestId("assist-save").click();
  await expect(page.getByTestId("assist-saved")).toContainText("บันทึกการช่วยเหลือแล้ว");
  await expect(page.locator("[data-testid=outbox-item][data-kind=assistance]").first()).toHaveAttribute("data-state", "sent");
  await expect(page.locator("[data-testid=outbox-item][data-kind=photo]").first()).toHaveAttribute("data-state", "sent");
  await shot(page, testInfo, "34-assistance-sent");

  // 5. The signal goes. A visit to the second household and "problem resolved" on the first.
  await goOffline(context);
  await page.goto(`/households/${second}/visit`);
  await hydrated(page, testInfo);
  await page.getByRole("radio", { name: "ไม่มีคนอยู่บ้าน" }).check();
  await page.getByLabel("บันทึก", { exact: true }).fill(`เยี่ยมออฟไลน์ ${stamp}`);
  await page.getByRole("button", { name: "บันทึกการเยี่ยม" }).click();
  await expect(page.getByTestId("visit-saved")).toContainText("จะส่งเมื่อมีสัญญาณ");
  await shot(page, testInfo, "35-offline-visit");
  await page.goto(`/field/households/${first}/assist?problem=${problem}`);
  await hydrated(page, testInfo);
  await page.getByTestId("assist-problem").selectOption(problem);
  await page.getByTestId("assist-detail").fill(`แก้ปัญหาได้แล้ว ${stamp}`);
  await page.getByRole("radio", { name: "ดำเนินการแล้ว" }).check();
  await page.getByTestId("assist-resolved").check();
  await page.getByTestId("assist-save").click();
  await expect(page.getByTestId("assist-saved")).toContainText("จะส่งเมื่อมีสัญญาณ");

  // 6. Still offline, the app is reloaded: it opens, with both records waiting.
  await page.goto("/field");
  await hydrated(page, testInfo);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("งานของฉันวันนี้");
  const waiting = page.locator("[data-testid=outbox-item][data-state=waiting]");
  await expect(waiting).toHaveCount(2);
  await shot(page, testInfo, "36-offline-reload");

  // Meanwhile someone at the office finds the first household's problem cannot be solved.
  const office = await apiRequest.newContext({ baseURL });
  const login = await office.post("/login", { form: { username: "coordinator", password: PASSWORD, next: "/" }, maxRedirects: 0 });
  expect(login.status()).toBeLessThan(400);
  const file = await (await office.get(`/api/v1/households/${first}`)).json();
  const version = file.problems.find((p) => String(p.id) === problem).version;
  const put = await office.put(`/api/v1/problems/${problem}/status`, { data: { status: "cannot_resolve", version } });
  expect(put.status()).toBe(200);

  // 7. The signal returns: the visit goes; the assistance waits for a choice, with both values.
  await goOnline(context);
  await expect(page.locator("[data-testid=outbox-item][data-kind=visit][data-state=sent]")).toHaveCount(2, { timeout: 30_000 });
  const held = page.locator("[data-testid=outbox-item][data-state=needs_attention]");
  await expect(held).toHaveCount(1);
  await expect(held.getByTestId("conflict-mine")).toHaveText("แก้ไขแล้ว");
  await expect(held.getByTestId("conflict-server")).toHaveText("แก้ไขไม่ได้");
  await shot(page, testInfo, "37-needs-attention");
  await held.getByTestId("keep-mine").click();
  await expect(page.locator("[data-testid=outbox-item][data-state=sent]")).toHaveCount(5);
  await expect(page.getByTestId("outbox-summary")).toHaveText("ส่งครบทุกรายการแล้ว");
  await shot(page, testInfo, "38-all-sent");

  // Exactly once on the server: one offline visit, one resolving assistance, the problem resolved.
  const after = await (await office.get(`/api/v1/households/${first}`)).json();
  expect(after.assistance.filter((a) => a.detail === `แก้ปัญหาได้แล้ว ${stamp}`)).toHaveLength(1);
  expect(after.assistance.filter((a) => a.detail === `ช่วยเหลือออนไลน์ ${stamp}`)).toHaveLength(1);
  expect(after.problems.find((p) => String(p.id) === problem).status).toBe("resolved");
  await page.goto(`/households/${second}/visit`);
  await expect(page.getByTestId("recent-visit").filter({ hasText: `เยี่ยมออฟไลน์ ${stamp}` })).toHaveCount(1);
  await office.dispose();
});

// The field forms are chunks of their own (loaded when opened). The service worker stores them
// with the main bundle: online they come from the store without a round trip each, and a form
// the officer has never opened (here the visit form) still opens offline.
test("a field form never opened online opens offline from the stored chunks", async ({ page, context }, testInfo) => {
  test.skip(!usesJs(testInfo) || testInfo.project.name !== "phone", "the phone with JavaScript");
  test.setTimeout(120_000);

  await signIn(page, "officer.kantharalak", "/field");
  await hydrated(page, testInfo);
  await page.evaluate(() => navigator.serviceWorker.ready);
  const household = await page.getByTestId("work-item").nth(2).getAttribute("data-household");
  await expect.poll(() => cached(page, `/households/${household}/visit`), { timeout: 60_000 }).toBe(true);
  // Every file of both forms' chunk lists and of the outbox's engine is in the worker's store,
  // and nothing of another page.
  const store = await page.evaluate(async () => {
    const manifest = await (await fetch("/pkg/__wasm_split_manifest.json")).json();
    const wanted = Object.entries(manifest)
      .filter(([split]) => /visit_form_route|assist_form_route|outbox_/.test(split))
      .flatMap(([, parts]) => parts.map((p) => `/pkg/${p}.wasm`));
    const cache = await caches.open("hakpaeng-shell-v1");
    const held = (await cache.keys()).map((r) => new URL(r.url).pathname).filter((p) => /^\/pkg\/(chunk_|split_)/.test(p));
    return { wanted: [...new Set(wanted)].sort(), held: held.sort() };
  });
  expect(store.wanted.length).toBeGreaterThan(1);
  expect(store.wanted.some((p) => p.includes("split_outbox_load"))).toBe(true);
  expect(store.held).toEqual(store.wanted);

  // Online, the stored chunks of the running release are served without a round trip each.
  const fetched = [];
  const watch = (r) => {
    if (r.serviceWorker() && /\/pkg\/(chunk_|split_)/.test(r.url())) fetched.push(r.url());
  };
  context.on("request", watch);
  await page.goto(`/field/households/${household}/assist`);
  await hydrated(page, testInfo);
  context.off("request", watch);
  expect(fetched).toEqual([]);

  await goOffline(context);
  await page.goto(`/households/${household}/visit`);
  await hydrated(page, testInfo);
  await page.getByRole("radio", { name: "ไม่มีคนอยู่บ้าน" }).check();
  await page.getByRole("button", { name: "บันทึกการเยี่ยม" }).click();
  await expect(page.getByTestId("visit-saved")).toContainText("จะส่งเมื่อมีสัญญาณ");
  await page.goto(`/field/households/${household}/assist`);
  await hydrated(page, testInfo);
  await expect(page.getByTestId("assist-save")).toBeVisible();
  await shot(page, testInfo, "39-offline-first-form");
  await goOnline(context);
});
