import { expect, test } from "@playwright/test";
import { ADMIN_EMAIL, ADMIN_PASSWORD, screenshot, signInThroughForm } from "./helpers/auth";

test("a protected page redirects to sign-in and comes back after it", async ({ page }) => {
  await page.goto("/hosts");
  await expect(page).toHaveURL(/\/signin\?next=%2Fhosts$/);
  await expect(page.getByRole("heading", { name: "Sign in to Factory Floor" })).toBeVisible();
  await screenshot(page, "signin");
  await page.getByLabel("Email").fill(ADMIN_EMAIL);
  await page.getByLabel("Password").fill(ADMIN_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/hosts$/);
  await expect(page.getByRole("heading", { name: "Hosts", exact: true })).toBeVisible();
});

test("a wrong password shows a clear message and sets no session", async ({ page, context }) => {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(ADMIN_EMAIL);
  await page.getByLabel("Password").fill("definitely-not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("form").getByRole("alert")).toHaveText("Wrong email or password.");
  await expect(page).toHaveURL(/\/signin/);
  await screenshot(page, "signin-wrong-password");
  expect((await context.cookies()).find((c) => c.name === "ff_session")).toBeUndefined();
});

test("sign in, see the shell, sign out, and the old session no longer works", async ({ page, context }) => {
  await signInThroughForm(page);
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  for (const name of ["Runs", "Presets", "Hosts", "Queue", "Compare"])
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name })).toBeVisible();
  await expect(page.getByTestId("current-user")).toContainText("admin");
  const cookie = (await context.cookies()).find((c) => c.name === "ff_session");
  expect(cookie?.httpOnly).toBe(true);
  expect(cookie?.sameSite).toBe("Lax");
  await screenshot(page, "runs-home");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin$/);
  // Replaying the old cookie must not get back in: the session row is gone server-side.
  if (cookie) await context.addCookies([cookie]);
  await page.goto("/hosts");
  await expect(page).toHaveURL(/\/signin\?next=%2Fhosts$/);
});

test("API routes answer 401 JSON, not a redirect, without a session", async ({ request }) => {
  const r = await request.get("/api/runs/live", { maxRedirects: 0 });
  expect(r.status()).toBe(401);
  const body = (await r.json()) as { error: { code: string } };
  expect(body.error.code).toBe("unauthorized");
});
