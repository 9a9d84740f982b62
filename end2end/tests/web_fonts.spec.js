// Sarabun without slowing the first visit: the fonts are fetched once the page answers taps,
// at once under the service worker (they are on the phone) and at once without JavaScript.
const { test, expect, signIn, shot, usesJs, hydrated, webFonts } = require("./helpers");

// When the page hydrated and whether the text font was switched before that (performance.now()).
async function watchHydration(page) {
  await page.addInitScript(() => {
    window.__fontsProbe = { hydratedAt: null, switchedEarly: null };
    addEventListener("hakpaeng:hydrated", () => {
      window.__fontsProbe.hydratedAt = performance.now();
    });
    document.addEventListener("DOMContentLoaded", () => {
      window.__fontsProbe.switchedEarly = document.documentElement.classList.contains("web-fonts");
    });
  });
}

const fontRequests = (page) =>
  page.evaluate(() =>
    performance
      .getEntriesByType("resource")
      .filter((e) => e.name.includes("/fonts/"))
      .map((e) => ({ path: new URL(e.name).pathname, startTime: e.startTime })));

const bodyFont = (page) => page.evaluate(() => getComputedStyle(document.body).fontFamily);

test.describe("before a service worker is installed", () => {
  test.use({ serviceWorkers: "block" });

  test("a first visit fetches the fonts only after the page responds, then sets Thai in Sarabun", async ({ page }, testInfo) => {
    test.skip(!usesJs(testInfo), "with JavaScript (the no-JS case is the next test)");
    await signIn(page, "officer.mueang", "/field");
    await watchHydration(page);
    // As on a first visit: nothing from the browser's caches either.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    await page.goto("/field");
    await hydrated(page, testInfo);
    const probe = await page.evaluate(() => window.__fontsProbe);
    expect(probe.switchedEarly, "no service worker yet: the phone's own font first").toBe(false);
    expect(probe.hydratedAt).not.toBeNull();

    await webFonts(page, testInfo);
    expect(await bodyFont(page)).toMatch(/^"?Sarabun"?,/);
    expect(await page.evaluate(() => document.fonts.check("16px Sarabun", "งานของฉันวันนี้"))).toBe(true);
    const requests = await fontRequests(page);
    expect(requests.map((r) => r.path)).toContain("/fonts/sarabun-thai-400-normal.woff2");
    for (const r of requests) expect(r.startTime, `${r.path} started after hydration`).toBeGreaterThanOrEqual(probe.hydratedAt);
    await shot(page, testInfo, "60-web-fonts-after-hydration");
  });
});

test("under the service worker the fonts come from the phone before the page hydrates", async ({ page }, testInfo) => {
  test.skip(!usesJs(testInfo), "the service worker needs JavaScript");
  await signIn(page, "officer.mueang", "/field");
  await hydrated(page, testInfo);
  await page.evaluate(() => navigator.serviceWorker.ready);
  // The worker stored all six files at install.
  await expect
    .poll(() => page.evaluate(async () => (await (await caches.open("hakpaeng-shell-v1")).keys()).filter((r) => r.url.includes("/fonts/")).length), { timeout: 30_000 })
    .toBe(6);
  await watchHydration(page);
  await page.reload();
  await hydrated(page, testInfo);
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  const probe = await page.evaluate(() => window.__fontsProbe);
  expect(probe.switchedEarly, "switched before the page was parsed to the end").toBe(true);
  await webFonts(page, testInfo);
  expect(await bodyFont(page)).toMatch(/^"?Sarabun"?,/);
});

test("without JavaScript the text is in Sarabun at once", async ({ page }, testInfo) => {
  test.skip(usesJs(testInfo), "the no-JS projects");
  await signIn(page, "officer.mueang", "/field");
  await webFonts(page, testInfo);
  expect(await bodyFont(page)).toMatch(/^"?Sarabun"?,/);
  expect(await page.evaluate(() => document.fonts.check("16px Sarabun", "งานของฉันวันนี้"))).toBe(true);
});
