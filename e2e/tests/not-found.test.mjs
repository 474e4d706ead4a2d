// Unknown paths: the server falls back to the app, the app says so.

import assert from "node:assert/strict";
import { test } from "node:test";

import { useBrowser } from "../lib/harness.mjs";
import { heading, switchLanguage, visit, waitForPath } from "../lib/spa.mjs";

const withPage = useBrowser();

test("an unknown deep link is served by the app and shows its not-found page", async () => {
  await withPage("desktop", async (page) => {
    const response = await visit(page, "/no/such/page?x=1");

    assert.equal(response.status(), 200, "history fallback serves index.html");
    assert.equal(await heading(page), "页面不存在");
    await switchLanguage(page, "English");
    assert.equal(await heading(page), "Page not found");

    await page.getByRole("link", { name: "Back to the start page" }).click();
    await waitForPath(page, "/");
    await page.getByRole("heading", { level: 1, name: "Consumer complaints, handled in the open" }).waitFor();
  });
});

test("an unknown API path is a problem+json 404, not the app", async () => {
  await withPage("desktop", async (page) => {
    const response = await page.request.get("/api/v1/no-such-resource");

    assert.equal(response.status(), 404);
    assert.match(response.headers()["content-type"], /application\/problem\+json/);
  });
});
