// The SPA's budgets, measured against a running server (REDRESS_E2E_URL):
//
// (a) initial download: every file the browser fetches from the server
//     (not the API) while it opens `/` and until the page is interactive
//     (see (b)): the index, its stylesheet, the loader's choice of JS module
//     and wasm. Each is compressed on its own with gzip level 9 (as `gzip -9`
//     does), then summed. Goal: at most 300 KB (1 KB = 1024 bytes). The same
//     figure for a portal page (`/file`), which loads the full module, is
//     reported beside it, without a budget.
// (b) time to interactive of the public home page `/` in headless Chromium:
//     from navigation start (performance.timeOrigin) until the app has put a
//     heading into <main> and the first input, link or button in <main>
//     takes keyboard focus. Each run uses a fresh browser context (cold
//     cache); the figure is the median of the runs. Goal: below 1.5 s.
//
// Prints one JSON object; exits 1 when a budget is missed.

import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";

import { launchBrowser, openPage } from "../lib/browser.mjs";
import { baseUrl, workspaceRoot } from "../lib/config.mjs";

const DOWNLOAD_BUDGET_KB = 300;
const INTERACTIVE_BUDGET_MS = 1500;
const runs = Number(process.env.REDRESS_BENCH_RUNS ?? 9);

/** (a) for one page: the files fetched until interactive, raw and gzip -9. */
async function downloadOf(browser, pagePath) {
  const { context, page } = await openPage(browser, "desktop");
  const origin = new URL(baseUrl).origin;
  const bodies = new Map();
  page.on("response", (response) => {
    const url = new URL(response.url());
    if (url.origin === origin && !url.pathname.startsWith("/api/") && !bodies.has(url.pathname)) {
      bodies.set(url.pathname, response.body().catch(() => null));
    }
  });
  try {
    await page.goto(pagePath, { waitUntil: "commit" });
    await untilInteractive(page);
    const measured = [];
    for (const [file, body] of bodies) {
      const bytes = await body;
      if (bytes === null) {
        throw new Error(`the body of ${file} could not be read`);
      }
      measured.push({ file, bytes: bytes.length, gzip9: gzipSync(bytes, { level: 9 }).length });
    }
    const sum = (key) => measured.reduce((total, file) => total + file[key], 0);
    return { page: pagePath, files: measured, raw_kb: round(sum("bytes") / 1024), gzip9_kb: round(sum("gzip9") / 1024) };
  } finally {
    await context.close();
  }
}

/** (a): the public home against the budget, and a portal page beside it. */
async function initialDownload() {
  const browser = await launchBrowser();
  try {
    const home = await downloadOf(browser, "/");
    const portal = await downloadOf(browser, "/file");
    return {
      ...home,
      budget_kb: DOWNLOAD_BUDGET_KB,
      within_budget: home.gzip9_kb <= DOWNLOAD_BUDGET_KB,
      portal_page: portal,
    };
  } finally {
    await browser.close();
  }
}

/** Resolves with `performance.now()` once the page is interactive (see (b)). */
async function untilInteractive(page) {
  const handle = await page.waitForFunction(
    () => {
      const main = document.querySelector("main");
      if (!main?.querySelector("h1")) {
        return false;
      }
      const target = main.querySelector("input, textarea, select, a[href], button");
      if (!target) {
        return false;
      }
      target.focus();
      return document.activeElement === target ? performance.now() : false;
    },
    undefined,
    { polling: "raf", timeout: 30_000 },
  );
  return handle.jsonValue();
}

/** One cold load of `/`: milliseconds from navigation start to interactive. */
async function timeToInteractive(browser) {
  const { context, page } = await openPage(browser, "desktop");
  try {
    await page.goto("/", { waitUntil: "commit" });
    const at = await untilInteractive(page);
    return { ms: at, path: new URL(page.url()).pathname };
  } finally {
    await context.close();
  }
}

async function interactive() {
  const browser = await launchBrowser();
  try {
    // One load first to start the browser's processes; not counted.
    await timeToInteractive(browser);
    const samples = [];
    let path;
    for (let run = 0; run < runs; run += 1) {
      const sample = await timeToInteractive(browser);
      samples.push(sample.ms);
      path = sample.path;
    }
    const sorted = [...samples].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    return {
      runs,
      median_ms: round(median),
      min_ms: round(sorted[0]),
      max_ms: round(sorted[sorted.length - 1]),
      samples_ms: samples.map(round),
      ended_on: path,
      budget_ms: INTERACTIVE_BUDGET_MS,
      within_budget: median < INTERACTIVE_BUDGET_MS,
    };
  } finally {
    await browser.close();
  }
}

function round(value) {
  return Math.round(value * 10) / 10;
}

const report = {
  url: baseUrl,
  download: await initialDownload(),
  interactive: await interactive(),
};
const out = path.join(workspaceRoot, "target", "e2e", "bench-spa.json");
await mkdir(path.dirname(out), { recursive: true });
await writeFile(out, `${JSON.stringify(report, null, 2)}\n`);
console.log(JSON.stringify(report, null, 2));
process.exit(report.download.within_budget && report.interactive.within_budget ? 0 : 1);
