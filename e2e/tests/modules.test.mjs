// The app comes in two modules (README, "Two modules"): the public pages load
// the small public one, portal pages the full one, and a move from the first
// to the second keeps the visitor signed in. Each module leaves every page but
// the home page to a chunk fetched when the page is first shown.

import assert from "node:assert/strict";
import { test } from "node:test";

import { registerConsumer } from "../lib/api.mjs";
import { useBrowser } from "../lib/harness.mjs";
import { APP_TIMEOUT, heading, logInThroughForm, visit, waitForPath } from "../lib/spa.mjs";

const withPage = useBrowser();

/** The wasm files under /pkg that the page asks the server for, in order. */
function pkgFetches(page) {
  const fetched = [];
  page.on("request", (request) => {
    const path = new URL(request.url()).pathname;
    if (path.startsWith("/pkg/") && path.endsWith(".wasm")) {
      fetched.push(path);
    }
  });
  return fetched;
}

/** The app's modules among `fetched` (not the page chunks), each once. */
function modules(fetched) {
  return [...new Set(fetched.filter((path) => path.endsWith("_bg.wasm")))];
}

const PUBLIC = "/pkg/public/public_bg.wasm";
const PORTALS = "/pkg/portals/portals_bg.wasm";

test("a public page loads only the public module, a portal page only the full one", async () => {
  await withPage("desktop", async (page) => {
    const fetched = pkgFetches(page);

    await visit(page, "/complaints");
    assert.deepEqual(modules(fetched), [PUBLIC]);

    fetched.length = 0;
    await page.goto("/my/complaints", { waitUntil: "domcontentloaded" });
    // Signed out, the full module sends the visitor to sign in.
    await waitForPath(page, "/login");
    await page.locator("input#login").waitFor({ timeout: APP_TIMEOUT });
    assert.deepEqual(modules(fetched), [PORTALS]);
  }, { allowProblems: [/status of 401/] });
});

test("signing in on a public page hands over to the full module, still signed in", async () => {
  const consumer = await registerConsumer({ displayName: "赵女士" });

  await withPage("desktop", async (page) => {
    const fetched = pkgFetches(page);
    await visit(page, "/login");
    assert.deepEqual(modules(fetched), [PUBLIC]);

    await logInThroughForm(page, consumer.login, consumer.password);

    await waitForPath(page, "/me");
    await page.locator("main").getByText("赵女士").waitFor({ timeout: APP_TIMEOUT });
    assert.equal(modules(fetched).at(-1), PORTALS, `fetched: ${fetched.join(", ")}`);
    const mark = await page.evaluate(() => sessionStorage.getItem("redress.full_module_for"));
    assert.equal(mark, null, "the hand-over mark is spent by the load it asked for");

    // Back on a public page, a reload picks the public module again.
    await page.getByRole("navigation").getByRole("link", { name: "投诉公开", exact: true }).first().click();
    await waitForPath(page, "/complaints");
    fetched.length = 0;
    await page.reload({ waitUntil: "domcontentloaded" });
    await page.locator("main h1").first().waitFor({ timeout: APP_TIMEOUT });
    assert.deepEqual(modules(fetched), [PUBLIC]);
  });
});

test("a link from a public page to a portal page opens it with the full module", async () => {
  await withPage("desktop", async (page) => {
    const fetched = pkgFetches(page);
    await visit(page, "/");

    await page.getByRole("link", { name: "注册", exact: true }).first().click();

    await waitForPath(page, "/register");
    await page.locator("main h1").first().waitFor({ timeout: APP_TIMEOUT });
    assert.deepEqual(modules(fetched), [PUBLIC, PORTALS]);
    await page.locator("main form input").first().waitFor({ timeout: APP_TIMEOUT });
  });
});

test("the home page fetches no page chunk; another page's chunk comes when it is opened", async () => {
  await withPage("desktop", async (page) => {
    const fetched = pkgFetches(page);
    await visit(page, "/");
    assert.deepEqual(fetched, [PUBLIC], "the home page needs only the public module");

    await page.getByRole("navigation").getByRole("link", { name: "投诉公开", exact: true }).first().click();

    await waitForPath(page, "/complaints");
    await page.locator("main h1").first().waitFor({ timeout: APP_TIMEOUT });
    const chunks = fetched.filter((path) => path !== PUBLIC);
    assert.ok(
      chunks.some((path) => path.startsWith("/pkg/public/split_")),
      `the complaints page's chunk was not fetched: ${fetched.join(", ")}`,
    );
    assert.equal(fetched.filter((path) => path === PUBLIC).length, 1, "the page was not reloaded");
  });
});

test("a page whose code does not arrive says so, and loading it again brings the page", async () => {
  const chunk = /\/pkg\/public\/split_ComplaintsPage\.wasm$/;
  await withPage("desktop", async (page) => {
    await page.route(chunk, (route) => route.abort());
    await visit(page, "/");

    await page.getByRole("navigation").getByRole("link", { name: "投诉公开", exact: true }).first().click();

    await waitForPath(page, "/complaints");
    assert.equal(await heading(page), "页面未能加载");
    // The app still runs: the header's links work, and the page is tried again.
    await page.getByRole("link", { name: "首页", exact: true }).first().click();
    await waitForPath(page, "/");
    await page.goBack();
    await waitForPath(page, "/complaints");
    assert.equal(await heading(page), "页面未能加载");

    await page.unroute(chunk);
    await page.getByRole("button", { name: "重新加载页面" }).click();
    await page.locator("main h1", { hasText: "投诉公开" }).waitFor({ timeout: APP_TIMEOUT });
  }, { allowProblems: [/split_ComplaintsPage|Failed to fetch|ERR_FAILED|failed to load/i] });
});
