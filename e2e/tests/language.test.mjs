// zh-CN by default, English on request, and back.

import assert from "node:assert/strict";
import { test } from "node:test";

import { useBrowser } from "../lib/harness.mjs";
import { documentLanguage, heading, switchLanguage, visit } from "../lib/spa.mjs";

const withPage = useBrowser();

test("the app opens in Chinese and switches to English and back", async () => {
  await withPage("phone", async (page) => {
    await visit(page, "/login");
    assert.equal(await documentLanguage(page), "zh-CN");
    assert.equal(await heading(page), "登录");
    assert.equal(await page.locator("label[for=password]").innerText(), "密码");

    await switchLanguage(page, "English");
    assert.equal(await documentLanguage(page), "en");
    assert.equal(await heading(page), "Log in");
    assert.equal(await page.locator("label[for=password]").innerText(), "Password");
    assert.equal(await page.title(), "redress consumer complaints");

    await switchLanguage(page, "中文");
    assert.equal(await documentLanguage(page), "zh-CN");
    assert.equal(await heading(page), "登录");
  });
});

test("the language switch is reachable and usable from the keyboard", async () => {
  await withPage("desktop", async (page) => {
    await visit(page, "/login");
    const english = page.getByRole("navigation").getByRole("button", { name: "English", exact: true });

    await english.focus();
    await page.keyboard.press("Enter");

    await page.waitForFunction(() => document.documentElement.lang === "en");
    assert.equal(await english.getAttribute("aria-pressed"), "true");
  });
});
