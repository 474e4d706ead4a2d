// Starting Debian's Chromium headless and opening pages in a given viewport.

import { mkdir } from "node:fs/promises";
import path from "node:path";

import { chromium } from "playwright-core";

import { baseUrl, chromiumPath, screenshotDir, viewports } from "./config.mjs";

/** The flags that let Chromium run headless on these machines and in CI. */
const HEADLESS_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Starts Chromium headless. Playwright gives it a throw-away profile folder
 * and removes it on `browser.close()`.
 */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: HEADLESS_FLAGS,
  });
}

/**
 * A fresh context (no cookies, no storage) with one page sized for `device`
 * (`"phone"` or `"desktop"`), its relative URLs resolved against the server.
 */
export async function openPage(browser, device = "desktop") {
  const viewport = viewports[device];
  if (!viewport) {
    throw new Error(`unknown device "${device}": use one of ${Object.keys(viewports).join(", ")}`);
  }
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport,
    deviceScaleFactor: 1,
    isMobile: device === "phone",
    hasTouch: device === "phone",
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
  });
  const page = await context.newPage();
  const problems = watchForProblems(page);
  return { context, page, problems };
}

/** Uncaught errors and console errors of the page, for tests to assert on. */
function watchForProblems(page) {
  const problems = [];
  page.on("pageerror", (error) => problems.push(`uncaught: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") {
      problems.push(`console: ${message.text()}`);
    }
  });
  return problems;
}

/**
 * Saves the page as `<name>-<device>.png` in the screenshot folder and
 * returns the file's path. Names are stable so that the README can link them.
 */
export async function screenshot(page, name, device) {
  await mkdir(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}-${device}.png`);
  await page.screenshot({ path: file, fullPage: true, animations: "disabled" });
  return file;
}
