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
}

/** The text of the page's main heading. */
export async function heading(page) {
  return (await page.locator("main h1").first().innerText()).trim();
}

/** Waits until the path of the page's URL is `path`. */
export async function waitForPath(page, path) {
  await page.waitForURL((url) => url.pathname === path, { timeout: APP_TIMEOUT });
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

/** Fails when the page is wider than its window: no sideways scrolling on phones. */
export async function assertNoSidewaysScroll(page) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  assert.ok(scrollWidth <= innerWidth, `page is ${scrollWidth}px wide in a ${innerWidth}px window`);
}
