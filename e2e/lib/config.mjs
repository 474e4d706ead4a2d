// Where the browser tests find the server, the browser and the folder for
// screenshots. `cargo xtask test` and `cargo xtask e2e` set every variable;
// when running `npm test` by hand, start a server first and point
// REDRESS_E2E_URL at it.

import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));

/** The e2e folder itself. */
export const e2eRoot = path.resolve(here, "..");

/** The workspace root, one level up. */
export const workspaceRoot = path.resolve(e2eRoot, "..");

/** The origin the SPA and the API are served from, without a trailing slash. */
export const baseUrl = (process.env.REDRESS_E2E_URL ?? "http://127.0.0.1:8080").replace(/\/+$/, "");

/** The password the server was started with for the platform admin `admin`. */
export const adminPassword = process.env.REDRESS_E2E_ADMIN_PASSWORD ?? "";

/** Debian's Chromium; Playwright never downloads a browser of its own here. */
export const chromiumPath = process.env.REDRESS_E2E_CHROMIUM ?? "/usr/bin/chromium";

/** Where screenshots land; one PNG per page and viewport, with stable names. */
export const screenshotDir = path.resolve(
  process.env.REDRESS_E2E_SCREENSHOTS ?? path.join(workspaceRoot, "target", "e2e", "screenshots"),
);

/** The two window sizes every page is looked at in. */
export const viewports = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1280, height: 800 },
};

/** The API's base URL. */
export function apiUrl(pathname) {
  return `${baseUrl}/api/v1${pathname}`;
}
