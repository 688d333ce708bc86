// Roles end to end: a viewer sees no launch/kill controls AND the server refuses the calls anyway; an
// operator launches and kills; the audit page shows both the refused and the allowed attempt.
// Also: API tokens on the settings page, inviting a user, the API page.
import { expect, test, type Page } from "@playwright/test";
import { screenshot, signInAs, withDb } from "./helpers/auth";

const VIEWER = "e2e-viewer@factory.local";
const OPERATOR = "e2e-operator@factory.local";
const STARTER = "LoRA SFT 7B (24 GB)"; // lib/presets/starter.ts, seeded by the global setup
const HOST = "test-b";

test.beforeAll(async () => {
  await withDb(async (c) => {
    const people: [string, string, string][] = [[VIEWER, "VIEWER", "Vera Viewer"], [OPERATOR, "OPERATOR", "Otto Operator"]];
    for (const [email, role, name] of people) {
      await c.query(
        `INSERT INTO users (id, email, name, "passwordHash", role, "updatedAt") VALUES ($1, $2, $3, 'x', $4::"Role", now())
         ON CONFLICT (email) DO UPDATE SET role = EXCLUDED.role, name = EXCLUDED.name`,
        [`e2e${role.toLowerCase()}`, email, name, role],
      );
    }
  });
});

async function launchViaApi(page: Page, name: string) {
  return page.request.post("/api/v1/runs", { data: { preset: STARTER, host: HOST, gpus: [1], name, overrides: ["num_train_epochs=50"] } });
}

test("viewer: no launch or kill controls, and the server refuses both; operator launches and kills; the audit page shows both", async ({ browser }) => {
  const name = `team e2e ${Date.now().toString(36)}`;
  const op = await browser.newContext();
  await signInAs(op, OPERATOR);
  const opPage = await op.newPage();
  const launched = await launchViaApi(opPage, name);
  expect(launched.status(), await launched.text()).toBe(201);
  const { runId } = (await launched.json()) as { runId: string };

  const viewer = await browser.newContext();
  await signInAs(viewer, VIEWER);
  const vPage = await viewer.newPage();
  await vPage.goto("/");
  const vRow = vPage.locator(`tr[data-run-id="${runId}"]`);
  await expect(vRow).toBeVisible();
  await expect(vPage.getByRole("link", { name: "Launch run" })).toHaveCount(0);
  await vRow.getByRole("checkbox").check();
  await expect(vPage.getByRole("button", { name: /^Kill/ })).toHaveCount(0);
  await screenshot(vPage, "team-viewer-runs");
  await vPage.goto("/launch");
  await expect(vPage.getByText("You can look, not launch")).toBeVisible();

  const vLaunch = await launchViaApi(vPage, `${name} v`);
  expect(vLaunch.status()).toBe(403);
  expect((await vLaunch.json()).error.code).toBe("forbidden");
  const vKill = await vPage.request.post(`/api/v1/runs/${runId}/kill`, { data: {} });
  expect(vKill.status()).toBe(403);
  expect((await vKill.json()).error.message).toMatch(/operator role/);

  await opPage.goto("/");
  await expect(opPage.getByRole("link", { name: "Launch run" })).toBeVisible();
  const oRow = opPage.locator(`tr[data-run-id="${runId}"]`);
  await oRow.getByRole("checkbox").check();
  await opPage.getByRole("button", { name: /^Kill/ }).click();
  await expect(opPage.getByRole("dialog")).toContainText(name);
  await opPage.getByRole("button", { name: "Kill run" }).click();
  await expect(oRow).toContainText(/killed|cancelled/i, { timeout: 30_000 });

  await vPage.goto(`/audit?target=${runId}`);
  const rows = vPage.getByTestId("audit-row");
  const refused = rows.and(vPage.locator('[data-action="run.stop"][data-ok="false"]'));
  const allowed = rows.and(vPage.locator('[data-action="run.stop"][data-ok="true"]'));
  await expect(refused).toHaveCount(1);
  await expect(refused).toContainText("Vera Viewer");
  await expect(refused).toContainText("refused");
  await expect(allowed.first()).toContainText("Otto Operator");
  await expect(rows.and(vPage.locator('[data-action="run.launch"][data-ok="false"]'))).toHaveCount(0); // that refusal had no run id yet
  await expect(rows.and(vPage.locator('[data-action="run.launch"][data-ok="true"]'))).toHaveCount(1);
  await screenshot(vPage, "team-audit-run");
  await vPage.goto(`/audit?ok=false&actor=e2eviewer`);
  await expect(vPage.getByTestId("audit-row").first()).toContainText("refused");
  await screenshot(vPage, "team-audit-refused");
  await op.close();
  await viewer.close();
});

