// The owner board: the number without an owner, lanes per agency, and the "ย้ายไป…" move that
// works with any input and without JavaScript; a move made stale by someone else is refused
// with a message. The server keeps its data between projects, so figures are compared
// before and after, never fixed.
const { test, expect, signIn, shot, hydrated } = require("./helpers");

const BOARD = "/boards/owners?amphoe=3304";

async function unowned(page) {
  return Number((await page.getByTestId("unowned-count").innerText()).replace(/,/g, ""));
}

test("a coordinator gives a problem its owner from the board", async ({ page }, testInfo) => {
  await signIn(page, "coordinator", BOARD);
  await hydrated(page, testInfo);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("บอร์ดเจ้าภาพ");
  await expect(page.locator("nav.mainnav").getByRole("link", { name: "บอร์ดเจ้าภาพ" })).toBeVisible();
  const before = await unowned(page);
  expect(before).toBeGreaterThan(0);
  const lane = page.locator('section.lane[data-lane="none"]');
  await expect(lane.getByTestId("lane-count")).toHaveText(before.toLocaleString("en-US"));
  await shot(page, testInfo, "13-owner-board");

  const card = lane.locator("li.board-card").first();
  const problem = await card.getAttribute("data-problem");
  await card.getByRole("link", { name: /ย้ายปัญหา/ }).click();
  await expect(page).toHaveURL(new RegExp(`/boards/owners/move/${problem}\\?back=`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("ย้ายปัญหาไปยังเจ้าภาพ");
  const current = page.getByRole("button", { name: /ยังไม่มีเจ้าภาพ/ });
  await expect(current).toBeDisabled();
  await shot(page, testInfo, "14-owner-move");
  const target = page.locator("button.move-target:not([disabled])").first();
  const agencyName = (await target.innerText()).split(" · ")[0];
  await target.click();

  await expect(page).toHaveURL(/\/boards\/owners\?amphoe=3304&moved=\d+$/);
  expect(await unowned(page)).toBe(before - 1);
  const moved = page.locator(`li.board-card[data-problem="${problem}"]`);
  await expect(moved).toHaveCount(1);
  await expect(page.locator("section.lane", { has: moved }).locator("h2")).toHaveText(agencyName);
});

test("a coordinator gives several problems one owner at once", async ({ page }, testInfo) => {
  await signIn(page, "coordinator", BOARD);
  await hydrated(page, testInfo);
  const before = await unowned(page);
  const lane = page.locator('section.lane[data-lane="none"]');
  await lane.locator("input.card-pick").nth(0).check();
  await lane.locator("input.card-pick").nth(1).check();
  const bar = page.getByTestId("bulk-form");
  await bar.getByRole("combobox").selectOption({ index: 1 });
  await bar.getByRole("button", { name: "มอบเจ้าภาพ" }).click();
  await expect(page.getByTestId("bulk-done")).toHaveText("มอบเจ้าภาพแล้ว 2 รายการ");
  expect(await unowned(page)).toBe(before - 2);
});

test("a move based on a stale card is refused with a message", async ({ browser, page }, testInfo) => {
  await signIn(page, "coordinator", BOARD);
  const card = page.locator('section.lane[data-lane="none"] li.board-card').first();
  const problem = await card.getAttribute("data-problem");
  await card.getByRole("link", { name: /ย้ายปัญหา/ }).click();
  await expect(page.getByTestId("move-form")).toBeVisible();

  // Someone else moves the same problem first.
  const other = await browser.newContext({
    baseURL: new URL(page.url()).origin,
    locale: "th-TH",
    javaScriptEnabled: testInfo.project.use.javaScriptEnabled !== false,
  });
  const otherPage = await other.newPage();
  await signIn(otherPage, "coordinator", `/boards/owners/move/${problem}`);
  await otherPage.locator("button.move-target:not([disabled])").nth(1).click();
  await expect(otherPage).toHaveURL(/moved=/);
  await other.close();

  await page.locator("button.move-target:not([disabled])").first().click();
  await expect(page.getByTestId("form-error")).toContainText("ถูกย้ายโดยผู้อื่นก่อนแล้ว");
  await expect(page).toHaveURL(/\/boards\/owners\?amphoe=3304&error=/);
});

test("executives read the board; officers neither see nor move it", async ({ page }) => {
  await signIn(page, "executive", BOARD);
  await expect(page.getByTestId("owner-board")).toBeVisible();
  await expect(page.getByRole("link", { name: /ย้ายปัญหา/ })).toHaveCount(0);
  await page.locator("form.signout button").click();
  await signIn(page, "officer.kantharalak", "/");
  await expect(page.locator("nav.mainnav").getByRole("link", { name: "บอร์ดเจ้าภาพ" })).toHaveCount(0);
});
