// Household-list imports (upload, preview, commit, bad rows, uncertain matches) and the Excel
// export, with and without JavaScript. The server keeps its data between projects, so every
// assertion holds whichever project runs first.
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");
const { test, expect, signIn, shot, hydrated, usesJs } = require("./helpers");

const SAMPLE = path.join(__dirname, "../../public/templates/hakpaeng-household-sample.csv");
const HEADER =
  "รหัสบ้าน,บ้านเลขที่,หมู่ที่,ชื่อหมู่บ้าน,รหัสตำบล,เลขประจำตัวประชาชน,คำนำหน้า,ชื่อ,นามสกุล,เพศ,วันเกิด,ความสัมพันธ์,ตัวชี้วัดที่ไม่ผ่าน,ละติจูด,ลองจิจูด,รหัสอ้างอิง";

// A synthetic citizen id (starts with 0, never a real person's) with a valid check digit.
function citizenId() {
  const twelve = "0992" + String(Math.floor(Math.random() * 1e8)).padStart(8, "0");
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(twelve[i]) * (13 - i);
  return twelve + String((11 - (sum % 11)) % 10);
}

function randomDigits(n) {
  return String(Math.floor(Math.random() * 10 ** n)).padStart(n, "0");
}

// A CSV file of the template's header and `rows`, written to the test's output folder.
function writeCsv(testInfo, name, rows) {
  const file = testInfo.outputPath(name);
  fs.writeFileSync(file, "\ufeff" + [HEADER, ...rows].join("\n") + "\n");
  return file;
}

// Opens /imports and sends `file` through the upload form (by XMLHttpRequest when hydrated).
async function upload(page, testInfo, file, source = "tpmap", year = "2566") {
  await page.goto("/imports");
  await hydrated(page, testInfo);
  const form = page.getByTestId("upload-form");
  await form.locator('input[type="file"]').setInputFiles(file);
  await form.getByLabel("แหล่งข้อมูล").selectOption(source);
  await form.getByLabel("ปีของบัญชี (พ.ศ.)").fill(year);
  await form.getByRole("button", { name: "ตรวจสอบไฟล์" }).click();
}

async function count(page, testid) {
  return Number((await page.getByTestId(testid).innerText()).replace(/,/g, ""));
}

// Uploads `file` and commits its preview; returns the import's page address.
async function importAndCommit(page, testInfo, file, source) {
  await upload(page, testInfo, file, source);
  await expect(page).toHaveURL(/\/imports\/\d+$/);
  await page.getByRole("button", { name: "บันทึกการนำเข้า" }).click();
  await expect(page.getByTestId("import-committed")).toBeVisible();
  return page.url();
}

test("a coordinator previews the sample list, then commits it", async ({ page }, testInfo) => {
  await signIn(page, "coordinator", "/imports");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("นำเข้าบัญชีครัวเรือน");
  await expect(page.locator("nav.mainnav").getByRole("link", { name: "นำเข้าข้อมูล" })).toBeVisible();
  await expect(page.getByRole("link", { name: "ดาวน์โหลดแม่แบบเปล่า" })).toHaveAttribute(
    "href",
    "/templates/hakpaeng-household-template.csv",
  );
  await expect(page.getByRole("link", { name: "ดาวน์โหลดไฟล์ตัวอย่าง" })).toHaveAttribute(
    "href",
    "/templates/hakpaeng-household-sample.csv",
  );
  await shot(page, testInfo, "08-imports");

  if (usesJs(testInfo)) {
    // Hold the upload's answer a moment: the progress bar shows while the file is on its way.
    await page.route("**/imports/upload", async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 700));
      await route.continue();
    });
  }
  await upload(page, testInfo, SAMPLE, "tpmap", "2566");
  if (usesJs(testInfo)) {
    await expect(page.getByTestId("upload-progress").locator("progress")).toBeVisible();
  }
  await expect(page).toHaveURL(/\/imports\/\d+$/);
  const preview = page.getByTestId("import-preview");
  await expect(preview).toHaveAttribute("data-status", "previewed");
  await expect(preview.getByRole("heading", { level: 1 })).toHaveText("hakpaeng-household-sample.csv");
  await expect(preview).toContainText("TPMAP");
  const sha = crypto.createHash("sha256").update(fs.readFileSync(SAMPLE)).digest("hex");
  await expect(page.getByTestId("checksum")).toHaveText(sha);
  // The first import of the sample makes 3 households; later ones find them unchanged.
  const fresh = await count(page, "count-new");
  expect(fresh + (await count(page, "count-unchanged"))).toBe(3);
  expect(await count(page, "count-rejected")).toBe(0);
  await expect(preview).toContainText("ทุกแถวผ่านการตรวจสอบ");
  if (fresh === 0) {
    await expect(page.getByTestId("already-committed")).toContainText("ไฟล์นี้เคยนำเข้าแล้ว");
    await expect(page.getByTestId("commit-summary")).toContainText("ไม่มีครัวเรือนใหม่");
  } else {
    await expect(page.getByTestId("commit-summary")).toContainText(`จะบันทึกครัวเรือน ${fresh} ครัวเรือน`);
  }
  await shot(page, testInfo, "09-import-preview");

  await page.getByRole("button", { name: "บันทึกการนำเข้า" }).click();
  await expect(page.getByTestId("import-committed")).toContainText("บันทึกการนำเข้าเรียบร้อยแล้ว");
  await expect(preview).toHaveAttribute("data-status", "committed");
  await expect(page.getByRole("button", { name: "บันทึกการนำเข้า" })).toHaveCount(0);
  const id = page.url().match(/\/imports\/(\d+)$/)[1];

  // The history lists it, committed, by the coordinator.
  await page.goto("/imports");
  const row = page.getByTestId("import-history").locator(`tr[data-import="${id}"]`);
  await expect(row).toContainText("hakpaeng-household-sample.csv");
  await expect(row).toContainText("บันทึกแล้ว");
  await expect(row).toContainText("TPMAP");
  await expect(row).toContainText(/25\d\d/); // a Buddhist Era year
  await expect(row.locator("code.checksum")).toHaveText(sha.slice(0, 12));
});

