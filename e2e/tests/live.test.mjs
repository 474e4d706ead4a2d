// Open pages follow the server's event stream (`GET /api/v1/events`) without
// a reload: while a consumer has their case page open, a message from the
// business is announced in the header as it arrives; a business's open inbox
// gains a case the association has just accepted; a consumer's open case page
// shows the business's new message. Each page is marked before the change and
// checked afterwards, so a reload would be caught. The API plays the other
// side (filing, accepting, writing), as the other tests do.

import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { test } from "node:test";

import {
  act,
  adminToken,
  associationFor,
  call,
  createBusiness,
  createStaff,
  demoClock,
  fileComplaint,
  registerConsumer,
} from "../lib/api.mjs";
import { useBrowser } from "../lib/harness.mjs";
import { APP_TIMEOUT, chinaDate, signIn, visit } from "../lib/spa.mjs";

const withPage = useBrowser();

/** How long a page may take to show news once its header has announced it. */
const LIVE_GRACE = 8_000;

/** The Guangdong association with an intake officer, and a member business in Shenzhen. */
async function scene() {
  const admin = await adminToken();
  const guangdong = await associationFor("440000");
  const intake = await createStaff(admin, guangdong.id, { roles: ["intake_officer"], displayName: "实时受理员" });
  const { business, handler } = await createBusiness(admin, { regionCode: "440305" });
  const consumer = await registerConsumer({ displayName: "实时测试消费者" });
  return { intake, business, handler, consumer };
}

/** Files a complaint about a kettle as `consumer` against `business`. */
async function complain(consumer, business) {
  return fileComplaint(consumer.token, {
    business: { id: business.id },
    region_code: "440305",
    category_code: "goods.appliances",
    nature_code: "quality",
    channel: "offline_shop",
    amount_fen: 12900,
    description: "在门店买的电水壶用了两天就开始漏水，门店不肯退换，只说可以寄回厂家维修。",
    demands: ["refund"],
    consent_to_publish: false,
    evidence: [],
  });
}

/** The business writes to the consumer on the case. */
async function postMessage(token, complaintId, body) {
  return call("POST", `/complaints/${complaintId}/messages`, {
    token,
    body: { body, internal: false, evidence: [] },
  });
}

/**
 * Opens `path` and waits until its document has the event stream open, so
 * that what happens next reaches it. Then marks the document: a reload
 * would lose the mark.
 */
async function openWatching(page, path) {
  const streamOpen = page.waitForResponse(
    (response) => new URL(response.url()).pathname === "/api/v1/events" && response.status() === 200,
    { timeout: APP_TIMEOUT },
  );
  await Promise.all([streamOpen, visit(page, path)]);
  await page.evaluate(() => {
    window.__liveMark = "before the change";
  });
}

/** Fails when the page was reloaded or left since `openWatching`. */
async function assertNotReloaded(page, path) {
  assert.equal(new URL(page.url()).pathname, path, "the page stayed where it was");
  assert.equal(
    await page.evaluate(() => window.__liveMark),
    "before the change",
    "the page was reloaded (its mark is gone)",
  );
}

/** Waits until the header's news line names complaint `number`. */
async function newsAbout(page, number) {
  const news = page.locator("header .news");
  await news.filter({ hasText: number }).waitFor({ timeout: APP_TIMEOUT });
  return (await news.innerText()).trim();
}

/**
 * Waits for `locator` to show on the open page. When it does not, reloads
 * once to tell the two failures apart: the page did not follow the news,
 * or the thing is not there at all (a broken test).
 */
async function expectLive(page, locator, what) {
  try {
    await locator.first().waitFor({ timeout: LIVE_GRACE });
    return;
  } catch {
    // Fall through to find out why.
  }
  await page.reload({ waitUntil: "domcontentloaded" });
  const afterReload = await locator
    .first()
    .waitFor({ timeout: APP_TIMEOUT })
    .then(() => true, () => false);
  assert.fail(
    afterReload
      ? `${what} did not show on the open page; it shows only after a reload`
      : `${what} did not show, not even after a reload`,
  );
}

test("the header announces a new message on a case while its page is open", async () => {
  const { intake, business, handler, consumer } = await scene();
  const complaint = await complain(consumer, business);
  await act(intake.token, complaint.id, { action: "accept" });
  const path = `/my/complaints/${complaint.id}`;

  await withPage("phone", async (page) => {
    await signIn(page, consumer);
    await openWatching(page, path);
    assert.equal(await page.locator("header .news").innerText(), "", "no news before the message");

    await postMessage(handler.token, complaint.id, "您好，我们已安排上门检查，请保留电水壶。");

    const news = await newsAbout(page, complaint.number);
    assert.match(news, /留言|message/i, `the news is about a message: ${news}`);
    await assertNotReloaded(page, path);
  });
});

