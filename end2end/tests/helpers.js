// Shared steps: signing in, screenshots named by project, hydration state.
const base = require("@playwright/test");
const { expect } = base;

// Every test's page fails on a script error or an error in the browser console (a hydration
// mismatch, a panic in the WebAssembly); HTTP error statuses the test provokes are expected.
const test = base.test.extend({
  page: async ({ page }, use) => {
    const errors = [];
    page.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
    page.on("console", (m) => {
      if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) errors.push(`console: ${m.text()}`);
    });
    await use(page);
    expect(errors, "errors in the browser").toEqual([]);
  },
});
const path = require("node:path");

const PASSWORD = "hakpaeng-demo";

async function signIn(page, username, next) {
  await page.goto(next ? `/login?next=${encodeURIComponent(next)}` : "/login");
  await page.getByLabel("ชื่อผู้ใช้").fill(username);
  await page.getByLabel("รหัสผ่าน").fill(PASSWORD);
  await page.getByRole("button", { name: "เข้าสู่ระบบ" }).click();
  await expect(page.locator("form.signout")).toBeVisible();
}

async function shot(page, testInfo, name) {
  await webFonts(page, testInfo);
  const file = path.join(__dirname, "..", "screenshots", `${testInfo.project.name}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
}

function usesJs(testInfo) {
  return !testInfo.project.name.endsWith("-nojs");
}

/// Waits until the WebAssembly app has hydrated the page (JavaScript projects only).
async function hydrated(page, testInfo) {
  if (!usesJs(testInfo)) return;
  await page.waitForFunction(() => window.__hakpaeng_hydrated === true, null, { timeout: 30_000 });
}

/// Waits until the text is set in Sarabun and its faces are loaded. With JavaScript a page of the
/// app switches to it once hydrated (WEB_FONTS in app/src/app.rs); without, at once.
async function webFonts(page, testInfo) {
  if (usesJs(testInfo)) {
    await page.waitForFunction(
      () => !document.getElementById("site-css") || document.documentElement.classList.contains("web-fonts"),
      null,
      { timeout: 30_000 },
    );
  }
  await page.evaluate(() => document.fonts.ready);
}

module.exports = { test, expect, signIn, shot, usesJs, hydrated, webFonts, PASSWORD };
