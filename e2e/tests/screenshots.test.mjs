// A tour of every portal's main page on a phone and on a desktop: each page
// renders without errors or sideways scrolling, and its screenshot is saved
// (target/e2e/screenshots/<name>-<device>.png).

import { test } from "node:test";

import { registerConsumer } from "../lib/api.mjs";
import { screenshot } from "../lib/browser.mjs";
import { useBrowser } from "../lib/harness.mjs";
import { PORTAL_PAGES } from "../lib/pages.mjs";
import { APP_TIMEOUT, assertNoSidewaysScroll, logInThroughForm, visit, waitForPath } from "../lib/spa.mjs";

const withPage = useBrowser();

/** One account per role a page may need, made on first use. */
const accounts = {
  consumer: () => registerConsumer({ displayName: "李先生" }),
};
const made = new Map();

async function account(role) {
  const make = accounts[role];
  if (!make) {
    throw new Error(`no account for role "${role}"; add one to accounts in this file`);
  }
  if (!made.has(role)) {
    made.set(role, await make());
  }
  return made.get(role);
}

async function signIn(page, role) {
  const { login, password } = await account(role);
  await visit(page, "/login");
  await logInThroughForm(page, login, password);
  await waitForPath(page, "/me");
}

for (const device of ["phone", "desktop"]) {
  for (const portalPage of PORTAL_PAGES) {
    test(`${portalPage.name} on a ${device}`, async () => {
      await withPage(device, async (page) => {
        if (portalPage.as) {
          await signIn(page, portalPage.as);
          // Move inside the app, as a person would; a reload would start a new tab session.
          await page.evaluate((path) => {
            history.pushState(null, "", path);
            dispatchEvent(new PopStateEvent("popstate"));
          }, portalPage.path);
        } else {
          await visit(page, portalPage.path);
        }

        await page.locator(portalPage.ready).first().waitFor({ state: "visible", timeout: APP_TIMEOUT });
        await assertNoSidewaysScroll(page);
        await screenshot(page, portalPage.name, device);
      });
    });
  }
}
