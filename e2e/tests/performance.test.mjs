// The public page of an association's performance: choosing an association
// puts it in the address, and its figures, handling times and deadlines show.

import assert from "node:assert/strict";
import { test } from "node:test";

import { associationFor } from "../lib/api.mjs";
import { useBrowser } from "../lib/harness.mjs";
import { APP_TIMEOUT, switchLanguage, visit } from "../lib/spa.mjs";

const withPage = useBrowser();

test("choosing an association shows how it handles its complaints", async () => {
  const guangdong = await associationFor("440000");

  await withPage("phone", async (page) => {
    await visit(page, "/performance");
    await switchLanguage(page, "English");
    await page.getByLabel("Consumer association").selectOption(guangdong.id);

    await page.waitForURL((url) => url.search === `?association=${guangdong.id}`, { timeout: APP_TIMEOUT });
    await page.locator("main h2", { hasText: guangdong.name }).waitFor({ timeout: APP_TIMEOUT });
    const filed = await page.locator(".figure", { hasText: "Complaints filed" }).locator(".figure-value").innerText();
    assert.match(filed, /^[\d,]+$/, `the count of complaints filed is a number: ${filed}`);
    await page.locator("table caption", { hasText: "Handling times" }).waitFor({ timeout: APP_TIMEOUT });
  });
});
