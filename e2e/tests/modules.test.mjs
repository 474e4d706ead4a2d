// The app comes in two modules (README, "Two modules"): the public pages load
// the small public one, portal pages the full one, and a move from the first
// to the second keeps the visitor signed in.

import assert from "node:assert/strict";
import { test } from "node:test";

import { registerConsumer } from "../lib/api.mjs";
import { useBrowser } from "../lib/harness.mjs";
import { APP_TIMEOUT, logInThroughForm, visit, waitForPath } from "../lib/spa.mjs";

const withPage = useBrowser();

/** The wasm modules the page asks the server for, in order. */
function wasmFetches(page) {
  const fetched = [];
  page.on("request", (request) => {
    const path = new URL(request.url()).pathname;
    if (path.endsWith(".wasm")) {
      fetched.push(path);
    }
  });
  return fetched;
}

test("a public page loads only the public module, a portal page only the full one", async () => {
  await withPage("desktop", async (page) => {
    const fetched = wasmFetches(page);

    await visit(page, "/complaints");
    assert.deepEqual([...new Set(fetched)], ["/pkg/public_bg.wasm"]);

    fetched.length = 0;
    await page.goto("/my/complaints", { waitUntil: "domcontentloaded" });
    // Signed out, the full module sends the visitor to sign in.
    await waitForPath(page, "/login");
    await page.locator("input#login").waitFor({ timeout: APP_TIMEOUT });
    assert.deepEqual([...new Set(fetched)], ["/pkg/portals_bg.wasm"]);
  }, { allowProblems: [/status of 401/] });
});

test("signing in on a public page hands over to the full module, still signed in", async () => {
  const consumer = await registerConsumer({ displayName: "赵女士" });

  await withPage("desktop", async (page) => {
    const fetched = wasmFetches(page);
    await visit(page, "/login");
    assert.deepEqual([...new Set(fetched)], ["/pkg/public_bg.wasm"]);

    await logInThroughForm(page, consumer.login, consumer.password);

    await waitForPath(page, "/me");
    await page.locator("main").getByText("赵女士").waitFor({ timeout: APP_TIMEOUT });
    assert.equal(fetched.at(-1), "/pkg/portals_bg.wasm", `fetched: ${fetched.join(", ")}`);
    const mark = await page.evaluate(() => sessionStorage.getItem("redress.full_module_for"));
    assert.equal(mark, null, "the hand-over mark is spent by the load it asked for");

    // Back on a public page, a reload picks the public module again.
    await page.getByRole("navigation").getByRole("link", { name: "投诉公开", exact: true }).first().click();
    await waitForPath(page, "/complaints");
    fetched.length = 0;
    await page.reload({ waitUntil: "domcontentloaded" });
    await page.locator("main h1").first().waitFor({ timeout: APP_TIMEOUT });
    assert.deepEqual([...new Set(fetched)], ["/pkg/public_bg.wasm"]);
  });
});

test("a link from a public page to a portal page opens it with the full module", async () => {
  await withPage("desktop", async (page) => {
    const fetched = wasmFetches(page);
    await visit(page, "/");

    await page.getByRole("link", { name: "注册", exact: true }).first().click();

    await waitForPath(page, "/register");
    await page.locator("main h1").first().waitFor({ timeout: APP_TIMEOUT });
    assert.deepEqual([...new Set(fetched)], ["/pkg/public_bg.wasm", "/pkg/portals_bg.wasm"]);
    await page.locator("main form input").first().waitFor({ timeout: APP_TIMEOUT });
  });
});
