// Moving cards on the three boards as people do: a mouse drag on a desktop, a finger on a
// 360×800 phone, the keyboard; the move shows at once and is kept; someone else's move arrives
// live in another browser; a stale card lands where it really is with a message; the stage rule
// sends a card back with its reason. The server keeps its data between projects, so every test
// picks its cards as it finds them.
const { test, expect, signIn, shot, hydrated, usesJs } = require("./helpers");

const OWNERS = "/boards/owners?amphoe=3304";

async function unowned(page) {
  return Number((await page.getByTestId("unowned-count").innerText()).replace(/,/g, ""));
}

async function live(page) {
  await expect(page.getByTestId("live-status")).toHaveAttribute("data-live", "yes");
}

function laneOf(page, card) {
  return page.locator("section.lane", { has: card });
}

/// Drags `handle` with the mouse to the middle of `target`, in small steps as a hand would.
async function mouseDrag(page, handle, target) {
  await handle.scrollIntoViewIfNeeded();
  const from = await handle.boundingBox();
  const to = await target.boundingBox();
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  const end = { x: to.x + to.width / 2, y: to.y + Math.min(60, to.height / 2) };
  await page.mouse.move(end.x, end.y, { steps: 12 });
  await page.mouse.up();
}

/// Drags `handle` with a finger (real touch events through the DevTools protocol) to `x, y`,
/// pausing near the edge so the lanes scroll under it.
async function touchDrag(page, handle, points) {
  await handle.scrollIntoViewIfNeeded();
  const box = await handle.boundingBox();
  const cdp = await page.context().newCDPSession(page);
  const at = (x, y) => [{ x, y, id: 1, radiusX: 8, radiusY: 8, force: 1 }];
  let x = box.x + box.width / 2;
  let y = box.y + box.height / 2;
  await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: at(x, y) });
  for (const p of points) {
    for (let i = 1; i <= 8; i++) {
      await cdp.send("Input.dispatchTouchEvent", {
        type: "touchMove",
        touchPoints: at(x + ((p.x - x) * i) / 8, y + ((p.y - y) * i) / 8),
      });
      await page.waitForTimeout(16);
    }
    x = p.x;
    y = p.y;
    for (let i = 0; i < (p.hold || 0); i++) {
      await cdp.send("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: at(x, y + (i % 2)) });
      await page.waitForTimeout(16);
    }
  }
  await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
  await cdp.detach();
}

test("a mouse drag gives a problem its owner, at once and for good", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "mouse on the desktop");
  await signIn(page, "coordinator", OWNERS);
  await hydrated(page, testInfo);
  await live(page);
  const before = await unowned(page);
  const card = page.locator('section.lane[data-lane="none"] li.board-card').first();
  const problem = await card.getAttribute("data-problem");
  const target = page.locator("section.lane[data-drop]").nth(1);
  const agency = await target.getAttribute("data-drop");
  const targetCount = Number((await target.getByTestId("lane-count").innerText()).replace(/,/g, ""));
  await mouseDrag(page, card.getByTestId("drag-handle"), target);

  const moved = page.locator(`li.board-card[data-problem="${problem}"]`);
  await expect(laneOf(page, moved)).toHaveAttribute("data-drop", agency);
  expect(await unowned(page)).toBe(before - 1);
  await expect(target.getByTestId("lane-count")).toHaveText((targetCount + 1).toLocaleString("en-US"));
  await expect(page.getByTestId("board-notice")).toContainText("ย้ายไปที่");
  await expect(moved).not.toHaveClass(/pending/);
  await shot(page, testInfo, "15-owner-board-dragged");

  // Kept: a fresh page shows the same.
  await page.reload();
  await expect(laneOf(page, page.locator(`li.board-card[data-problem="${problem}"]`))).toHaveAttribute("data-drop", agency);
  expect(await unowned(page)).toBe(before - 1);
});

test("a finger drags a card to the next lane on a phone", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== "phone", "touch on the phone");
  await signIn(page, "coordinator", OWNERS);
  await hydrated(page, testInfo);
  await live(page);
  const before = await unowned(page);
  const card = page.locator('section.lane[data-lane="none"] li.board-card').first();
  const problem = await card.getAttribute("data-problem");
  const handle = card.getByTestId("drag-handle");
  await handle.scrollIntoViewIfNeeded();
  const box = await handle.boundingBox();
  // Along to the right edge (the lanes scroll), then a little back onto the next lane.
  await touchDrag(page, handle, [{ x: 346, y: box.y + 40, hold: 6 }, { x: 300, y: box.y + 60 }]);

  const moved = page.locator(`li.board-card[data-problem="${problem}"]`);
  await expect(laneOf(page, moved)).not.toHaveAttribute("data-drop", "none");
  expect(await unowned(page)).toBe(before - 1);
  await expect(page.getByTestId("board-notice")).toContainText("ย้ายไปที่");
  await shot(page, testInfo, "15-owner-board-touch-dragged");
});

