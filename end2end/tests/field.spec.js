// A field officer records a visit on a phone from the case file: the outcome as a big choice,
// a note, the phone's position filled in when allowed; the visit is listed at once. Without
// JavaScript the same plain form works (the position is typed). With JavaScript the visit goes
// through the phone's outbox.
const { test, expect, signIn, shot, hydrated, usesJs } = require("./helpers");

test.use({ geolocation: { latitude: 15.1186, longitude: 104.322 }, permissions: ["geolocation"] });

test("an officer records a visit from the case file", async ({ page }, testInfo) => {
  const js = usesJs(testInfo);
  await signIn(page, "officer.mueang", "/households?amphoe=3301");
  await page.locator("a[href^='/households/']").filter({ hasText: /นา|นาย|นาง/ }).first().click();
  await expect(page.getByTestId("case-file")).toBeVisible();
  await page.getByTestId("record-visit").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("บันทึกการเยี่ยมบ้าน");
  await hydrated(page, testInfo);
  const note = `ลงพื้นที่ ${testInfo.project.name} ${Date.now()}`;
  await page.getByRole("radio", { name: "ไม่มีคนอยู่บ้าน" }).check();
  await page.getByLabel("บันทึก", { exact: true }).fill(note);
  if (js) {
    await expect(page.getByTestId("located")).toContainText("ได้ตำแหน่งจากโทรศัพท์แล้ว");
    await expect(page.getByLabel("ละติจูด")).toHaveValue("15.118600");
  } else {
    await page.getByLabel("ละติจูด").fill("15.1186");
    await page.getByLabel("ลองจิจูด").fill("104.3220");
  }
  await shot(page, testInfo, "21-visit-form");
  await page.getByRole("button", { name: "บันทึกการเยี่ยม" }).click();
  if (js) {
    // Through the phone's outbox: saved, then sent; the list shows it on the next load.
    await expect(page.getByTestId("visit-saved")).toContainText("บันทึกการเยี่ยมแล้ว");
    await expect(page.locator("[data-testid=outbox-item][data-kind=visit]").first()).toHaveAttribute("data-state", "sent");
    await page.reload();
  } else {
    await expect(page.getByTestId("visit-recorded")).toHaveText("บันทึกการเยี่ยมแล้ว");
  }
  const latest = page.getByTestId("recent-visit").first();
  await expect(latest).toContainText("ไม่มีคนอยู่บ้าน");
  await expect(latest).toContainText(note);
  await shot(page, testInfo, "22-visit-recorded");
});
