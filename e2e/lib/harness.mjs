// What every test file shares: one browser per file, a fresh page per test,
// and a check that the page raised no uncaught error.

import assert from "node:assert/strict";
import { after, before } from "node:test";

import { launchBrowser, openPage } from "./browser.mjs";

/**
 * Starts Chromium before the file's tests and stops it after them. Returns a
 * function that opens a fresh page (`"phone"` or `"desktop"`), runs `body`
 * with it, then asserts the page logged no error and closes it.
 */
export function useBrowser() {
  let browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  return async function withPage(device, body, { allowProblems = [] } = {}) {
    const { context, page, problems } = await openPage(browser, device);
    try {
      await body(page);
      const unexpected = problems.filter((problem) => !allowProblems.some((pattern) => pattern.test(problem)));
      assert.deepEqual(unexpected, [], "the page logged errors");
    } finally {
      await context.close();
    }
  };
}