test("the keyboard picks a card up, chooses a lane and drops it", async ({ page }, testInfo) => {
  test.skip(!usesJs(testInfo), "the no-JavaScript path is the move page");
  await signIn(page, "coordinator", OWNERS);
  await hydrated(page, testInfo);
  const before = await unowned(page);
  const card = page.locator('section.lane[data-lane="none"] li.board-card').first();
  const problem = await card.getAttribute("data-problem");
  const second = page.locator("section.lane[data-drop]").nth(1);
  const agency = await second.getAttribute("data-drop");
  const handle = card.getByTestId("drag-handle");
  await handle.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("board-announcement")).toContainText("หยิบ");
  await expect(handle).toHaveAttribute("aria-pressed", "true");
  await page.keyboard.press("ArrowRight");
  await expect(page.getByTestId("board-announcement")).toContainText("เหนือคอลัมน์");
  await expect(second).toHaveClass(/drop-target/);
  await page.keyboard.press("Enter");
  const moved = page.locator(`li.board-card[data-problem="${problem}"]`);
  await expect(laneOf(page, moved)).toHaveAttribute("data-drop", agency);
  expect(await unowned(page)).toBe(before - 1);

  // Escape puts a picked-up card down where it was.
  const nextId = await page.locator('section.lane[data-lane="none"] li.board-card').first().getAttribute("data-problem");
  const next = page.locator(`li.board-card[data-problem="${nextId}"]`);
  await next.getByTestId("drag-handle").focus();
  await page.keyboard.press("Enter");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("board-announcement")).toHaveText("ยกเลิกการย้าย");
  await expect(next.getByTestId("drag-handle")).toHaveAttribute("aria-pressed", "false");
  await expect(laneOf(page, next)).toHaveAttribute("data-drop", "none");
});

test("a long lane loads more cards as asked, its count exact", async ({ page }, testInfo) => {
  test.skip(!usesJs(testInfo), "without JavaScript the lane links to the household list");
  await signIn(page, "coordinator", OWNERS);
  await hydrated(page, testInfo);
  const lane = page.locator('section.lane[data-lane="none"]');
  const total = Number((await lane.getByTestId("lane-count").innerText()).replace(/,/g, ""));
  expect(total).toBeGreaterThan(42);
  await expect(lane.locator("li.board-card")).toHaveCount(12);
  await lane.getByTestId("lane-load").click();
  await expect(lane.locator("li.board-card")).toHaveCount(42);
  await expect(lane.getByTestId("lane-load")).toContainText(`เหลืออีก ${(total - 42).toLocaleString("en-US")}`);
  await expect(lane.getByTestId("lane-count")).toHaveText(total.toLocaleString("en-US"));
});

test("a move made in one browser arrives live in another", async ({ browser, page }, testInfo) => {
  test.skip(testInfo.project.name !== "desktop" && testInfo.project.name !== "phone", "needs JavaScript");
  await signIn(page, "coordinator", OWNERS);
  await hydrated(page, testInfo);
  await live(page);
  const before = await unowned(page);

  const other = await browser.newContext({ baseURL: new URL(page.url()).origin, locale: "th-TH" });
  const otherPage = await other.newPage();
  await signIn(otherPage, "coordinator", OWNERS);
  await otherPage.waitForFunction(() => window.__hakpaeng_hydrated === true);
  const card = otherPage.locator('section.lane[data-lane="none"] li.board-card').first();
  const problem = await card.getAttribute("data-problem");
  const target = await otherPage.locator("section.lane[data-drop]").nth(2).getAttribute("data-drop");
  await card.getByTestId("drag-handle").focus();
  await otherPage.keyboard.press("Enter");
  await otherPage.keyboard.press("ArrowRight");
  await otherPage.keyboard.press("ArrowRight");
  await otherPage.keyboard.press("Enter");
  await expect(otherPage.getByTestId("board-notice")).toContainText("ย้ายไปที่");
  await other.close();

  // The first browser never reloaded: the card and the counts follow.
  const arrived = page.locator(`li.board-card[data-problem="${problem}"]`);
  await expect(laneOf(page, arrived)).toHaveAttribute("data-drop", target, { timeout: 5_000 });
  expect(await unowned(page)).toBe(before - 1);
  await shot(page, testInfo, "16-owner-board-live");
});

test("a card moved first by someone else lands where it is, with a message", async ({ browser, page }, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "drag on the desktop");
  // This browser's live feed is cut, so it cannot hear of the other move.
  await page.route("**/api/v1/boards/events**", (route) => route.abort());
  await signIn(page, "coordinator", OWNERS);
  await hydrated(page, testInfo);
  const card = page.locator('section.lane[data-lane="none"] li.board-card').first();
  const problem = await card.getAttribute("data-problem");
  const lanes = page.locator("section.lane[data-drop]");
  const theirs = await lanes.nth(3).getAttribute("data-drop");

  const other = await browser.newContext({ baseURL: new URL(page.url()).origin, locale: "th-TH" });
  const otherPage = await other.newPage();
  await signIn(otherPage, "coordinator", `/boards/owners/move/${problem}`);
  await otherPage.locator(`button.move-target[value="${theirs}"]`).click();
  await expect(otherPage).toHaveURL(/moved=/);
  await other.close();

  await mouseDrag(page, card.getByTestId("drag-handle"), lanes.nth(1));
  await expect(page.getByTestId("board-notice")).toContainText("ถูกเปลี่ยนโดยผู้อื่น");
  const where = page.locator(`li.board-card[data-problem="${problem}"]`);
  // The card leaves the lane it was dropped on: it stands in the other person's lane (shown
  // there when that lane has it loaded, counted in any case).
  await expect(page.locator(`section.lane[data-drop="${await lanes.nth(1).getAttribute("data-drop")}"] li.board-card[data-problem="${problem}"]`)).toHaveCount(0);
  if (await where.count()) {
    await expect(laneOf(page, where)).toHaveAttribute("data-drop", theirs);
  }
  await shot(page, testInfo, "17-owner-board-conflict");
});

