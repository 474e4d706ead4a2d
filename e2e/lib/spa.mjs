// Steps through the SPA the way a person does: by labels, roles and
// visible text, never by the app's internal structure.

import assert from "node:assert/strict";

/** How long the app may take to start and answer, in milliseconds. */
export const APP_TIMEOUT = 15_000;

/**
 * Opens `path` and waits until the app has rendered its page into `<main>`
 * (the wasm is loaded and the router has run).
 */
export async function visit(page, path) {
  const response = await page.goto(path, { waitUntil: "domcontentloaded" });
  await appReady(page);
  return response;
}

/** Waits until the app's main region holds a heading. */
export async function appReady(page) {
  await page.locator("main h1").first().waitFor({ state: "visible", timeout: APP_TIMEOUT });
  await pageDrawn(page);
}

/**
 * Waits until the router has drawn the page of the current address: while it
 * fetches a page's code on first use, the last page stays and `<main>` says
 * it is busy.
 */
export async function pageDrawn(page) {
  await page.locator('main:not([aria-busy="true"])').waitFor({ timeout: APP_TIMEOUT });
}

/** The text of the page's main heading. */
export async function heading(page) {
  return (await page.locator("main h1").first().innerText()).trim();
}

/** Waits until the path of the page's URL is `path` and its page is drawn. */
export async function waitForPath(page, path) {
  await page.waitForURL((url) => url.pathname === path, { timeout: APP_TIMEOUT });
  await pageDrawn(page);
}

/** Picks a language with the header's switch; `name` is its own name ("English", "中文"). */
export async function switchLanguage(page, name) {
  const button = page.getByRole("navigation").getByRole("button", { name, exact: true });
  await button.click();
  await page.waitForFunction(
    (pressed) => pressed.getAttribute("aria-pressed") === "true",
    await button.elementHandle(),
    { timeout: APP_TIMEOUT },
  );
}

/** The language tag on `<html lang>`. */
export async function documentLanguage(page) {
  return page.evaluate(() => document.documentElement.lang);
}

/**
 * Fills the login form with `login` and `password` and submits it. The
 * labels are read from the page in whatever language it shows.
 */
export async function logInThroughForm(page, login, password) {
  await page.locator("input#login").fill(login);
  await page.locator("input#password").fill(password);
  await page.locator("main form button[type=submit]").click();
}

/** The error text shown under the input named `field`, and whether it is marked invalid. */
export async function fieldError(page, field) {
  const input = page.locator(`input#${field}`);
  const describedBy = await input.getAttribute("aria-describedby");
  const message = describedBy ? (await page.locator(`#${describedBy}`).innerText()).trim() : "";
  return { message, invalid: (await input.getAttribute("aria-invalid")) === "true" };
}

/**
 * Fails when the page is wider than its window: no sideways scrolling on
 * phones. The window is the size the page was opened with, because a phone
 * widens its layout viewport (`innerWidth`) to fit content that overflows.
 */
export async function assertNoSidewaysScroll(page) {
  const window = page.viewportSize().width;
  const { scrollWidth, layoutWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    layoutWidth: innerWidth,
  }));
  assert.ok(
    Math.max(scrollWidth, layoutWidth) <= window,
    `page is ${Math.max(scrollWidth, layoutWidth)}px wide in a ${window}px window`,
  );
}

/**
 * Signs in through the login form as `account` (`login`, `password`) and
 * waits for the account page to show the account: the login form is in the
 * public module, so `/me` is loaded as a new page with the full one, and the
 * next step must not cut that load short. `language` ("English", "中文") is
 * picked on the login page first; the app remembers it for the visit.
 */
export async function signIn(page, account, { language } = {}) {
  await visit(page, "/login");
  if (language) {
    await switchLanguage(page, language);
  }
  await logInThroughForm(page, account.login, account.password);
  await waitForPath(page, "/me");
  await page.locator("main dl").waitFor({ timeout: APP_TIMEOUT });
}

/**
 * The collapsible part of the page (`<details>`) whose summary reads
 * `title`, opened as a person would, by clicking its summary.
 */
export async function openDisclosure(page, title) {
  const exactly = new RegExp(`^\\s*${title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*$`);
  const details = page.locator("details").filter({ has: page.locator("summary", { hasText: exactly }) });
  await details.waitFor({ timeout: APP_TIMEOUT });
  if (!(await details.evaluate((element) => element.open))) {
    await details.locator("summary").click();
  }
  return details;
}

/** The calendar date in China (UTC+8) `days` after the instant `iso`, as YYYY-MM-DD. */
export function chinaDate(iso, days = 0) {
  const shifted = new Date(Date.parse(iso) + (8 * 3600 + days * 86400) * 1000);
  return shifted.toISOString().slice(0, 10);
}
