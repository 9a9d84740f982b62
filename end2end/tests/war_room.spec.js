// Sign in, see all 22 districts in the WAR Room, follow a figure to the households behind it.
const { test, expect, signIn, shot, hydrated, webFonts } = require("./helpers");

test("a coordinator signs in and sees the WAR Room of all 22 districts", async ({ page }, testInfo) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/login\?error=required/);
  await shot(page, testInfo, "01-login");
  await signIn(page, "coordinator", "/");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("ห้องปฏิบัติการขจัดความยากจน");
  await hydrated(page, testInfo);
  const rows = page.locator("table.warroom tbody tr");
  await expect(rows).toHaveCount(22);
  await expect(page.locator("table.warroom tfoot tr")).toContainText("รวมจังหวัด");
  await expect(page.getByTestId("kpi-households")).toHaveText(/\d/);
  await expect(page.locator("tr[data-amphoe='3304'] th")).toContainText("กันทรลักษ์");
  // Thai renders in Sarabun, not a fallback font.
  await webFonts(page, testInfo);
  const font = await page.evaluate(() => document.fonts.check("16px Sarabun", "ครัวเรือน"));
  expect(font).toBe(true);
  await shot(page, testInfo, "02-war-room");

  // Every figure links to the households behind it.
  const cell = page.locator("tr[data-amphoe='3304'] td.dimcell").nth(1).locator("a").first();
  const figure = (await cell.innerText()).trim();
  await cell.click();
  await expect(page).toHaveURL(/\/households\?amphoe=3304&dimension=living&status=pending/);
  await expect(page.getByTestId("result-count")).toBeVisible();
  await expect(page.locator(".chip-filter")).toHaveCount(3);
  expect(Number(figure.replace(/,/g, ""))).toBeGreaterThan(0);
  await shot(page, testInfo, "03-households-from-war-room");
});

test("an amphoe officer's WAR Room shows only their district", async ({ page }, testInfo) => {
  await signIn(page, "officer.kantharalak");
  await expect(page.locator("table.warroom tbody tr")).toHaveCount(1);
  await expect(page.locator("table.warroom tbody tr")).toContainText("กันทรลักษ์");
});

test("the language switch shows English with Buddhist Era dates", async ({ page }, testInfo) => {
  await signIn(page, "executive");
  await page.getByRole("link", { name: "English" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Poverty-eradication WAR Room");
  await expect(page.locator(".page-head p")).toContainText("BE");
  await shot(page, testInfo, "04-war-room-english");
  await page.getByRole("link", { name: "ภาษาไทย" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("ห้องปฏิบัติการ");
});
