// An enquiry (咨询) from question to published answer, each step in the
// portal of the person who takes it: a consumer asks on a phone, the
// association's staff answer and publish it, the consumer reads the answer,
// and anyone finds it, beside the guidance articles, on the guidance page.
// The API is used only to make the staff account and the consumer.

import assert from "node:assert/strict";
import { test } from "node:test";

import { adminToken, associationFor, createStaff, registerConsumer } from "../lib/api.mjs";
import { useBrowser } from "../lib/harness.mjs";
import { APP_TIMEOUT, assertNoSidewaysScroll, heading, signIn, switchLanguage, visit, waitForPath } from "../lib/spa.mjs";

const withPage = useBrowser();

/** Waits until `locator` shows `text`. */
async function expectText(locator, text) {
  await locator.filter({ hasText: text }).first().waitFor({ timeout: APP_TIMEOUT });
}

test("a consumer's question is answered by staff, published, and found on the guidance page", async () => {
  const admin = await adminToken();
  const zhejiang = await associationFor("330000");
  const staff = await createStaff(admin, zhejiang.id, { roles: ["intake_officer"], displayName: "咨询接待员" });
  const consumer = await registerConsumer({ displayName: "李建国" });
  const marker = `健身卡${Date.now() % 100000}`;
  const question = `我在杭州办的${marker}，门店突然关门了，剩下的钱还能退吗？需要准备哪些材料？`;
  const convertible = `${marker}的门店关门了，店员说会退款，但两周过去了没有任何消息，我想投诉。`;
  const answer = `预付卡经营者停业的，可以要求退还余额；请保留${marker}的办卡合同和付款记录。`;

  await withPage("phone", async (page) => {
    await signIn(page, consumer, { language: "English" });
    await visit(page, "/ask");
    assert.equal(await heading(page), "Ask the association");
    await page.getByLabel("Your question").fill(question);
    await page.getByLabel("Province").selectOption("330000");
    await assertNoSidewaysScroll(page);
    await page.getByRole("button", { name: "Send the question" }).click();
    await expectText(page.locator("main .notice"), "Your question has been sent");

    // A second question, which staff will turn into a complaint.
    await page.getByLabel("Your question").fill(convertible);
    await page.getByRole("button", { name: "Send the question" }).click();
    await expectText(page.locator("main .notice"), "Your question has been sent");
  });

  await withPage("desktop", async (page) => {
    await signIn(page, staff, { language: "English" });
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Enquiries", exact: true }).click();
    await waitForPath(page, "/staff/enquiries");
    const card = page.locator("li.enquiry").filter({ hasText: question });
    await card.getByLabel("Answer", { exact: true }).fill(answer);
    await card.getByRole("button", { name: "Send the answer" }).click();
    await expectText(card, "Answered");
    await card.getByRole("button", { name: "Publish the question and answer" }).click();
    await expectText(card, "Published as a question and answer");
  });

  await withPage("desktop", async (page) => {
    await signIn(page, staff, { language: "English" });
    await visit(page, "/staff/enquiries");
    const card = page.locator("li.enquiry").filter({ hasText: convertible });
    await card.getByRole("button", { name: "Turn into a complaint" }).click();
    const form = card.locator(".convert form");
    await form.getByLabel("Business name").fill(`杭州${marker}健身有限公司`);
    await form.locator("select#category_code").selectOption({ index: 1 });
    await form.locator("select#nature_code").selectOption({ index: 1 });
    await form.locator("select#demands").selectOption("refund");
    await form.getByRole("button", { name: "Create the complaint" }).click();
    await expectText(card, "Turned into a complaint");
    await card.getByRole("link", { name: "See the complaint made from it" }).click();
    await page.waitForURL(/\/staff\/complaints\/[0-9a-f-]{36}$/, { timeout: APP_TIMEOUT });
  });

  await withPage("phone", async (page) => {
    await signIn(page, consumer, { language: "English" });
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My enquiries", exact: true }).click();
    await waitForPath(page, "/my/enquiries");
    await expectText(page.locator("li.enquiry").filter({ hasText: marker }), "办卡合同");
  });

  await withPage("desktop", async (page) => {
    await visit(page, "/guidance");
    await switchLanguage(page, "English");
    await page.getByLabel("Search guidance and answers").fill(marker);
    await page.getByRole("button", { name: "Search" }).click();
    await expectText(page.locator("li.question"), "办卡合同");
    const published = await page.locator("li.question").filter({ hasText: marker }).innerText();
    assert.ok(!published.includes("李建国"), "the published answer names no consumer");
  });
});
