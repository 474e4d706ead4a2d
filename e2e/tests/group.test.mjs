// A group complaint (集体投诉) in the portals of the people who handle it:
// five consumers complain about the same fridge fault, intake confirms the
// proposed group and names its mediator, a sixth consumer joins from their
// own case on a phone, the business sends one offer to all, one consumer
// accepts it on their case and another declines and goes to the group's
// mediator. The API is used to make the accounts, file the first five and
// accept the cases, as the other tests do.

import assert from "node:assert/strict";
import { test } from "node:test";

import {
  act,
  adminToken,
  associationFor,
  call,
  createBusiness,
  createStaff,
  fileComplaint,
  registerConsumer,
} from "../lib/api.mjs";
import { useBrowser } from "../lib/harness.mjs";
import { APP_TIMEOUT, assertNoSidewaysScroll, chinaDate, heading, signIn, visit } from "../lib/spa.mjs";

const withPage = useBrowser();

const STORIES = [
  "购买的冰箱使用三天后不制冷，门店拒绝退换，只同意维修。",
  "新买的冰箱不制冷，门店拒绝退换货，只肯维修。",
  "冰箱买回来一周就不制冷了，门店拒绝退换，说只能维修。",
  "冰箱不制冷，联系门店要求退换被拒绝，只给维修。",
  "同款冰箱不制冷，门店拒绝退换，坚持维修处理。",
  "冰箱刚买就不制冷，门店拒绝退换，只答应维修。",
];

/** Waits until `locator` shows `text`. */
async function expectText(locator, text) {
  await locator.filter({ hasText: text }).first().waitFor({ timeout: APP_TIMEOUT });
}

async function complain(consumer, business, story) {
  return fileComplaint(consumer.token, {
    business: { id: business.id },
    region_code: "330106",
    category_code: "goods.appliances",
    nature_code: "quality",
    channel: "offline_shop",
    amount_fen: 329900,
    description: story,
    demands: ["refund"],
    consent_to_publish: false,
    evidence: [],
  });
}

test("a group complaint is confirmed, joined, offered once and answered by each consumer", async () => {
  const admin = await adminToken();
  // Zhejiang's association: its mediators are this test's own, so the cases
  // of the other tests keep going to theirs.
  const zhejiang = await associationFor("330000");
  const intake = await createStaff(admin, zhejiang.id, { roles: ["intake_officer"], displayName: "集体投诉受理员" });
  const mediator = await createStaff(admin, zhejiang.id, { roles: ["mediator"], displayName: "集体投诉调解员" });
  const { business, handler } = await createBusiness(admin, {
    name: `杭州冰箱专卖${Date.now() % 100000}有限公司`,
    regionCode: "330106",
  });
  const consumers = [];
  const complaints = [];
  for (const story of STORIES.slice(0, 5)) {
    const consumer = await registerConsumer();
    consumers.push(consumer);
    complaints.push(await complain(consumer, business, story));
  }

  let groupPath;
  await withPage("desktop", async (page) => {
    await signIn(page, intake, { language: "English" });
    await visit(page, "/staff/groups");
    assert.equal(await heading(page), "Group complaints");
    const proposal = page.locator("li.proposal").filter({ hasText: business.name });
    await proposal.waitFor({ timeout: APP_TIMEOUT });
    for (const complaint of complaints) {
      await expectText(proposal, complaint.number);
    }
    await proposal.getByLabel("Common cause").fill("同一型号冰箱购买后不久不制冷，门店拒绝退换。");
    await proposal.getByRole("button", { name: "Confirm as a group complaint" }).click();
    await page.waitForURL(/\/groups\/[0-9a-f-]{36}$/, { timeout: APP_TIMEOUT });
    groupPath = new URL(page.url()).pathname;
    await expectText(page.locator("main"), "5 complaints in all");

    await page.locator("select#group-mediator").selectOption({ label: mediator.displayName });
    await page.getByRole("button", { name: "Assign to the whole group" }).click();
    // The page reloads the group, which now names the mediator as chosen.
    await page
      .locator("#group-mediator option[selected]", { hasText: mediator.displayName })
      .waitFor({ state: "attached", timeout: APP_TIMEOUT });
  });

  // A sixth consumer with the same fault complains after the group exists.
  const late = await registerConsumer({ displayName: "第六位消费者" });
  const lateComplaint = await complain(late, business, STORIES[5]);

  await withPage("phone", async (page) => {
    await signIn(page, late, { language: "English" });
    await visit(page, `/my/complaints/${lateComplaint.id}`);
    const joinable = page.locator("section").filter({ hasText: "Group complaints against this business" });
    await joinable.waitFor({ timeout: APP_TIMEOUT });
    await assertNoSidewaysScroll(page);
    await joinable.getByRole("button", { name: "Join this group" }).click();
    await expectText(page.locator("main"), "This complaint is part of the group complaint");
  });

  for (const complaint of [...complaints, lateComplaint]) {
    await act(intake.token, complaint.id, { action: "accept" });
  }

  await withPage("desktop", async (page) => {
    await signIn(page, handler, { language: "English" });
    await visit(page, groupPath);
    await expectText(page.locator("main"), "6 complaints in all");
    await page.getByLabel("Terms").fill("更换同型号新机并承担运费");
    await page.getByLabel("Carry out by").fill(chinaDate(new Date().toISOString(), 14));
    await page.getByRole("button", { name: "Send the offer" }).click();
    const result = page.locator("main .notice[role=status]");
    await expectText(result, "Offered to:");
    for (const complaint of [...complaints, lateComplaint]) {
      await expectText(result, complaint.number);
    }
  });

  await withPage("phone", async (page) => {
    await signIn(page, consumers[0], { language: "English" });
    await visit(page, `/my/complaints/${complaints[0].id}`);
    await page.getByRole("button", { name: "Accept the offer" }).click();
    await expectText(page.locator("main"), "Awaiting performance");
  });
  await act(consumers[1].token, complaints[1].id, { action: "decline_offer", reason: "只想退货退款", escalate: true });

  const mediatorId = (await call("GET", "/me", { token: mediator.token })).id;
  const accepted = await call("GET", `/complaints/${complaints[0].id}`, { token: intake.token });
  const declined = await call("GET", `/complaints/${complaints[1].id}`, { token: intake.token });
  assert.equal(accepted.state, "awaiting_performance");
  assert.equal(declined.state, "mediating");
  assert.equal(declined.mediator_id, mediatorId, "the group's mediator takes each case entering mediation");
  assert.equal(accepted.group_id, groupPath.split("/").pop());
});
