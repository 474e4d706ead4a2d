// A tour of every portal's main page on a phone and on a desktop: each page
// renders without errors or sideways scrolling, and its screenshot is saved
// (target/e2e/screenshots/<name>-<device>.png).
//
// So that the pages show what they are for, the tour first sets a scene
// through the API: a consumer's three complaints against one member business
// in Guangdong, one waiting for the intake officer, one being settled with
// the business, and one resolved and published.

import { randomUUID } from "node:crypto";
import { before, test } from "node:test";

import {
  act,
  adminToken,
  associationFor,
  createBusiness,
  createStaff,
  creditCodeFor,
  demoClock,
  fileComplaint,
  registerConsumer,
} from "../lib/api.mjs";
import { adminPassword } from "../lib/config.mjs";
import { screenshot } from "../lib/browser.mjs";
import { useBrowser } from "../lib/harness.mjs";
import { PORTAL_PAGES } from "../lib/pages.mjs";
import { APP_TIMEOUT, assertNoSidewaysScroll, chinaDate, signIn, visit } from "../lib/spa.mjs";

const withPage = useBrowser();

/** The stories of the scene's complaints, in the consumer's words. */
const STORIES = {
  resolved:
    "在门店购买的空气炸锅使用一周后出现异味并冒烟，联系门店要求退货，门店称已过七天无理由期限，只同意维修。" +
    "产品存在安全隐患，要求退货退款。",
  reconciling:
    "网上下单的冰箱送货时外壳有明显凹痕，送货员让先签收再说，之后客服一直推脱，要求更换新机。",
  submitted:
    "办理的健身卡门店突然停业，剩余十个月的会籍费用无人退还，电话无人接听。",
};

/** A complaint of the scene's consumer against its business, through the API. */
function complaintOf(scene, story, { consent = true, amountFen = 59900 } = {}) {
  return fileComplaint(scene.consumer.token, {
    business: { id: scene.business.id },
    region_code: "440305",
    category_code: "goods.appliances",
    nature_code: "quality",
    channel: "offline_shop",
    amount_fen: amountFen,
    description: story,
    demands: ["refund"],
    consent_to_publish: consent,
    evidence: [],
  });
}

/** Makes the scene's accounts and cases once. */
async function makeScene() {
  const admin = await adminToken();
  const guangdong = await associationFor("440000");
  const intake = await createStaff(admin, guangdong.id, { roles: ["intake_officer"], displayName: "陈受理" });
  const { business, handler } = await createBusiness(admin, {
    name: "深圳市南山区好家电器有限公司",
    // Another code each time, so that the tour can run again on the same server.
    creditCode: creditCodeFor(randomUUID()),
    regionCode: "440305",
  });
  const consumer = await registerConsumer({ displayName: "李先生" });
  const scene = { admin, intake, business, handler, consumer };
  const due = chinaDate((await demoClock(admin)).now, 7);

  const resolved = await complaintOf(scene, STORIES.resolved);
  await act(intake.token, resolved.id, { action: "accept" });
  await act(handler.token, resolved.id, {
    action: "make_offer",
    terms: "全额退款599元，上门取回空气炸锅。",
    amount_fen: 59900,
    perform_by: due,
  });
  await act(consumer.token, resolved.id, { action: "accept_offer" });
  await act(consumer.token, resolved.id, { action: "confirm_performance" });

  const reconciling = await complaintOf(scene, STORIES.reconciling, { amountFen: 329900 });
  await act(intake.token, reconciling.id, { action: "accept" });

  await complaintOf(scene, STORIES.submitted, { amountFen: 268000 });
  return scene;
}

let scene;

before(async () => {
  scene = await makeScene();
});

/** The account a page is seen as, from the scene. */
function account(role) {
  const accounts = {
    consumer: scene.consumer,
    business: scene.handler,
    intake: scene.intake,
    admin: { login: "admin", password: adminPassword },
  };
  if (!accounts[role]) {
    throw new Error(`no account for role "${role}"; add one to accounts in this file`);
  }
  return accounts[role];
}

for (const device of ["phone", "desktop"]) {
  for (const portalPage of PORTAL_PAGES) {
    test(`${portalPage.name} on a ${device}`, async () => {
      await withPage(device, async (page) => {
        if (portalPage.as) {
          await signIn(page, account(portalPage.as));
        }
        await visit(page, portalPage.path);

        await page
          .locator(portalPage.ready)
          .first()
          .waitFor({ state: portalPage.state ?? "visible", timeout: APP_TIMEOUT });
        await assertNoSidewaysScroll(page);
        await screenshot(page, portalPage.name, device);
      });
    });
  }
}
