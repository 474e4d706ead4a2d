// Guidance articles (消费指引): association staff write an article as a
// draft, which the public cannot find; they publish it and anyone finds it by
// a word of its title on the guidance page and reads it; they change its
// title and the public article follows; they unpublish it and the public
// list no longer has it. A title the server refuses is shown at the title.
// The API makes the staff account.

import assert from "node:assert/strict";
import { test } from "node:test";

import { adminToken, associationFor, createStaff } from "../lib/api.mjs";
import { useBrowser } from "../lib/harness.mjs";
import { APP_TIMEOUT, assertNoSidewaysScroll, heading, signIn, visit, waitForPath } from "../lib/spa.mjs";

const withPage = useBrowser();

/** Waits until `locator` shows `text`. */
async function expectText(locator, text) {
  await locator.filter({ hasText: text }).first().waitFor({ timeout: APP_TIMEOUT });
}

/** The message under the labelled input `input`, once it is marked invalid. */
async function invalidMessage(page, input) {
  await page.waitForFunction(
    (element) => element.getAttribute("aria-invalid") === "true",
    await input.elementHandle(),
    { timeout: APP_TIMEOUT },
  );
  const describedBy = await input.getAttribute("aria-describedby");
  return (await page.locator(`[id="${describedBy}"]`).innerText()).trim();
}

/**
 * Searches the public guidance page (shown in Chinese) for `words` and
 * returns the list of article hits; "没有找到相关的指引文章。" stands in it
 * when none matches.
 */
async function searchGuidance(page, words) {
  await visit(page, "/guidance");
  await page.getByLabel("搜索指引和答复").fill(words);
  await page.locator("main form[role=search]").getByRole("button", { name: "搜索", exact: true }).click();
  await page.waitForURL((url) => url.searchParams.get("q") === words, { timeout: APP_TIMEOUT });
  return page.locator("main");
}

/** Waits until the public search for `words` finds no article. */
async function expectNoArticle(page, words) {
  const results = await searchGuidance(page, words);
  await expectText(results.locator("p.empty"), "没有找到相关的指引文章。");
  assert.equal(await results.locator("li.hit:not(.question)").count(), 0, "no article is listed");
}

test("staff write, publish, edit and unpublish a guidance article, and the public page follows", async () => {
  const admin = await adminToken();
  // Hubei's association: no other browser test works there.
  const hubei = await associationFor("420000");
  const staff = await createStaff(admin, hubei.id, { roles: ["intake_officer"], displayName: "指引编辑" });
  const marker = `游泳卡${Date.now() % 100000}`;
  const title = `${marker}停业退费指南`;
  const retitled = `${marker}停业后如何退费`;
  const body = "游泳馆停业时，预付卡余额可以要求退还。请保留办卡合同、付款凭证和宣传材料，先与经营者协商，协商不成可以向消费者协会投诉。";

  await withPage("desktop", async (page) => {
    await signIn(page, staff, { language: "English" });
    await visit(page, "/staff");
    await page.getByRole("link", { name: "Guidance articles", exact: true }).click();
    await waitForPath(page, "/staff/guidance");
    assert.equal(await heading(page), "Guidance articles");
    const form = page.locator("form.new-article");
    await form.getByLabel("Language").selectOption("zh-CN");
    await form.getByLabel("Text").fill(body);

    // Without a title the server refuses, and says so at the title.
    await form.getByRole("button", { name: "Save the article" }).click();
    const message = await invalidMessage(page, form.getByLabel("Title"));
    assert.match(message, /title is 2 to 100 characters/);

    await form.getByLabel("Title").fill(title);
    await form.getByRole("button", { name: "Save the article" }).click();
    await expectText(form, "The article is saved.");
    const card = page.locator("li.article").filter({ hasText: title });
    await expectText(card, "Draft");
    await expectText(card, "Chinese");
  }, { allowProblems: [/status of 422/] });

  await withPage("desktop", async (page) => {
    await expectNoArticle(page, marker);
  });

  await withPage("desktop", async (page) => {
    await signIn(page, staff, { language: "English" });
    await visit(page, "/staff/guidance");
    const card = page.locator("li.article").filter({ hasText: title });
    await card.getByRole("button", { name: "Publish", exact: true }).click();
    await expectText(card, "Published");
    await card.getByRole("button", { name: "Unpublish" }).waitFor({ timeout: APP_TIMEOUT });
  });

  await withPage("phone", async (page) => {
    const results = await searchGuidance(page, marker);
    const hit = results.locator("li.hit").filter({ hasText: title });
    await hit.waitFor({ timeout: APP_TIMEOUT });
    await hit.getByRole("link", { name: title }).click();
    await page.waitForURL(/\/guidance\/\d+$/, { timeout: APP_TIMEOUT });
    await expectText(page.locator("main h1"), title);
    await expectText(page.locator("main article"), "预付卡余额可以要求退还");
    await assertNoSidewaysScroll(page);
  });

  let articlePath;
  await withPage("desktop", async (page) => {
    await signIn(page, staff, { language: "English" });
    await visit(page, "/staff/guidance");
    const card = page.locator("li.article").filter({ hasText: title });
    articlePath = await card.getByRole("link", { name: "Open the public page" }).getAttribute("href");
    await card.getByRole("button", { name: "Edit" }).click();
    const edit = card.locator("form.edit-article");
    await edit.getByLabel("Title").fill(retitled);
    await edit.getByRole("button", { name: "Save the changes" }).click();
    await edit.waitFor({ state: "detached", timeout: APP_TIMEOUT });
    await expectText(page.locator("li.article h3"), retitled);
  });

  await withPage("phone", async (page) => {
    await visit(page, articlePath);
    await expectText(page.locator("main h1"), retitled);
  });

  await withPage("desktop", async (page) => {
    await signIn(page, staff, { language: "English" });
    await visit(page, "/staff/guidance");
    const card = page.locator("li.article").filter({ hasText: retitled });
    await card.getByRole("button", { name: "Unpublish" }).click();
    await expectText(card, "Draft");
  });

  await withPage("desktop", async (page) => {
    await expectNoArticle(page, marker);
  });
});