test("settings: create an API token (shown once), use it, revoke it", async ({ page, context }) => {
  await signInAs(context, OPERATOR);
  await page.goto("/settings");
  const tokenName = `e2e ${Date.now().toString(36)}`;
  await page.getByLabel("Token name").fill(tokenName);
  await page.getByRole("button", { name: "Create token" }).click();
  const value = (await page.getByTestId("token-value").textContent())!.trim();
  expect(value).toMatch(/^ffp_/);
  await screenshot(page, "team-settings-token");
  const ok = await page.request.get("/api/v1/hosts", { headers: { authorization: `Bearer ${value}`, cookie: "" } });
  expect(ok.status()).toBe(200);
  await page.reload();
  await expect(page.getByTestId("token-value")).toHaveCount(0); // shown once
  const row = page.locator("tr", { hasText: tokenName });
  await row.getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("button", { name: "Revoke token" }).click();
  await expect(row).toContainText("revoked");
  const refused = await page.request.get("/api/v1/hosts", { headers: { authorization: `Bearer ${value}` } });
  expect(refused.status()).toBe(401);
});

test("admin invites a user with a one-time password and changes a role; the viewer cannot open the page; API docs render", async ({ browser }) => {
  const admin = await browser.newContext();
  await signInAs(admin);
  const page = await admin.newPage();
  await page.goto("/admin/users");
  const email = `invited-${Date.now().toString(36)}@factory.local`;
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Name").fill("Ivy Invited");
  await page.getByRole("button", { name: "Invite" }).click();
  await expect(page.getByTestId("temp-password")).toHaveText(/^[A-Za-z0-9]{16}$/);
  await page.getByLabel(`Role of ${email}`).selectOption("OPERATOR");
  await expect(page.getByLabel(`Role of ${email}`)).toHaveValue("OPERATOR");
  await screenshot(page, "team-admin-users");
  await expect.poll(() => withDb(async (c) => (await c.query(`SELECT role FROM users WHERE email=$1`, [email])).rows[0]?.role)).toBe("OPERATOR");
  await page.goto("/api-docs");
  await expect(page.getByRole("region", { name: "POST /runs/{id}/kill" })).toContainText("operator");
  await screenshot(page, "team-api-docs");
  await admin.close();

  const viewer = await browser.newContext();
  await signInAs(viewer, VIEWER);
  const vp = await viewer.newPage();
  await vp.goto("/admin/users");
  await expect(vp.getByText("Admins only")).toBeVisible();
  await expect(vp.getByLabel("Email")).toHaveCount(0);
  await viewer.close();
  await withDb((c) => c.query(`DELETE FROM users WHERE email = $1`, [email]));
});

// Issue 16 #7: offboarding and first sign-in, through the real pages.
async function shots(page: Page, name: string) {
  for (const width of [1024, 1600]) {
    for (const scheme of ["light", "dark"] as const) {
      await page.setViewportSize({ width, height: 900 });
      await page.emulateMedia({ colorScheme: scheme });
      await page.evaluate((s) => { localStorage.setItem("ff-theme", s); document.documentElement.classList.toggle("dark", s === "dark"); }, scheme);
      await screenshot(page, `${name}-${width}-${scheme}`);
    }
  }
}

