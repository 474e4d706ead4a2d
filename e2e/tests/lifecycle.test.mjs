// A complaint's whole life, each step taken in the portal of the person who
// takes it: a consumer registers and files with evidence on a phone, the
// association accepts, the business offers, the consumer declines and asks
// for mediation, the mediator records an agreement, the consumer confirms it
// was carried out and rates, and the complaint is published without the
// consumer's phone number or name. The API is used only to make the
// association's staff and the business, which have no sign-up of their own.

import assert from "node:assert/strict";
import { test } from "node:test";

import { adminToken, associationFor, createBusiness, createStaff, demoClock, freshPhone } from "../lib/api.mjs";
import { useBrowser } from "../lib/harness.mjs";
import {
  APP_TIMEOUT,
  assertNoSidewaysScroll,
  chinaDate,
  heading,
  openDisclosure,
  signIn,
  switchLanguage,
  visit,
  waitForPath,
} from "../lib/spa.mjs";

const withPage = useBrowser();

/** A 1 × 1 PNG: a real picture, as the server checks what a file holds. */
const RECEIPT_PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);

/** The consumer's own name; it must never reach the public pages. */
const CONSUMER_NAME = "王晓梅";

/** Runs one step of the story; a failure names the step it happened in. */
async function step(name, body) {
  try {
    return await body();
  } catch (error) {
    error.message = `${name}: ${error.message}`;
    throw error;
  }
}

/** The id of the case in a `/…/complaints/<id>` URL. */
function caseIdIn(url) {
  const match = new URL(url).pathname.match(/\/complaints\/([0-9a-f-]{36})$/);
  assert.ok(match, `no case id in ${url}`);
  return match[1];
}

/** Waits until `locator` shows `text` (the page reloads the case after each step). */
async function expectText(locator, text) {
  await locator.filter({ hasText: text }).first().waitFor({ timeout: APP_TIMEOUT });
}