test(
  "a business's open inbox gains a case as soon as the association accepts it",
  async () => {
    const { intake, business, handler, consumer } = await scene();
    const path = "/business/inbox";

    await withPage("desktop", async (page) => {
      await signIn(page, handler);
      await openWatching(page, path);
      await page.locator("main p.empty").waitFor({ timeout: APP_TIMEOUT });

      // A member business hears of a case once intake accepts it.
      const complaint = await complain(consumer, business);
      await act(intake.token, complaint.id, { action: "accept" });

      await newsAbout(page, complaint.number);
      const row = page.locator("main .case-list li").filter({ hasText: complaint.number });
      await expectLive(page, row, `the accepted case ${complaint.number}`);
      assert.equal(await page.locator("main p.empty").count(), 0, "the inbox no longer says it is empty");
      await assertNotReloaded(page, path);
    });
  },
);

test(
  "a consumer's open case page shows the business's new message",
  async () => {
    const { intake, business, handler, consumer } = await scene();
    const complaint = await complain(consumer, business);
    await act(intake.token, complaint.id, { action: "accept" });
    const path = `/my/complaints/${complaint.id}`;
    const text = `您好，退款已提交，编号${randomUUID().slice(0, 8)}。`;

    await withPage("phone", async (page) => {
      await signIn(page, consumer);
      await openWatching(page, path);
      await page.locator("main h1").filter({ hasText: business.name }).waitFor({ timeout: APP_TIMEOUT });

      await postMessage(handler.token, complaint.id, text);

      await newsAbout(page, complaint.number);
      await expectLive(page, page.locator("main .messages li").filter({ hasText: text }), "the business's message");
      await assertNotReloaded(page, path);
    });
  },
);

test("a consumer's open case page says an offer came and shows it on request, keeping a message being typed", async () => {
  const { intake, business, handler, consumer } = await scene();
  const complaint = await complain(consumer, business);
  await act(intake.token, complaint.id, { action: "accept" });
  const path = `/my/complaints/${complaint.id}`;
  const typed = "我想先问一下维修需要多久。";
  const due = chinaDate((await demoClock(await adminToken())).now, 7);

  await withPage("phone", async (page) => {
    await signIn(page, consumer);
    await openWatching(page, path);
    const box = page.getByLabel("写留言", { exact: true });
    await box.fill(typed);

    await act(handler.token, complaint.id, {
      action: "make_offer",
      terms: "全额退款并承担退货运费。",
      amount_fen: 12900,
      perform_by: due,
    });

    await newsAbout(page, complaint.number);
    const notice = page.locator("main").getByRole("status").filter({ hasText: "此案件有了新进展" });
    await notice.waitFor({ timeout: APP_TIMEOUT });
    await notice.getByRole("button", { name: "显示最新" }).click();
    await page.locator("main .panel").filter({ hasText: "全额退款并承担退货运费" }).waitFor({ timeout: APP_TIMEOUT });
    assert.equal(await notice.count(), 0, "the notice is gone once the latest is shown");
    assert.equal(await page.getByLabel("写留言", { exact: true }).inputValue(), typed, "the message being typed is kept");
    await assertNotReloaded(page, path);
  });
});

test("a business's open case page says when the case has changed and shows the latest on request", async () => {
  const { intake, business, handler, consumer } = await scene();
  const complaint = await complain(consumer, business);
  await act(intake.token, complaint.id, { action: "accept" });
  const path = `/business/complaints/${complaint.id}`;

  await withPage("desktop", async (page) => {
    await signIn(page, handler);
    await openWatching(page, path);
    const main = page.locator("main");
    await main.getByText("和解中", { exact: true }).first().waitFor({ timeout: APP_TIMEOUT });
    const notice = main.getByRole("status").filter({ hasText: "此案件有了新进展" });
    assert.equal(await notice.count(), 0, "no notice before any news");

    await act(consumer.token, complaint.id, { action: "withdraw", reason: "已与商家线下协商解决。" });

    await notice.waitFor({ timeout: APP_TIMEOUT });
    await assertNotReloaded(page, path);
    await notice.getByRole("button", { name: "显示最新" }).click();

    await main.getByText("已撤回", { exact: true }).first().waitFor({ timeout: APP_TIMEOUT });
    assert.equal(await notice.count(), 0, "the notice is gone once the latest is shown");
    await assertNotReloaded(page, path);
  });
});
