// The SPA's budgets, measured against a running server (REDRESS_E2E_URL):
//
// (a) initial download: every file the index page loads before the app can
//     start (its stylesheet, the JS module and what it imports, the wasm),
//     each compressed on its own with gzip level 9 (as `gzip -9` does), then
//     summed. Goal: at most 300 KB (1 KB = 1024 bytes).
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

/** Every same-origin file `index.html` names in href/src or imports. */
function referencesInHtml(html) {
  const found = new Set();
  for (const match of html.matchAll(/\b(?:href|src)=["']([^"']+)["']/g)) {
    found.add(match[1]);
  }
  for (const match of html.matchAll(/\bimport\b[^"']*["']([^"']+)["']/g)) {
    found.add(match[1]);
  }
  for (const match of html.matchAll(/module_or_path:\s*["']([^"']+)["']/g)) {
    found.add(match[1]);
  }
  return [...found].filter((ref) => !ref.startsWith("data:") && !/^[a-z]+:\/\//i.test(ref));
}

/** Static imports of a JS module, resolved against its URL. */
function importsInModule(source, moduleUrl) {
  const found = [];
  for (const match of source.matchAll(/\bimport\s*(?:[^"'();]*?\sfrom\s*)?["']([^"']+)["']/g)) {
    found.push(new URL(match[1], moduleUrl).href);
  }
  return found;
}

async function fetchBytes(url) {
  const response = await fetch(url);
  if (!response.ok) {
    throw new Error(`GET ${url} answered ${response.status}`);
  }
  return Buffer.from(await response.arrayBuffer());
}

/** (a): the files, their raw and gzip -9 sizes, and the sums. */
async function initialDownload() {
  const indexUrl = `${baseUrl}/`;
  const html = (await fetchBytes(indexUrl)).toString("utf8");
  const queue = referencesInHtml(html).map((ref) => new URL(ref, indexUrl).href);
  const files = [{ url: indexUrl, bytes: Buffer.from(html) }];
  const seen = new Set([indexUrl]);

  while (queue.length > 0) {
    const url = queue.shift();
    if (seen.has(url)) {
      continue;
    }
    seen.add(url);
    const bytes = await fetchBytes(url);
    files.push({ url, bytes });
    if (url.endsWith(".js")) {
      queue.push(...importsInModule(bytes.toString("utf8"), url));
    }
  }

  const measured = files.map(({ url, bytes }) => ({
    file: new URL(url).pathname,
    bytes: bytes.length,
    gzip9: gzipSync(bytes, { level: 9 }).length,
  }));
  const sum = (key) => measured.reduce((total, file) => total + file[key], 0);
  const gzipKb = sum("gzip9") / 1024;
  return {
    files: measured,
    raw_kb: round(sum("bytes") / 1024),
    gzip9_kb: round(gzipKb),
    budget_kb: DOWNLOAD_BUDGET_KB,
    within_budget: gzipKb <= DOWNLOAD_BUDGET_KB,
  };
}

/** One cold load of `/`: milliseconds from navigation start to interactive. */
async function timeToInteractive(browser) {
  const { context, page } = await openPage(browser, "desktop");
  try {
    await page.goto("/", { waitUntil: "commit" });
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
    const at = await handle.jsonValue();
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