test("a file with bad rows lists each one by its line, and can be discarded", async ({ page }, testInfo) => {
  const good = citizenId();
  const bad = good.slice(0, 12) + String((Number(good[12]) + 1) % 10); // wrong check digit
  const house = `${randomDigits(4)}/7`;
  const name = `bad-rows-${testInfo.project.name}.csv`;
  const file = writeCsv(testInfo, name, [
    `,${house},3,บ้านทดสอบ,330102,${citizenId()},นาย,ทดสอบ,แถวดี,ชาย,01/01/2500,หัวหน้าครัวเรือน,H1,,,`,
    `,${house}1,3,บ้านทดสอบ,330102,${bad},นาง,ทดสอบ,เลขบัตรผิด,หญิง,01/01/2510,หัวหน้าครัวเรือน,L1,,,`,
    `,${house}2,3,บ้านทดสอบ,999999,${citizenId()},นาย,ทดสอบ,ตำบลผิด,ชาย,01/01/2520,หัวหน้าครัวเรือน,I1,,,`,
  ]);
  await signIn(page, "coordinator", "/imports");
  await upload(page, testInfo, file, "local", "2567");
  await expect(page).toHaveURL(/\/imports\/\d+$/);
  expect(await count(page, "count-rejected")).toBe(2);
  const rejected = page.getByTestId("rejected-rows");
  await expect(rejected.locator('tr[data-line="3"]')).toContainText("เลขประจำตัวประชาชน");
  await expect(rejected.locator('tr[data-line="4"]')).toContainText("999999");
  await expect(rejected.locator('tr[data-line="4"]')).toContainText("รหัสตำบล");
  await expect(rejected.locator('tr[data-line="2"]')).toHaveCount(0);
  await expect(page.getByTestId("commit-panel")).toContainText("แถวที่ไม่ผ่านการตรวจสอบ 2 แถว จะไม่ถูกนำเข้า");
  await shot(page, testInfo, "10-import-errors");

  // The rejected rows come back as a CSV to fix.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByTestId("rejected-download").click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/rejected\.csv$/);
  const saved = testInfo.outputPath("rejected.csv");
  await download.saveAs(saved);
  const text = fs.readFileSync(saved, "utf8");
  expect(text).toContain("999999");
  expect(text).toContain(bad);

  await page.getByRole("button", { name: "ยกเลิก", exact: true }).click();
  await expect(page).toHaveURL(/\/imports$/);
  const row = page.getByTestId("import-history").locator("tr", { hasText: name }).first();
  await expect(row).toContainText("ยกเลิกแล้ว");
  // The history keeps the refused rows to download.
  await expect(row.getByRole("link", { name: "แถวที่ไม่นำเข้า (CSV)" })).toHaveAttribute("href", /\/rejected\.csv$/);
});

