// Webhooks in Settings: an admin adds one and sees its signing secret exactly once, a bad URL is
// refused next to the field, a failed delivery can be sent again, the secret rotated, the endpoint deleted; a viewer
// does not see the section at all.
import { expect, test } from "@playwright/test";
import { screenshot, signInAs, withDb } from "./helpers/auth";

const VIEWER = "e2e-viewer@factory.local";

test.beforeAll(async () => {
  await withDb((c) => c.query(
    `INSERT INTO users (id, email, name, "passwordHash", role, "updatedAt") VALUES ('e2eviewer', $1, 'Vera Viewer', 'x', 'VIEWER', now())
     ON CONFLICT (email) DO UPDATE SET role = EXCLUDED.role`, [VIEWER],
  ));
});

test("admin adds a webhook, sees the secret once, sends a failed delivery again, rotates the secret, deletes it; a viewer has no webhooks section", async ({ browser }) => {
  const name = `e2e hook ${Date.now().toString(36)}`;
  const admin = await browser.newContext();
  await signInAs(admin);
  const page = await admin.newPage();
  await page.goto("/settings");
  const section = page.locator("section", { has: page.getByRole("heading", { name: "Webhooks" }) });
  await expect(section).toBeVisible();
  const form = section.getByRole("form", { name: "New webhook" });

  await form.getByLabel("Name").fill(name);
  await form.getByLabel("URL (http or https)").fill("ftp://127.0.0.1/hook");
  await form.getByRole("button", { name: "Add webhook" }).click();
  await expect(section.getByRole("alert")).toContainText("url: Only http:// and https:// URLs");
  await expect(form.getByLabel("URL (http or https)")).toHaveAttribute("aria-invalid", "true");

  // SSRF: a loopback receiver is refused until an admin allows private targets (this one is local).
  await withDb((c) => c.query(`DELETE FROM app_settings`));
  await page.reload();
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("URL (http or https)").fill("http://127.0.0.1:9/e2e-hook");
  await form.getByLabel(/Rule alert/).check();
  await form.getByRole("button", { name: "Add webhook" }).click();
  await expect(section.getByRole("alert")).toContainText("private, loopback or link-local");
  await section.getByLabel(/Allow private targets/).check();
  await expect(section.getByLabel(/Allow private targets/)).toBeChecked();
  await form.getByRole("button", { name: "Add webhook" }).click();
  const secret = section.getByTestId("webhook-secret");
  await expect(secret).toHaveText(/^whsec_[A-Za-z0-9_-]{43}$/);
  const first = await secret.textContent();
  const row = section.getByTestId(`webhook-row-${name}`);
  await expect(row).toContainText("rule.alert");
  await expect(row).toContainText("enabled");
  await screenshot(page, "webhooks-created");

  await page.reload();
  await expect(row).toBeVisible();
  await expect(section.getByTestId("webhook-secret")).toHaveCount(0);
  expect(await page.content()).not.toContain("whsec_");

  // A test delivery that used up its attempts (the endpoint refuses) can be sent again from the log.
  await row.getByRole("button", { name: "Send test" }).click();
  const delivery = page.getByTestId("delivery-row").filter({ hasText: name });
  await expect(delivery).toHaveCount(1);
  await withDb((c) => c.query(
    `UPDATE webhook_deliveries SET status = 'FAILED', attempts = 8, "lastError" = 'connect ECONNREFUSED 127.0.0.1:9', "nextAttemptAt" = NULL
      WHERE "webhookId" = (SELECT id FROM webhooks WHERE name = $1)`, [name]));
  await page.reload();
  await expect(delivery).toHaveAttribute("data-status", "FAILED");
  await screenshot(page, "webhooks-failed-delivery");
  await delivery.getByTestId("redeliver").click();
  await expect(delivery).not.toHaveAttribute("data-status", "FAILED");
  await expect(delivery.getByTestId("redeliver")).toHaveCount(0);

  // Rotating shows the new secret once, after a confirmation that says what it breaks.
  await row.getByRole("button", { name: "Rotate secret" }).click();
  await expect(page.getByRole("dialog")).toContainText("signed with a new secret");
  await page.getByRole("dialog").getByRole("button", { name: "Rotate secret" }).click();
  await expect(section.getByTestId("new-webhook-secret")).toContainText(`New signing secret for “${name}”`);
  const rotated = await section.getByTestId("webhook-secret").textContent();
  expect(rotated).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
  expect(rotated).not.toBe(first);
  await screenshot(page, "webhooks-rotated");

  await row.getByRole("button", { name: "Delete" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete webhook" }).click();
  await expect(row).toHaveCount(0);

  const viewer = await browser.newContext();
  await signInAs(viewer, VIEWER);
  const vPage = await viewer.newPage();
  await vPage.goto("/settings");
  await expect(vPage.getByRole("heading", { name: "API tokens" })).toBeVisible();
  await expect(vPage.getByRole("heading", { name: "Webhooks" })).toHaveCount(0);
  await expect(vPage.getByRole("table", { name: "Webhook deliveries" })).toHaveCount(0);
});
