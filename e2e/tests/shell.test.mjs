// The bar at the top of every page, as keyboard users meet it: the link past
// the navigation stays out of sight until it takes focus, and it leads to
// the page's content.

import assert from "node:assert/strict";
import { test } from "node:test";

import { useBrowser } from "../lib/harness.mjs";
import { visit } from "../lib/spa.mjs";

const withPage = useBrowser();

test("the skip link is hidden until the first Tab, then leads to the content", async () => {
  await withPage("phone", async (page) => {
    await visit(page, "/");
    const skip = page.locator("a.skip-link");

    const hidden = await skip.boundingBox();
    assert.ok(hidden && hidden.y + hidden.height <= 0, `the skip link shows before it has focus: ${JSON.stringify(hidden)}`);

    await page.keyboard.press("Tab");
    assert.equal(await skip.evaluate((link) => link === document.activeElement), true, "the first Tab reaches the skip link");
    const shown = await skip.boundingBox();
    assert.ok(shown && shown.y >= 0, `the focused skip link is out of sight: ${JSON.stringify(shown)}`);

    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.activeElement?.id === "main");
    await page.keyboard.press("Tab");
    const next = await page.evaluate(() => document.activeElement?.closest("main") !== null);
    assert.ok(next, "the Tab after the skip link goes on inside the content, not back into the header");
  });
});
