// The visit-planning map with no tile server (a plain background): clusters drawn on a canvas,
// a click on a cluster zooms in until households stand alone, a household's popup opens its
// quick view, a box selection gives its count and the plan link (a mouse drag on the desktop,
// a finger through real touch events on the phone), and a household without a position is
// placed by a tap. Without JavaScript the page says the map needs it and still lists the
// households without a position.
const { test, expect, signIn, shot, hydrated, usesJs } = require("./helpers");

const MAP = "/map?amphoe=3301";

/** The map's state as the page's script left it. */
async function mapData(page) {
  return page.getByTestId("map").evaluate((el) => ({
    state: el.dataset.state,
    zoom: Number(el.dataset.zoom),
    clusters: el.hakpaengMap.data.clusters,
    households: el.hakpaengMap.data.households,
  }));
}

/** Where a position is on the screen. */
async function screenPoint(page, lat, lon) {
  const box = await page.getByTestId("map").boundingBox();
  const p = await page.getByTestId("map").evaluate((el, at) => {
    const pt = el.hakpaengMap.map.latLngToContainerPoint(at);
    return { x: pt.x, y: pt.y };
  }, [lat, lon]);
  return { x: box.x + p.x, y: box.y + p.y };
}

async function ready(page) {
  await expect(page.getByTestId("map")).toHaveAttribute("data-state", "ready");
}

/** A tap on the phone, a click on the desktop. */
async function press(page, testInfo, at) {
  if (testInfo.project.name.startsWith("phone")) await page.touchscreen.tap(at.x, at.y);
  else await page.mouse.click(at.x, at.y);
}

async function touchDrag(page, from, to) {
  const cdp = await page.context().newCDPSession(page);
  const at = (x, y) => [{ x, y, id: 1, radiusX: 6, radiusY: 6, force: 1 }];
  await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: at(from.x, from.y) });
  for (let i = 1; i <= 10; i++) {
    await cdp.send("Input.dispatchTouchEvent", {
      type: "touchMove",
      touchPoints: at(from.x + ((to.x - from.x) * i) / 10, from.y + ((to.y - from.y) * i) / 10),
    });
    await page.waitForTimeout(16);
  }
  await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
  await cdp.detach();
}

test("clusters on a plain background, zoomed in to a household and its quick view", async ({ page }, testInfo) => {
  test.skip(!usesJs(testInfo), "the map needs JavaScript");
  await signIn(page, "coordinator", MAP);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("แผนที่วางแผนการเยี่ยม");
  await hydrated(page, testInfo);
  await ready(page);
  const map = page.getByTestId("map");
  await expect(map).toHaveClass(/map-plain/);
  expect(Number(await map.getAttribute("data-clusters"))).toBeGreaterThan(0);
  await expect(page.getByTestId("in-view")).toContainText("ครัวเรือน");
  await expect(page.locator(".map-office").first()).toBeVisible();
  await shot(page, testInfo, "60-map-clusters");

  // Colour by dimension: the legend follows.
  await page.getByLabel("มิติปัญหา").check();
  await expect(page.locator(".map-legend")).toContainText("สุขภาพ");
  await page.getByLabel("ระดับขั้น").check();

  // Each click on the biggest cluster in sight zooms to it, until households stand alone.
  await map.scrollIntoViewIfNeeded();
  const viewport = page.viewportSize();
  let data = await mapData(page);
  for (let i = 0; i < 8 && data.households.length === 0; i++) {
    const inSight = [];
    for (const c of data.clusters) {
      const at = await screenPoint(page, c.lat, c.lon);
      if (at.y > 30 && at.y < viewport.height - 30 && at.x > 30 && at.x < viewport.width - 30) inSight.push({ c, at });
    }
    const biggest = inSight.reduce((a, b) => (b.c.count > a.c.count ? b : a));
    await press(page, testInfo, biggest.at);
    await page.waitForFunction(
      (z) => { const el = document.querySelector("[data-testid=map]"); return Number(el.dataset.zoom) !== z && el.dataset.state === "ready"; },
      data.zoom,
    );
    data = await mapData(page);
  }
  expect(data.households.length).toBeGreaterThan(0);
  await shot(page, testInfo, "61-map-households");
  let one = null;
  for (const h of data.households) {
    const at = await screenPoint(page, h.lat, h.lon);
    if (at.y > 30 && at.y < viewport.height - 30 && at.x > 30 && at.x < viewport.width - 30) { one = { ...h, at }; break; }
  }
  expect(one).not.toBeNull();
  await press(page, testInfo, one.at);
  const open = page.locator(".leaflet-popup").getByRole("link", { name: "ดูข้อมูลครัวเรือน" });
  await expect(open).toBeVisible();
  await page.waitForTimeout(400); // the popup's fade-in and the map's pan to show it
  await shot(page, testInfo, "62-map-popup");
  await open.click();
  await expect(page).toHaveURL(new RegExp(`/field/households/${one.id}$`));
});