test("the stage board sends a refused card back with the rule's reason", async ({ page }, testInfo) => {
  test.skip(!usesJs(testInfo), "the no-JavaScript path is tested below");
  await signIn(page, "executive", "/boards/stages?amphoe=3304");
  await hydrated(page, testInfo);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("บอร์ดระดับการพัฒนา");
  await live(page);
  // A household not yet assessed with open problems cannot be sustainable.
  const column = page.locator('section.lane[data-drop="none"]');
  const card = column.locator("li.board-card:has(.open-codes)").first();
  const household = await card.getAttribute("data-household");
  await card.getByTestId("drag-handle").focus();
  await page.keyboard.press("Enter");
  for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("board-notice")).toContainText("ยังย้ายไประดับยั่งยืนไม่ได้");
  const back = page.locator(`li.board-card[data-household="${household}"]`);
  await expect(laneOf(page, back)).toHaveAttribute("data-drop", "none");
  await shot(page, testInfo, "18-stage-board-refused");

  // อยู่รอด needs nothing solved: the same card moves there.
  await back.getByTestId("drag-handle").focus();
  await page.keyboard.press("Enter");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("board-notice")).toContainText("ย้ายครัวเรือนไประดับอยู่รอดแล้ว");
  await expect(laneOf(page, page.locator(`li.board-card[data-household="${household}"]`))).toHaveAttribute("data-drop", "survive");
});

test("without JavaScript a stage move goes by the move page, note and all", async ({ page }, testInfo) => {
  test.skip(usesJs(testInfo), "the plain form post");
  await signIn(page, "coordinator", "/boards/stages?amphoe=3304");
  const count = async (key) =>
    Number((await page.locator(`section.lane[data-drop="${key}"]`).getByTestId("lane-count").innerText()).replace(/,/g, ""));
  const [none, survive] = [await count("none"), await count("survive")];
  const card = page.locator('section.lane[data-drop="none"] li.board-card').first();
  const household = await card.getAttribute("data-household");
  await card.getByRole("link", { name: /ย้ายระดับครัวเรือน/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("ย้ายระดับครัวเรือน");
  await page.getByLabel("บันทึกประกอบ (ถ้ามี)").fill("ลงพื้นที่ตรวจเยี่ยมแล้ว");
  await shot(page, testInfo, "19-stage-move");
  await page.getByRole("button", { name: "อยู่รอด" }).click();
  await expect(page).toHaveURL(/\/boards\/stages\?amphoe=3304&moved=/);
  await expect(page.locator(`section.lane[data-drop="none"] li.board-card[data-household="${household}"]`)).toHaveCount(0);
  expect([await count("none"), await count("survive")]).toEqual([none - 1, survive + 1]);
});

test("an agency drags its problem along as the work goes on", async ({ page }, testInfo) => {
  await signIn(page, "agency.health", "/boards/agency");
  await hydrated(page, testInfo);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("บอร์ดงานของหน่วยงาน");
  const open = page.locator('section.lane[data-drop="open"]');
  const doing = page.locator('section.lane[data-drop="in_progress"]');
  const card = open.locator("li.board-card").first();
  const problem = await card.getAttribute("data-problem");
  if (!usesJs(testInfo)) {
    await card.getByRole("link", { name: /ย้ายปัญหา/ }).click();
    await page.getByRole("button", { name: "กำลังดำเนินการ" }).click();
    await expect(page).toHaveURL(/\/boards\/agency.*moved=/);
  } else if (testInfo.project.name === "desktop") {
    await live(page);
    await mouseDrag(page, card.getByTestId("drag-handle"), doing);
    await expect(page.getByTestId("board-notice")).toContainText("เปลี่ยนสถานะเป็น กำลังดำเนินการ แล้ว");
  } else {
    await live(page);
    await card.getByTestId("drag-handle").focus();
    await page.keyboard.press("Enter");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("Enter");
    await expect(page.getByTestId("board-notice")).toContainText("เปลี่ยนสถานะเป็น กำลังดำเนินการ แล้ว");
  }
  await expect(laneOf(page, page.locator(`li.board-card[data-problem="${problem}"]`))).toHaveAttribute("data-drop", "in_progress");
  await shot(page, testInfo, "20-agency-board");
});
