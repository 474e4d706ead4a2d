// The login form: errors shown where they belong, a successful sign-in, and
// what a reload of a deep link does to the session.

import assert from "node:assert/strict";
import { test } from "node:test";

import { call, registerConsumer, ApiProblem } from "../lib/api.mjs";
import { useBrowser } from "../lib/harness.mjs";
import { APP_TIMEOUT, fieldError, heading, logInThroughForm, switchLanguage, visit, waitForPath } from "../lib/spa.mjs";

const withPage = useBrowser();

/** Chromium logs every 4xx answer as a console error; these tests expect one. */
const REFUSED_LOGIN = [/status of 40[01]/];

test("wrong credentials: the server's message is shown and the form stays usable", async () => {
  await withPage("desktop", async (page) => {
    await visit(page, "/login");
    await switchLanguage(page, "English");

    await logInThroughForm(page, "13900000000", "not-the-password");

    const alert = page.getByRole("alert");
    await alert.waitFor({ timeout: APP_TIMEOUT });
    assert.match(await alert.innerText(), /login or the password is wrong/i);
    assert.equal(await page.locator("input#login").inputValue(), "13900000000", "what was typed is kept");
    assert.equal(await page.locator("main form button[type=submit]").isEnabled(), true);
  }, { allowProblems: REFUSED_LOGIN });
});

test("a field error from the server appears under its own input", async () => {
  // The real API reports field errors in this shape (checked in the next
  // test); the login endpoint has no field rules of its own, so its answer is
  // replaced here to see the form place the message.
  await withPage("phone", async (page) => {
    await page.route("**/api/v1/auth/login", (route) =>
      route.fulfill({
        status: 422,
        contentType: "application/problem+json",
        body: JSON.stringify({
          type: "/problems/validation_failed",
          title: "Validation failed",
          status: 422,
          detail: "One field is invalid.",
          code: "validation_failed",
          errors: [{ field: "password", code: "too_short", message: "At least 8 characters." }],
        }),
      }),
    );
    await visit(page, "/login");

    await logInThroughForm(page, "13900000000", "short");

    await page.locator("input#password[aria-invalid=true]").waitFor({ timeout: APP_TIMEOUT });
    assert.deepEqual(await fieldError(page, "password"), { message: "At least 8 characters.", invalid: true });
    assert.deepEqual(await fieldError(page, "login"), { message: "", invalid: false });
  }, { allowProblems: [/status of 422/] });
});

test("the API reports invalid fields in the shape the form reads", async () => {
  const refusal = await call("POST", "/auth/register", {
    body: { phone: "12", password: "x", display_name: "" },
    headers: { "Accept-Language": "en" },
  }).catch((error) => error);

  assert.ok(refusal instanceof ApiProblem, `registration was not refused: ${refusal}`);
  assert.equal(refusal.body.code, "validation_failed");
  const fields = refusal.body.errors.map((error) => error.field);
  assert.ok(fields.includes("phone"), `no error for phone in ${JSON.stringify(refusal.body.errors)}`);
  for (const error of refusal.body.errors) {
    assert.ok(error.message.trim().length > 0, `${error.field} has no message`);
  }
});

test("a consumer logs in, sees their account, and a reload of /me keeps or ends the session cleanly", async () => {
  const consumer = await registerConsumer({ displayName: "王女士" });

  await withPage("phone", async (page) => {
    await visit(page, "/login");
    await logInThroughForm(page, consumer.login, consumer.password);

    await waitForPath(page, "/me");
    await page.locator("main").getByText("王女士").waitFor({ timeout: APP_TIMEOUT });
    assert.match(await page.locator("main dl").innerText(), new RegExp(consumer.login));

    await page.reload({ waitUntil: "domcontentloaded" });
    await page.locator("main h1").first().waitFor({ timeout: APP_TIMEOUT });
    // A session kept across the reload shows the account again; one kept
    // only in memory sends the person to the login form. A blank page, an
    // error or the not-found page would be wrong.
    const path = new URL(page.url()).pathname;
    if (path === "/me") {
      await page.locator("main").getByText("王女士").waitFor({ timeout: APP_TIMEOUT });
    } else {
      assert.equal(path, "/login", `the reload of /me ended on ${path}`);
      await page.locator("input#login").waitFor({ timeout: APP_TIMEOUT });
    }
  });
});

test("a signed-out visit to /me leads to the login form", async () => {
  await withPage("desktop", async (page) => {
    await visit(page, "/me");

    await waitForPath(page, "/login");
    await page.locator("input#login").waitFor({ timeout: APP_TIMEOUT });
    assert.equal(await heading(page), "登录");
  });
});