test("a complaint goes from filing through mediation to a published case without personal details", async () => {
  const admin = await adminToken();
  const guangdong = await associationFor("440000");
  const intake = await createStaff(admin, guangdong.id, { roles: ["intake_officer"], displayName: "受理员" });
  const mediator = await createStaff(admin, guangdong.id, { roles: ["mediator"], displayName: "调解员" });
  const { business, handler } = await createBusiness(admin, { regionCode: "440305" });
  const consumer = { login: freshPhone(), password: "e2e-consumer-2026" };
  const today = (await demoClock(admin)).now;
  const description =
    `我叫${CONSUMER_NAME}，手机号${consumer.login}。上周在门店买的电饭煲用了三天就不能加热，` +
    "店员答应七天内退款，到现在没有任何答复。";
  let caseId;
  let caseNumber;

  await step("the consumer registers and files on a phone", () =>
    withPage("phone", async (page) => {
      await visit(page, "/register");
      await switchLanguage(page, "English");
      await page.getByLabel("Your name").fill(CONSUMER_NAME);
      await page.getByLabel("Mobile number").fill(consumer.login);
      await page.getByLabel("Password").fill(consumer.password);
      await page.getByRole("button", { name: "Register and log in" }).click();
      await waitForPath(page, "/file");

      // 1: the business, found in the registry, and where it happened.
      assert.equal(await heading(page), "File a complaint");
      await page.getByLabel("Find the business").fill(business.name.slice(0, 8));
      await page.getByRole("button", { name: business.name }).click();
      await expectText(page.locator(".chosen"), business.name);
      await page.getByLabel("Province").selectOption("440000");
      await page.getByLabel("City").selectOption("440300");
      await page.getByLabel("District or county").selectOption("440305");
      await assertNoSidewaysScroll(page);
      await page.getByRole("button", { name: "Next" }).click();

      // 2: what was bought.
      await expectText(page.locator("#step-title"), "What did you buy");
      await page.getByLabel("Kind of goods or service").selectOption("goods.appliances");
      await page.getByLabel("Kind of problem").selectOption({ label: "Quality" });
      await page.getByLabel("Where you bought it").selectOption({ label: "In a shop" });
      await page.getByLabel("Date of purchase (optional)").fill(chinaDate(today, -7));
      await page.getByLabel("Amount paid (yuan, optional)").fill("399.00");
      await page.getByRole("button", { name: "Next" }).click();

      // 3: what happened, naming the consumer and her phone number.
      await expectText(page.locator("#step-title"), "What happened?");
      await page.getByLabel("What happened").fill(description);
      await page.getByRole("button", { name: "Next" }).click();

      // 4: demands.
      await expectText(page.locator("#step-title"), "What do you want?");
      await page.getByLabel("Refund").check();
      await page.getByRole("button", { name: "Next" }).click();

      // 5: a photo of the receipt, uploaded at once.
      await expectText(page.locator("#step-title"), "Add evidence");
      await page.locator("input#evidence").setInputFiles({ name: "receipt.png", mimeType: "image/png", buffer: RECEIPT_PNG });
      await expectText(page.locator(".upload.done"), "uploaded");
      await page.getByRole("button", { name: "Next" }).click();

      // 6: the preview shows the text with personal details removed; consent; file.
      await expectText(page.locator("#step-title"), "Check and file");
      const preview = page.locator("blockquote.preview");
      await preview.waitFor({ timeout: APP_TIMEOUT });
      const previewText = await preview.innerText();
      assert.ok(!previewText.includes(consumer.login), `the preview shows the phone number: ${previewText}`);
      assert.ok(!previewText.includes(CONSUMER_NAME), `the preview shows the name: ${previewText}`);
      assert.match(previewText, /【手机号】/);
      assert.match(await page.locator("main dl").innerText(), /Evidence files\s*1/);
      await page.getByLabel(/I agree that this complaint may be published/).check();
      await assertNoSidewaysScroll(page);
      await page.getByRole("button", { name: "File the complaint" }).click();

      await page.waitForURL(/\/my\/complaints\/[0-9a-f-]{36}$/, { timeout: APP_TIMEOUT });
      caseId = caseIdIn(page.url());
      await expectText(page.locator("main .badge"), "Awaiting acceptance");
      await expectText(page.locator("main .upload-name"), "receipt.png");
      const numberLine = await page.locator("main p.muted").filter({ hasText: "Complaint number" }).first().innerText();
      caseNumber = numberLine.replace("Complaint number", "").trim();
      assert.match(caseNumber, /\S+/, "the case page names the complaint's number");
    }),
  );

  await step("the intake officer accepts it from the queue's case page", () =>
    withPage("desktop", async (page) => {
      await signIn(page, intake, { language: "English" });
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Intake queue", exact: true }).click();
      await waitForPath(page, "/staff/intake");
      await page.getByRole("link", { name: caseNumber, exact: true }).click();
      await waitForPath(page, `/staff/complaints/${caseId}`);
      await expectText(page.locator("main .body"), "电饭煲");

      const accept = await openDisclosure(page, "Accept");
      await accept.getByRole("button", { name: "Accept" }).click();
      await expectText(page.locator("main .state"), "Reconciling");
    }),
  );

  await step("the business makes an offer", () =>
    withPage("desktop", async (page) => {
      await signIn(page, handler, { language: "English" });
      await visit(page, "/business/inbox");
      await page.getByRole("link", { name: caseNumber, exact: true }).click();
      await waitForPath(page, `/business/complaints/${caseId}`);

      const offer = await openDisclosure(page, "Make a reconciliation offer");
      await offer.getByLabel("Terms", { exact: true }).fill("退还一半货款，电饭煲可留用。");
      await offer.getByLabel("Amount in yuan (optional)", { exact: true }).fill("199.50");
      await offer.getByLabel("Carry out by", { exact: true }).fill(chinaDate(today, 7));
      await offer.getByRole("button", { name: "Make a reconciliation offer" }).click();
      await expectText(page.locator("main .offer"), "退还一半货款");
    }),
  );

  await step("the consumer declines the offer and asks for mediation", () =>
    withPage("phone", async (page) => {
      await signIn(page, consumer, { language: "English" });
      await visit(page, "/my/complaints");
      await page.getByRole("link", { name: new RegExp(business.name) }).click();
      await waitForPath(page, `/my/complaints/${caseId}`);
      await expectText(page.locator("main .panel"), "退还一半货款");

      const decline = await openDisclosure(page, "Decline the offer");
      await decline.getByLabel("Reason", { exact: true }).fill("只退一半不合理，要求全额退款。");
      await decline.getByLabel("Ask the association to mediate", { exact: true }).check();
      await decline.getByRole("button", { name: "Decline the offer" }).click();
      await expectText(page.locator("main .badge"), "In mediation");
      await assertNoSidewaysScroll(page);
    }),
  );

  await step("the mediator records the agreement", () =>
    withPage("desktop", async (page) => {
      await signIn(page, mediator, { language: "English" });
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Mediation", exact: true }).click();
      await waitForPath(page, "/staff/mediation");
      await page.getByRole("link", { name: caseNumber, exact: true }).click();
      await waitForPath(page, `/staff/complaints/${caseId}`);
      await expectText(page.locator("main .state"), "In mediation");

      const agreement = await openDisclosure(page, "Record the agreement");
      await agreement.getByLabel("Terms", { exact: true }).fill("商户全额退款399元，消费者退回电饭煲。");
      await agreement.getByLabel("Amount in yuan (optional)", { exact: true }).fill("399");
      await agreement.getByLabel("Carry out by", { exact: true }).fill(chinaDate(today, 10));
      await agreement.getByLabel("The consumer agreed to these terms", { exact: true }).check();
      await agreement.getByLabel("The business agreed to these terms", { exact: true }).check();
      await agreement.getByRole("button", { name: "Record the agreement" }).click();
      await expectText(page.locator("main .state"), "Awaiting performance");
      await expectText(page.locator("main .offer"), "商户全额退款");
    }),
  );

  await step("the consumer confirms the refund and rates the handling", () =>
    withPage("phone", async (page) => {
      await signIn(page, consumer, { language: "English" });
      await visit(page, `/my/complaints/${caseId}`);
      await expectText(page.locator("main .panel"), "商户全额退款");

      await page.getByRole("button", { name: "Confirm the business carried it out" }).click();
      await expectText(page.locator("main .badge"), "Resolved");
      await expectText(page.locator("main .panel"), "This complaint has been published.");

      const stars = page.getByRole("radiogroup", { name: "Rate how it was handled" });
      await stars.getByRole("radio", { name: "4★" }).click();
      assert.equal(await stars.getByRole("radio", { name: "4★" }).getAttribute("aria-checked"), "true");
      await page.getByLabel("Comment (optional)", { exact: true }).fill("调解员很耐心。");
      await page.getByRole("button", { name: "Send rating" }).click();
      await expectText(page.locator("main .timeline"), "Rated");
      await stars.waitFor({ state: "detached", timeout: APP_TIMEOUT });
    }),
  );

  await step("the public page shows the case without the consumer's phone number or name", () =>
    withPage("phone", async (page) => {
      await visit(page, `/complaints/${encodeURIComponent(caseNumber)}`);
      await switchLanguage(page, "English");
      await expectText(page.locator("main h1"), business.name);
      await expectText(page.locator("main .badges"), "Resolved");

      const published = await page.locator("main .description").innerText();
      assert.match(published, /【手机号】/, "the phone number is replaced by its placeholder");
      assert.match(published, /电饭煲/, "the rest of the story is kept");
      const whole = await page.locator("body").innerText();
      assert.ok(!whole.includes(consumer.login), "the public page shows the consumer's phone number");
      assert.ok(!whole.includes(CONSUMER_NAME), "the public page shows the consumer's name");
      await assertNoSidewaysScroll(page);
    }),
  );
});