test("a box selection counts its households and links to a visit plan", async ({ page }, testInfo) => {
  test.skip(!usesJs(testInfo), "the map needs JavaScript");
  await signIn(page, "coordinator", MAP);
  await hydrated(page, testInfo);
  await ready(page);
  await page.getByTestId("box-select").click();
  await page.getByTestId("map").scrollIntoViewIfNeeded();
  await expect(page.getByTestId("box-select")).toHaveAttribute("aria-pressed", "true");
  const box = await page.getByTestId("map").boundingBox();
  const from = { x: box.x + box.width * 0.15, y: box.y + box.height * 0.15 };
  const to = { x: box.x + box.width * 0.85, y: box.y + box.height * 0.85 };
  if (testInfo.project.name.startsWith("phone")) {
    await touchDrag(page, from, to);
  } else {
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(to.x, to.y, { steps: 10 });
    await page.mouse.up();
  }
  const selection = page.getByTestId("selection");
  await expect(selection).toContainText("เลือกแล้ว");
  const n = Number((await page.getByTestId("selected-count").textContent()).replace(/,/g, ""));
  expect(n).toBeGreaterThan(0);
  const link = page.getByTestId("plan-link");
  await expect(link).toHaveText("วางแผนการเยี่ยม");
  const href = await link.getAttribute("href");
  expect(href).toMatch(/^\/plans\/new\?households=\d+(,\d+)*$/);
  expect(href.split("=")[1].split(",").length).toBe(n);
  await selection.scrollIntoViewIfNeeded();
  await shot(page, testInfo, "63-map-box-selection");
});

test("a household without a position is placed by a tap on the map", async ({ page }, testInfo) => {
  await signIn(page, "coordinator", MAP);
  const unplaced = page.getByTestId("unplaced");
  await expect(unplaced).toContainText("ครัวเรือนที่ยังไม่มีพิกัด");
  const total = Number((await page.getByTestId("unplaced-total").textContent()).replace(/,/g, ""));
  expect(total).toBeGreaterThan(0);
  if (!usesJs(testInfo)) {
    await expect(page.getByTestId("map")).toContainText("แผนที่ต้องใช้ JavaScript");
    await shot(page, testInfo, "64-map-nojs");
    return;
  }
  await hydrated(page, testInfo);
  await ready(page);
  const first = unplaced.locator("li").first();
  const name = (await first.locator("strong").textContent()).trim();
  await first.getByTestId("place").click();
  await expect(page.getByTestId("placing")).toContainText(name);
  await page.getByTestId("map").scrollIntoViewIfNeeded();
  const box = await page.getByTestId("map").boundingBox();
  await press(page, testInfo, { x: box.x + box.width * 0.4, y: box.y + box.height * 0.6 });
  await expect(page.getByTestId("map-notice")).toContainText(`บันทึกตำแหน่งแล้ว: ${name}`);
  await expect(page.getByTestId("placing")).toHaveCount(0);
  await expect(page.getByTestId("unplaced-total")).toHaveText(String(total - 1).replace(/\B(?=(\d{3})+(?!\d))/g, ","));
  await shot(page, testInfo, "65-map-placed");
});
