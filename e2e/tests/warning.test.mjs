// Early warning: five consumers complain about one business in a week, the
// association's staff see the surge with those complaints, issue a consumer
// warning (消费警示) from it, the public reads it on a phone, and once staff
// withdraw it the public list no longer holds it. The API makes the accounts
// and files the complaints.

import assert from "node:assert/strict";
import { test } from "node:test";

import { adminToken, associationFor, call, createBusiness, createStaff, fileComplaint, registerConsumer } from "../lib/api.mjs";
import { useBrowser } from "../lib/harness.mjs";
import { APP_TIMEOUT, assertNoSidewaysScroll, heading, signIn, switchLanguage, visit } from "../lib/spa.mjs";

const withPage = useBrowser();

/** Waits until `locator` shows `text`. */
async function expectText(locator, text) {
  await locator.filter({ hasText: text }).first().waitFor({ timeout: APP_TIMEOUT });
}

test("a surge is seen by staff, a consumer warning is published from it and withdrawn", async () => {
  const admin = await adminToken();
  // Jiangsu's association: no other browser test files complaints there.
  const jiangsu = await associationFor("320000");
  const staff = await createStaff(admin, jiangsu.id, { roles: ["intake_officer"], displayName: "预警值班员" });
  const { business } = await createBusiness(admin, { name: `南京某健身会所${Date.now() % 100000}`, regionCode: "320102" });
  const numbers = [];
  for (let i = 0; i < 5; i += 1) {
    const consumer = await registerConsumer();
    const filed = await fileComplaint(consumer.token, {
      business: { id: business.id },
      region_code: "320102",
      category_code: "goods.appliances",
      nature_code: "quality",
      channel: "offline_shop",
      description: `健身会所突然停业，预付的会员卡余额无法退还，第${i + 1}位会员投诉。`,
      demands: ["refund"],
      consent_to_publish: false,
      evidence: [],
    });
    numbers.push(filed.number);
  }
  const body = "该健身会所近期突然停业，多名会员预付卡余额无法退还。请消费者暂停续费，保留合同和付款凭证，及时向协会投诉。";

  await withPage("desktop", async (page) => {
    await signIn(page, staff, { language: "English" });
    await visit(page, "/staff/alerts");
    assert.equal(await heading(page), "Complaint surges");
    const card = page.locator("li.alert").filter({ hasText: business.name });
    await card.waitFor({ timeout: APP_TIMEOUT });
    await expectText(card, "5 complaints this week");
    for (const number of numbers) {
      await expectText(card, number);
    }
    await card.getByRole("button", { name: "Issue a consumer warning" }).click();
    await card.getByLabel("Warning text").fill(body);
    await card.getByRole("button", { name: "Publish the warning" }).click();
    const issued = page.locator("li.warning").filter({ hasText: business.name });
    await issued.waitFor({ timeout: APP_TIMEOUT });
  });

  await withPage("phone", async (page) => {
    await visit(page, "/warnings");
    await switchLanguage(page, "English");
    const warning = page.locator("article.warning").filter({ hasText: body });
    await warning.waitFor({ timeout: APP_TIMEOUT });
    await expectText(warning, business.name);
    await assertNoSidewaysScroll(page);
  });

  await withPage("desktop", async (page) => {
    await signIn(page, staff, { language: "English" });
    await visit(page, "/staff/alerts");
    const issued = page.locator("li.warning").filter({ hasText: business.name });
    await issued.getByRole("button", { name: "Withdraw" }).click();
    await expectText(page.locator("li.warning").filter({ hasText: business.name }), "Withdrawn");
  });

  const listed = await call("GET", `/public/warnings?business_id=${business.id}`);
  assert.deepEqual(listed.items, [], "a withdrawn warning is not public");
});
