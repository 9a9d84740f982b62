// Shared steps: signing in, screenshots named by project, hydration state.
const { expect } = require("@playwright/test");
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

module.exports = { signIn, shot, usesJs, hydrated, PASSWORD };
