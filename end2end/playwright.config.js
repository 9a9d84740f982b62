// Browser tests in Debian's Chromium (never a downloaded browser), at phone and desktop
// sizes, hydrated and with JavaScript off. scripts/test starts the server and sets BASE_URL.
const { defineConfig, devices } = require("@playwright/test");

// Requests a service worker makes reach `context.route` (the offline test cuts them off, as
// `setOffline` alone does not reach service workers).
process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS = "1";

const chromium = {
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

const desktop = { viewport: { width: 1366, height: 768 }, launchOptions: chromium };
const phone = {
  viewport: { width: 360, height: 800 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  userAgent: devices["Pixel 5"].userAgent,
  launchOptions: chromium,
};

module.exports = defineConfig({
  testDir: "./tests",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: process.env.BASE_URL || "http://127.0.0.1:3000",
    locale: "th-TH",
    timezoneId: "Asia/Bangkok",
    trace: "off",
  },
  projects: [
    { name: "desktop", use: { ...desktop } },
    { name: "phone", use: { ...phone } },
    { name: "desktop-nojs", use: { ...desktop, javaScriptEnabled: false } },
    { name: "phone-nojs", use: { ...phone, javaScriptEnabled: false } },
  ],
});