test("an invited user must replace the temporary password at first sign-in; an admin disables then deletes them, ending their session at once", async ({ browser }) => {
  const admin = await browser.newContext();
  await signInAs(admin);
  const ap = await admin.newPage();
  await ap.goto("/admin/users");
  const email = `offboard-${Date.now().toString(36)}@factory.local`;
  await ap.getByLabel("Email").fill(email);
  await ap.getByLabel("Name").fill("Olga Offboard");
  await ap.getByRole("button", { name: "Invite" }).click();
  const temp = (await ap.getByTestId("temp-password").textContent())!.trim();
  const row = ap.getByTestId(`user-row-${email}`);
  await expect(row).toContainText("invited");

  // First sign-in: sent to the account page, cannot go elsewhere until the password is changed.
  const user = await browser.newContext();
  const up = await user.newPage();
  await up.goto("/hosts");
  await up.getByLabel("Email").fill(email);
  await up.getByLabel("Password").fill(temp);
  await up.getByRole("button", { name: "Sign in" }).click();
  await expect(up).toHaveURL(/\/account\?first=1&next=%2Fhosts$/);
  await expect(up.getByTestId("must-change-password")).toBeVisible();
  await up.goto("/presets");
  await expect(up).toHaveURL(/\/account\?first=1/);
  await shots(up, "account-first-sign-in");
  const form = up.getByRole("form", { name: "Change password" });
  await form.getByLabel("Current password").fill(temp);
  await form.getByLabel("New password", { exact: true }).fill("short");
  await form.getByLabel("New password again").fill("short");
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(form.getByRole("alert")).toContainText("at least 10 characters");
  await form.getByLabel("New password", { exact: true }).fill("olga-chose-this-one");
  await form.getByLabel("New password again").fill("olga-chose-this-one");
  await form.getByRole("button", { name: "Change password" }).click();
  // Back to the page last asked for: /presets (tried above while the change was pending), not /hosts.
  await expect(up).toHaveURL(/\/presets$/);
  await up.setViewportSize({ width: 1280, height: 900 });
  await up.goto("/account");
  await expect(up.getByTestId("must-change-password")).toHaveCount(0);
  await shots(up, "account-change-password");

  // Disable: the user's next request is signed out.
  await ap.reload();
  await expect(row).toContainText("active");
  await row.getByRole("button", { name: "Disable" }).click();
  await expect(ap.getByRole("dialog")).toContainText("signed out everywhere");
  await ap.getByRole("button", { name: "Disable user" }).click();
  await expect(row).toContainText("disabled");
  await shots(ap, "team-users-offboarding");
  await up.goto("/hosts");
  await expect(up).toHaveURL(/\/signin/);
  await up.getByLabel("Email").fill(email);
  await up.getByLabel("Password").fill("olga-chose-this-one");
  await up.getByRole("button", { name: "Sign in" }).click();
  await expect(up.locator("form").getByRole("alert")).toContainText("disabled");
  await shots(up, "signin-disabled");
  const audit = await withDb(async (c) => (await c.query(`SELECT action FROM audit_events WHERE "targetId" = (SELECT id FROM users WHERE email = $1) ORDER BY id`, [email])).rows.map((r) => r.action));
  expect(audit).toEqual(expect.arrayContaining(["user.invite", "user.password", "user.disable"]));

  // Delete: gone from the list; the audit row keeps the email.
  await row.getByRole("button", { name: "Delete" }).click();
  await ap.getByRole("button", { name: "Delete user" }).click();
  await expect(row).toHaveCount(0);
  expect(await withDb(async (c) => (await c.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'user.delete' AND data->>'email' = $1`, [email])).rows[0].n)).toBe(1);
  await admin.close();
  await user.close();
});
