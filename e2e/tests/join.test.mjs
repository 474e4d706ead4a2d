// A business applies to join the platform (入驻) from its portal: a first
// try without a credit code is refused at that field, then the whole form
// with its licence photo and the commitment goes through and shows in the
// list as awaiting review. The API is used only to open the business account
// and, at the end, to read back what was stored.

import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { test } from "node:test";
import { deflateSync } from "node:zlib";

import { call, creditCodeFor, freshPhone, login } from "../lib/api.mjs";
import { useBrowser } from "../lib/harness.mjs";
import { APP_TIMEOUT, assertNoSidewaysScroll, fieldError, heading, signIn, visit } from "../lib/spa.mjs";

const withPage = useBrowser();

/** The refused first try logs the browser's own note about the 422. */
const REFUSED = [/status of 422/];

/** Opens a business account (one without a business yet) and signs it in. */
async function businessAccount() {
  const phone = freshPhone();
  const password = "e2e-applicant-2026";
  await call("POST", "/auth/register/business", {
    body: { phone, password, display_name: "入驻申请人" },
  });
  return { login: phone, password, token: await login(phone, password) };
}

/** A real 2×2 PNG, as a phone camera would hand over a (very small) photo. */
function licencePhoto() {
  const chunk = (type, data) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(2, 0);
  header.writeUInt32BE(2, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  const rows = Buffer.from([0, 200, 30, 30, 255, 255, 255, 0, 255, 255, 255, 200, 30, 30]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(rows)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

function crc32(bytes) {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit += 1) {
      crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
    }
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** Picks `value` in the drop-down `#id` once the server's options are in. */
async function choose(page, id, value) {
  await page.locator(`select#${id} option[value="${value}"]`).waitFor({ state: "attached", timeout: APP_TIMEOUT });
  await page.locator(`select#${id}`).selectOption(value);
}

test("a business account applies to join and sees its application awaiting review", async () => {
  const account = await businessAccount();
  const name = `深圳入驻测试${randomUUID().slice(0, 6)}电器有限公司`;
  const creditCode = creditCodeFor(name);

  await withPage("desktop", async (page) => {
    await signIn(page, account, { language: "English" });
    await visit(page, "/business/join");
    assert.equal(await heading(page), "Joining the platform");
    await page.locator("main").getByText("You have not applied to join yet.").waitFor({ timeout: APP_TIMEOUT });
    await page.locator("main").getByText("We commit to this").waitFor({ timeout: APP_TIMEOUT });

    // Sent with no credit code: the server's word shows at that input.
    await page.getByLabel("Name as on the licence").fill(name);
    await page.getByRole("button", { name: "Submit the application" }).click();
    await page.locator("#credit_code-error").filter({ hasText: /\S/ }).waitFor({ timeout: APP_TIMEOUT });
    const refused = await fieldError(page, "credit_code");
    assert.equal(refused.invalid, true, "the credit code input is marked invalid");
    assert.match(refused.message, /18 characters/);
    assert.equal((await fieldError(page, "licensed_name")).invalid, false, "the name was fine");
    assert.match(await page.locator("#licence_evidence_id-error").innerText(), /Upload a photo or a PDF/);

    // Everything, with the licence uploaded and the commitment accepted.
    await page.getByLabel("Unified social credit code").fill(creditCode);
    await choose(page, "region_code", "440000");
    await choose(page, "region-city", "440300");
    await choose(page, "region-county", "440305");
    await choose(page, "industry_code", "goods.appliances");
    await page.locator("input#licence_evidence_id").setInputFiles({
      name: "营业执照.png",
      mimeType: "image/png",
      buffer: licencePhoto(),
    });
    await page.locator(".upload .notice.ok").filter({ hasText: "营业执照.png" }).waitFor({ timeout: APP_TIMEOUT });
    assert.equal((await fieldError(page, "licence_evidence_id")).invalid, false, "the upload answers the refusal");
    await page.getByLabel("Service phone").fill("400-800-1234");
    await page.getByLabel("Service e-mail").fill("service@example.cn");
    await page.getByLabel("I have read the commitment and accept it for the business.").check();
    await page.getByRole("button", { name: "Submit the application" }).click();

    await page.getByText("Your application has been submitted").waitFor({ timeout: APP_TIMEOUT });
    const listed = page.locator("article.application").filter({ hasText: creditCode });
    await listed.waitFor({ timeout: APP_TIMEOUT });
    assert.equal((await listed.locator(".state").innerText()).trim(), "Awaiting review");
    assert.match(await listed.locator("h3").innerText(), new RegExp(name));
    assert.equal(await page.getByText("You have not applied to join yet.").count(), 0);
    assert.equal(await page.getByLabel("Unified social credit code").inputValue(), "", "the form is empty again");
  }, { allowProblems: REFUSED });

  const [stored] = await call("GET", "/joining-applications/mine", { token: account.token });
  assert.equal(stored.state, "submitted");
  assert.equal(stored.credit_code, creditCode);
  assert.equal(stored.region_code, "440305");
  assert.equal(stored.industry_code, "goods.appliances");
  assert.equal(stored.service_contacts.phone, "400-800-1234");
  assert.equal(stored.commitment_version, "2024-1");
});

test("the application form fits a phone, and its refusals in Chinese stay at their inputs", async () => {
  const account = await businessAccount();

  await withPage("phone", async (page) => {
    await signIn(page, account);
    await visit(page, "/business/join");
    assert.equal(await heading(page), "入驻申请");
    await page.locator("main").getByText("本单位承诺").waitFor({ timeout: APP_TIMEOUT });
    await assertNoSidewaysScroll(page);

    await page.getByRole("button", { name: "提交入驻申请" }).click();
    await page.locator("#credit_code-error").filter({ hasText: /\S/ }).waitFor({ timeout: APP_TIMEOUT });
    assert.match((await fieldError(page, "credit_code")).message, /18 位/);
    assert.match(await page.locator("#commitment_accepted-error").innerText(), /承诺/);
    await assertNoSidewaysScroll(page);
  }, { allowProblems: REFUSED });
});
