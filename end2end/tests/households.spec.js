// Filter the household list and open a case file, with and without JavaScript.
const { test, expect, signIn, shot, hydrated, usesJs } = require("./helpers");

test("filter the household list and open a case file", async ({ page }, testInfo) => {
  await signIn(page, "coordinator", "/households");
  await hydrated(page, testInfo);
  const count = page.getByTestId("result-count").locator("strong");
  const all = Number((await count.innerText()).replace(/,/g, ""));
  expect(all).toBeGreaterThan(1000);

  // Open the filters on a phone (they fold away), pick a district.
  const details = page.locator("details.filter-details");
  if (!(await details.getAttribute("open"))) {
    await details.locator("summary").click();
  }
  await page.getByLabel("อำเภอ").selectOption("3322");
  if (!usesJs(testInfo)) {
    await page.getByRole("button", { name: "ใช้ตัวกรอง" }).click();
  }
  await expect(page).toHaveURL(/amphoe=3322/);
  await expect(page.locator(".chip-filter")).toContainText(["อ.ศิลาลาด"]);
  const district = Number((await count.innerText()).replace(/,/g, ""));
  expect(district).toBeGreaterThan(0);
  expect(district).toBeLessThan(all);

  await page.getByLabel("สถานะปัญหา").selectOption("pending");
  if (!usesJs(testInfo)) {
    await page.getByRole("button", { name: "ใช้ตัวกรอง" }).click();
  }
  await expect(page).toHaveURL(/status=pending/);
  await expect(page.getByTestId("household-list")).toBeVisible();
  await shot(page, testInfo, "05-households-filtered");

  // Search by name from the first card.
  const first = page.locator(".hh-card .hh-name").first();
  const name = (await first.innerText()).trim();
  await page.getByRole("searchbox").fill(name);
  await page.getByRole("button", { name: "ค้นหา", exact: true }).click();
  await expect(page).toHaveURL(/q=/);
  await expect(page.locator(".hh-card .hh-name", { hasText: name }).first()).toBeVisible();
  expect(Number((await count.innerText()).replace(/,/g, ""))).toBeLessThan(district);

  await page.locator(".hh-card .hh-name", { hasText: name }).first().click();
  await expect(page).toHaveURL(/\/households\/\d+$/);
  const file = page.getByTestId("case-file");
  await expect(file.getByRole("heading", { level: 1 })).toHaveText(name);
  await expect(file.getByRole("heading", { name: "ข้อมูล 5 มิติ" })).toBeVisible();
  await expect(file.locator(".profile")).toHaveCount(5);
  await expect(file.getByRole("heading", { name: "ปัญหาและเจ้าภาพ" })).toBeVisible();
  await expect(page.getByTestId("members-table")).toContainText("x-xxxx-xxxxx-");
  await expect(page.getByTestId("members-table")).not.toContainText(/\d-\d{4}-\d{5}-\d{2}-\d/);
  await expect(file).toContainText("ข้อมูลสาธิต");
  await shot(page, testInfo, "06-case-file");
});

test("an officer cannot open another district's case file", async ({ browser, page }, testInfo) => {
  // A coordinator looks up a household of Kantharalak.
  const coordinator = await browser.newPage();
  await signIn(coordinator, "coordinator", "/households?amphoe=3304");
  const otherId = await coordinator.locator(".hh-card").first().getAttribute("data-household");
  const otherName = (await coordinator.locator(".hh-card .hh-name").first().innerText()).trim();
  await coordinator.close();

  await signIn(page, "officer.mueang", "/households");
  await expect(page.getByTestId("result-count")).toBeVisible();
  const addresses = await page.locator(".hh-address").allInnerTexts();
  expect(addresses.length).toBeGreaterThan(0);
  for (const a of addresses) expect(a).toContain("อ.เมืองศรีสะเกษ");
  await page.goto("/households?amphoe=3304");
  await expect(page.getByTestId("result-count").locator("strong")).toHaveText("0");

  const response = await page.goto(`/households/${otherId}`);
  expect(response.status()).toBe(403);
  await expect(page.locator("main")).toContainText("นอกพื้นที่");
  await expect(page.locator("main")).not.toContainText(otherName);
  await shot(page, testInfo, "07-out-of-scope");
});
