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

// A photo goes in 64 KB chunks; when the signal breaks after the first, the next send asks the
// server how far it got and sends only the rest: one photo stored, the outbox settled.
test("a broken photo upload resumes from where the server got to", async ({ page }, testInfo) => {
  test.skip(!usesJs(testInfo) || testInfo.project.name !== "phone", "the phone with JavaScript");
  const CHUNK = 64 * 1024;
  await signIn(page, "officer.mueang", "/households?amphoe=3301");
  await page.locator("a[href^='/households/']").filter({ hasText: /นา|นาย|นาง/ }).first().click();
  await expect(page.getByTestId("case-file")).toBeVisible();
  const household = page.url().match(/\/households\/(\d+)/)[1];
  await page.goto(`/field/households/${household}/assist`);
  await hydrated(page, testInfo);

  // A photo of noise: a few hundred KB even as a JPEG, so several chunks.
  const png = await page.evaluate(async () => {
    const c = document.createElement("canvas");
    c.width = 800;
    c.height = 600;
    const ctx = c.getContext("2d");
    const img = ctx.createImageData(c.width, c.height);
    for (let i = 0; i < img.data.length; i++) img.data[i] = i % 4 === 3 ? 255 : Math.floor(Math.random() * 256);
    ctx.putImageData(img, 0, 0);
    const blob = await new Promise((r) => c.toBlob(r, "image/png"));
    let s = "";
    for (const b of new Uint8Array(await blob.arrayBuffer())) s += String.fromCharCode(b);
    return btoa(s);
  });

  const offsets = [];
  const stored = [];
  let whole = 0;
  page.on("request", (r) => {
    if (r.method() === "PATCH" && r.url().includes("/api/v1/photo_uploads/")) offsets.push(Number(r.headers()["upload-offset"]));
    if (r.method() === "POST" && r.url().endsWith("/api/v1/photos")) whole += 1;
  });
  page.on("response", async (r) => {
    if (r.request().method() === "PATCH" && r.url().includes("/api/v1/photo_uploads/") && r.status() === 201) stored.push(await r.json());
  });
  // The signal breaks on the second chunk.
  let patches = 0;
  const breakSecond = (route) =>
    route.request().method() === "PATCH" && ++patches === 2 ? route.abort("internetdisconnected") : route.continue();
  await page.route("**/api/v1/photo_uploads/*", breakSecond);

  await page.getByTestId("assist-menu").selectOption({ index: 1 });
  await page.getByTestId("assist-detail").fill(`ส่งรูปต่อ ${Date.now()}`);
  await page.getByRole("radio", { name: "กำลังดำเนินการ" }).check();
  await page.getByTestId("photo-after").setInputFiles({ name: "roof.png", mimeType: "image/png", buffer: Buffer.from(png, "base64") });
  await expect(page.getByTestId("thumb")).toHaveCount(1);
  await page.getByTestId("assist-save").click();
  await expect(page.locator("[data-testid=outbox-item][data-kind=assistance]").first()).toHaveAttribute("data-state", "sent");
  await expect.poll(() => patches).toBeGreaterThanOrEqual(2);

  // The signal returns: the next round (within 10 s) goes on from the second chunk.
  await page.unroute("**/api/v1/photo_uploads/*", breakSecond);
  const photoItem = page.locator("[data-testid=outbox-item][data-kind=photo]").first();
  await expect(photoItem).toHaveAttribute("data-state", "sent", { timeout: 30_000 });
  await expect(page.getByTestId("outbox-summary")).toHaveText("ส่งครบทุกรายการแล้ว");
  expect(offsets.length).toBeGreaterThanOrEqual(3);
  expect(offsets.slice(0, 3)).toEqual([0, CHUNK, CHUNK]);
  expect(offsets.filter((o) => o === 0)).toHaveLength(1);
  await expect.poll(() => stored.length).toBe(1);
  expect(whole).toBe(0);
  const photo = stored[0];
  expect(photo.bytes).toBeGreaterThan(CHUNK);
  const served = await page.request.get(photo.url);
  expect(served.status()).toBe(200);
  expect(served.headers()["content-type"]).toBe("image/jpeg");
});
