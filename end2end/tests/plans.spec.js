// A coordinator plans a district's visit day: finds the households with open problems of a
// tambon, chooses six and the team, lets Hakpaeng order the route, drags a stop to another
// place (the distance updates and the order stays after a reload), confirms the plan, prints
// it on A4; the officer on the team sees it on their phone's "My work" today. A large
// selection splits into working days saved as drafts. Without JavaScript the plan and its
// print view still read.
const { test, expect, signIn, shot, hydrated, usesJs } = require("./helpers");

/// Today in Thailand as dd/mm/yyyy in the Buddhist Era.
function todayBe() {
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Bangkok", day: "2-digit", month: "2-digit", year: "numeric" })
    .formatToParts(new Date());
  const get = (t) => parts.find((p) => p.type === t).value;
  return `${get("day")}/${get("month")}/${Number(get("year")) + 543}`;
}

function todayIso() {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Bangkok" }).format(new Date());
}

async function stopOrder(page) {
  return page.getByTestId("plan-stop").evaluateAll((rows) => rows.map((r) => r.dataset.household));
}

test("a coordinator plans, reorders, confirms and prints a day; the officer sees it today", async ({ page, browser }, testInfo) => {
  test.skip(!usesJs(testInfo), "the planner needs JavaScript (the plan and print pages are checked without it below)");
  await signIn(page, "coordinator", "/plans/new");
  await hydrated(page, testInfo);
  await expect(page.getByTestId("plan-office")).toContainText("ที่ว่าการอำเภอ");
  await page.getByTestId("plan-tambon").selectOption({ index: 1 });
  await page.getByTestId("plan-search").click();
  await expect(page.getByTestId("planner-notice")).toContainText("พบ");
  await page.getByRole("button", { name: "ไม่เลือก" }).click();
  const boxes = page.locator("[data-testid=candidate]:not(.unplaced) input[type=checkbox]");
  for (let i = 0; i < 6; i++) await boxes.nth(i).check();
  await expect(page.getByTestId("selected-count")).toContainText("เลือกแล้ว 6");
  await page.getByTestId("plan-date").fill(todayBe());
  const officer = page.locator("label.check", { hasText: "พัฒนากร อ.เมืองศรีสะเกษ" }).locator("input");
  await officer.check();
  await shot(page, testInfo, "40-planner");
  await page.getByTestId("plan-day").click();
  await page.waitForURL(/\/plans\/\d+$/);
  const planId = page.url().match(/\/plans\/(\d+)$/)[1];
  await hydrated(page, testInfo);
  await expect(page.getByTestId("plan-stop")).toHaveCount(6);
  await expect(page.getByTestId("route-sketch")).toBeVisible();
  // The map's route: six numbered stops and the office it starts from and returns to.
  await expect(page.locator(".plan-map .map-stop")).toHaveCount(6);
  await expect(page.locator(".plan-map .map-endpoint")).toHaveCount(1);
  await expect(page.getByTestId("plan-status")).toHaveText("ร่าง");
  await expect(page.getByTestId("plan-team")).toContainText("พัฒนากร อ.เมืองศรีสะเกษ");
  const best = await page.getByTestId("plan-distance").textContent();
  await shot(page, testInfo, "41-plan");

  // Move the first stop to third place: by dragging its handle with the mouse on a desktop,
  // with the ▼ button on the phone.
  const before = await stopOrder(page);
  if (testInfo.project.name === "desktop") {
    const handle = page.getByTestId("stop-handle").first();
    const target = page.getByTestId("plan-stop").nth(2);
    const h = await handle.boundingBox();
    const t = await target.boundingBox();
    await page.mouse.move(h.x + h.width / 2, h.y + h.height / 2);
    await page.mouse.down();
    await page.mouse.move(h.x + h.width / 2, t.y + t.height / 2 + 2, { steps: 12 });
    await page.mouse.up();
  } else {
    await page.getByTestId("stop-down").first().click();
    await expect(page.getByTestId("plan-notice")).toContainText("ย้ายจุดแวะแล้ว");
    await page.getByTestId("stop-down").nth(1).click();
  }
  await expect(page.getByTestId("plan-notice")).toContainText("ย้ายจุดแวะแล้ว");
  const expected = [before[1], before[2], before[0], ...before.slice(3)];
  await expect.poll(() => stopOrder(page)).toEqual(expected);
  await expect(page.getByTestId("plan-distance")).not.toHaveText(best);
  await page.reload();
  await hydrated(page, testInfo);
  expect(await stopOrder(page)).toEqual(expected);

  // Confirmed: shared with the team.
  await page.getByTestId("plan-confirm").click();
  await expect(page.getByTestId("plan-status")).toHaveText("ยืนยันแล้ว");
  await shot(page, testInfo, "42-plan-confirmed");

  // The A4 print view.
  await page.getByTestId("plan-print").click();
  await expect(page.getByTestId("print-sheet")).toBeVisible();
  await expect(page.getByTestId("print-stop")).toHaveCount(6);
  await page.emulateMedia({ media: "print" });
  await expect(page.locator(".topbar")).toBeHidden();
  await shot(page, testInfo, "43-plan-print");
  await page.emulateMedia({ media: "screen" });

  // The officer's phone: "My work" opens with today's plan, stops in the planned order.
  const officerContext = await browser.newContext({
    viewport: { width: 360, height: 800 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: "th-TH",
    timezoneId: "Asia/Bangkok",
  });
  const phone = await officerContext.newPage();
  await signIn(phone, "officer.mueang", "/field");
  await expect(phone.getByTestId("today-plans")).toBeVisible();
  const planned = await phone.locator(`.today-plan[data-plan="${planId}"] [data-testid=today-stop]`).evaluateAll((rows) => rows.map((r) => r.dataset.household));
  expect(planned).toEqual(expected);
  await expect(phone.getByTestId("today-navigate").first()).toHaveAttribute("href", /^geo:/);
  await phone.screenshot({ path: require("node:path").join(__dirname, "..", "screenshots", `${testInfo.project.name}-44-officer-today.png`), fullPage: true });
  await officerContext.close();
});

test("a large selection splits into working days saved as drafts", async ({ page }, testInfo) => {
  test.skip(!usesJs(testInfo), "the planner needs JavaScript");
  await signIn(page, "coordinator", "/plans/new");
  await hydrated(page, testInfo);
  await page.getByTestId("plan-tambon").selectOption({ index: 2 });
  await page.getByTestId("plan-search").click();
  await expect(page.getByTestId("planner-notice")).toContainText("พบ");
  // Start at a meeting place typed in (a wrong position is named first), end at another office.
  await page.getByTestId("plan-start").selectOption("custom");
  await page.getByTestId("plan-start-name").fill("ศาลาประชาคมหมู่ 1");
  await page.getByTestId("plan-start-lat").fill("51.5");
  await page.getByTestId("plan-start-lon").fill("104.33");
  await expect(page.getByText("พิกัดอยู่นอกประเทศไทย")).toBeVisible();
  await page.getByTestId("plan-start-lat").fill("15.12");
  await expect(page.getByText("พิกัดอยู่นอกประเทศไทย")).toBeHidden();
  await page.getByTestId("plan-end").selectOption({ label: "ที่ว่าการอำเภอยางชุมน้อย" });
  await page.getByTestId("mode-split").click();
  await page.getByTestId("split-hours").fill("3");
  await page.getByTestId("split-run").click();
  const groups = page.getByTestId("split-group");
  await expect(groups.first()).toBeVisible();
  const n = await groups.count();
  expect(n).toBeGreaterThan(1);
  await expect(page.locator(".split-group.over-limit")).toHaveCount(0);
  await shot(page, testInfo, "45-split");
  await page.getByTestId("save-split").click();
  await page.waitForURL(/\/plans\?amphoe=3301&status=draft/);
  await expect(page.getByTestId("plan-row").first()).toBeVisible();
  expect(await page.getByTestId("plan-row").count()).toBeGreaterThanOrEqual(n);
  await page.getByTestId("plan-row").first().getByRole("link").click();
  await expect(page.locator(".plan-facts")).toContainText("ศาลาประชาคมหมู่ 1");
  await expect(page.locator(".plan-facts")).toContainText("ที่ว่าการอำเภอยางชุมน้อย");
  // On the map the route starts at the meeting place and ends at the other office: two squares.
  await hydrated(page, testInfo);
  await expect(page.locator(".plan-map .map-endpoint")).toHaveCount(2);
  await shot(page, testInfo, "48-split-plan-map");
});

test("a plan and its print view read without JavaScript", async ({ page }, testInfo) => {
  await signIn(page, "coordinator", "/plans");
  // Households with a position in one tambon, through the planner's own search.
  const found = await page.request.post("/api/plan_candidates", { data: { query: { amphoe: "3301", tambon: "330102" } } });
  expect(found.ok()).toBeTruthy();
  const ids = (await found.json()).filter((c) => c.lat !== null).slice(0, 4).map((c) => c.household_id);
  expect(ids.length).toBe(4);
  const created = await page.request.post("/api/v1/plans", {
    data: {
      amphoe_code: "3301",
      visit_date: todayIso(),
      start: { label: "ที่ว่าการอำเภอเมืองศรีสะเกษ", lat: 15.1186, lon: 104.322 },
      household_ids: ids,
    },
  });
  expect(created.status()).toBe(201);
  const plan = await created.json();
  await page.goto(`/plans/${plan.id}`);
  await expect(page.getByTestId("plan-stop")).toHaveCount(4);
  await expect(page.getByTestId("stop-eta").first()).toContainText("ถึง");
  await page.goto(`/plans/${plan.id}/print`);
  await expect(page.getByTestId("print-stop")).toHaveCount(4);
  await page.goto("/plans?amphoe=3301");
  await expect(page.locator(`[data-plan="${plan.id}"]`)).toBeVisible();
  await shot(page, testInfo, "46-plans-list");
});

test("households selected with a box on the map go to the planner", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "the map's box selection on each size is checked in map.spec.js");
  await signIn(page, "coordinator", "/map?amphoe=3301");
  await hydrated(page, testInfo);
  await expect(page.getByTestId("map")).toHaveAttribute("data-state", "ready");
  await page.getByTestId("box-select").click();
  await page.getByTestId("map").scrollIntoViewIfNeeded();
  const box = await page.getByTestId("map").boundingBox();
  await page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.4);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.6, { steps: 10 });
  await page.mouse.up();
  const n = Number((await page.getByTestId("selected-count").textContent()).replace(/\D/g, ""));
  expect(n).toBeGreaterThan(0);
  await page.getByTestId("plan-link").click();
  await page.waitForURL(/\/plans\/new\?households=/);
  await hydrated(page, testInfo);
  await expect(page.getByTestId("selected-count")).toContainText(`เลือกแล้ว ${n} จาก ${n}`);
  await page.getByTestId("mode-split").click();
  await page.getByTestId("split-run").click();
  await expect(page.getByTestId("split-group").first()).toBeVisible();
  await shot(page, testInfo, "47-planner-from-map");
});