test("the upload error shows on the upload page", async ({ page }, testInfo) => {
  await signIn(page, "coordinator", "/imports");
  await hydrated(page, testInfo);
  const form = page.getByTestId("upload-form");
  await form.locator('input[type="file"]').setInputFiles({ name: "empty.csv", mimeType: "text/csv", buffer: Buffer.alloc(0) });
  await form.getByRole("button", { name: "ตรวจสอบไฟล์" }).click();
  await expect(page.getByRole("alert")).toContainText("ไฟล์ว่างเปล่า");
  // With JavaScript the message shows in place; without, the form post comes back with it.
  await expect(page).toHaveURL(usesJs(testInfo) ? /\/imports$/ : /\/imports\?error=/);
  await expect(form.getByRole("button", { name: "ตรวจสอบไฟล์" })).toBeEnabled();
});

test("a file with its own headers is imported through the column-mapping step", async ({ page }, testInfo) => {
  const tag = randomDigits(6);
  const code = (n) => `3304${tag}${n}`;
  const name = `own-headers-${tag}.csv`;
  const file = testInfo.outputPath(name);
  fs.writeFileSync(
    file,
    [
      "HH_ID,NAME,SURNAME,TB,หมายเหตุ",
      `${code(1)},บุญมี,ทดสอบ${tag},330401,บ้านไม้`,
      `${code(1)},บุญมา,ทดสอบ${tag},330401,`,
      `${code(2)},สายทอง,ทดสอบ${tag},330401,ติดถนน`,
    ].join("\r\n") + "\r\n",
  );
  await signIn(page, "coordinator", "/imports");
  await upload(page, testInfo, file, "local", "2567");
  await expect(page).toHaveURL(/\/imports\/columns\/[0-9a-f]{64}\?/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("จับคู่คอลัมน์ของไฟล์กับแม่แบบ");
  await expect(page.getByTestId("form-error")).toContainText("ไฟล์ขาดคอลัมน์ที่จำเป็น");
  const form = page.getByTestId("columns-form");
  // Headers the template knows are proposed; the sample values help with the rest.
  await expect(page.getByTestId("column-1")).toHaveValue("first_name");
  await expect(page.getByTestId("column-2")).toHaveValue("last_name");
  await expect(page.getByTestId("column-0")).toHaveValue("ignore");
  await expect(form.locator('tr[data-column="3"]')).toContainText("330401");

  if (usesJs(testInfo)) {
    // Without JavaScript the server checks the choice; with it, the page says at once.
    await page.getByTestId("column-0").selectOption("house_code");
    await page.getByTestId("columns-submit").click();
    await expect(page.getByTestId("form-error")).toContainText("รหัสตำบล");
    await expect(page.getByTestId("column-0")).toHaveValue("house_code");
    await expect(page.getByTestId("columns-problem")).toContainText("รหัสตำบล");
    // The refusal came back as a new page: interactive again once its chunk has loaded.
    await hydrated(page, testInfo);
  } else {
    await page.getByTestId("column-0").selectOption("house_code");
  }
  await page.getByTestId("column-3").selectOption("tambon_code");
  if (usesJs(testInfo)) {
    await expect(page.getByTestId("columns-ready")).toBeVisible();
    await page.locator("details.mapping-file summary").click();
    await expect(page.getByTestId("mapping-toml")).toContainText('"TB" = "tambon_code"');
    await expect(page.getByTestId("mapping-toml")).toContainText('"หมายเหตุ" = "ignore"');
  }
  await shot(page, testInfo, "12-import-columns");
  await page.getByTestId("columns-submit").click();

  await expect(page).toHaveURL(/\/imports\/\d+$/);
  const preview = page.getByTestId("import-preview");
  await expect(preview.getByRole("heading", { level: 1 })).toHaveText(name);
  expect(await count(page, "count-new")).toBe(2);
  expect(await count(page, "count-members")).toBe(3);
  await expect(preview).toContainText("ใช้การจับคู่คอลัมน์ที่กำหนดเอง");
  await expect(page.getByTestId("unused-columns")).toContainText("หมายเหตุ");
  // The mapping can be changed again from the preview.
  await expect(page.getByTestId("change-columns")).toHaveAttribute("href", /replaces=\d+/);
  await page.getByRole("button", { name: "บันทึกการนำเข้า" }).click();
  await expect(page.getByTestId("import-committed")).toBeVisible();
  await page.goto(`/households?q=${encodeURIComponent("ทดสอบ" + tag)}`);
  await expect(page.locator("main")).toContainText(`ทดสอบ${tag}`);
});

test("a household at a known address with another head waits for a decision", async ({ page }, testInfo) => {
  const tag = randomDigits(6);
  const house = `${randomDigits(4)}/9`;
  const row = (head, last, source) =>
    `,${house},5,บ้านทดสอบซ้ำ,330104,${citizenId()},นาย,${head},${last},ชาย,01/01/2505,หัวหน้าครัวเรือน,I1,,,${source}-${tag}`;
  const first = writeCsv(testInfo, `known-${tag}.csv`, [row("มั่นคง", `บ้านเดิม${tag}`, "LOCAL")]);
  const second = writeCsv(testInfo, `other-head-${tag}.csv`, [row("มาใหม่", `ต่างคน${tag}`, "TQM")]);
  await signIn(page, "coordinator", "/imports");
  await importAndCommit(page, testInfo, first, "local");

  await upload(page, testInfo, second, "thaiqm");
  await expect(page).toHaveURL(/\/imports\/\d+$/);
  expect(await count(page, "count-uncertain")).toBe(1);
  await expect(page.getByTestId("commit-panel")).toContainText("จะรอให้ผู้ประสานงานตัดสิน");
  await page.getByRole("button", { name: "บันทึกการนำเข้า" }).click();
  await expect(page.getByTestId("import-committed")).toBeVisible();

  await page.goto("/imports");
  await expect(page.getByTestId("merges-link")).toContainText("รอตรวจสอบ");
  await page.getByTestId("merges-link").click();
  await expect(page).toHaveURL(/\/imports\/merges$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("ตรวจสอบครัวเรือนที่อาจซ้ำ");
  const card = page.locator("li.candidate", { hasText: `ต่างคน${tag}` });
  await expect(card).toContainText(`มั่นคง บ้านเดิม${tag}`);
  await expect(card.getByRole("link", { name: `มั่นคง บ้านเดิม${tag}` })).toHaveAttribute("href", /\/households\/\d+$/);
  await expect(card).toContainText("หัวหน้าครัวเรือนต่างกัน");
  await card.scrollIntoViewIfNeeded();
  await shot(page, testInfo, "11-merges");

  // Desktop merges them; phone keeps them apart. Either way the card leaves the list.
  const answer = testInfo.project.name.startsWith("desktop") ? "รวมเป็นครัวเรือนเดียวกัน" : "แยกเป็นครัวเรือนใหม่";
  await card.getByRole("button", { name: answer }).click();
  await expect(page).toHaveURL(/\/imports\/merges$/);
  await expect(page.locator("li.candidate", { hasText: `ต่างคน${tag}` })).toHaveCount(0);
});

test("an officer has no imports", async ({ page }, testInfo) => {
  await signIn(page, "officer.mueang", "/");
  await expect(page.locator("nav.mainnav").getByRole("link", { name: "ครัวเรือน" })).toBeVisible();
  await expect(page.locator("nav.mainnav").getByRole("link", { name: "นำเข้าข้อมูล" })).toHaveCount(0);
  const response = await page.goto("/imports");
  expect(response.status()).toBe(403);
  await expect(page.locator("main")).toContainText("นอกพื้นที่หรือสิทธิ์");
  await expect(page.getByTestId("upload-form")).toHaveCount(0);
  const merges = await page.goto("/imports/merges");
  expect(merges.status()).toBe(403);
});

test("the household list downloads as Excel with its filter", async ({ page }, testInfo) => {
  await signIn(page, "coordinator", "/households?amphoe=3301");
  await hydrated(page, testInfo);
  const link = page.getByRole("link", { name: "ดาวน์โหลด Excel" });
  await expect(link).toHaveAttribute("href", "/api/v1/exports/households.xlsx?amphoe=3301");
  await expect(page.getByRole("link", { name: "CSV", exact: true })).toHaveAttribute(
    "href",
    "/api/v1/exports/households.csv?amphoe=3301",
  );
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
  const saved = testInfo.outputPath(download.suggestedFilename());
  await download.saveAs(saved);
  expect(fs.statSync(saved).size).toBeGreaterThan(10_000);
  // The page stays where it was.
  await expect(page).toHaveURL(/\/households\?amphoe=3301$/);

  await page.goto("/");
  await expect(page.getByRole("link", { name: "ดาวน์โหลด Excel ทั้งจังหวัด" })).toHaveAttribute(
    "href",
    "/api/v1/exports/households.xlsx",
  );
});
