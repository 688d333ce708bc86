// Host runtime profile and launch preflight, on a real sandbox host whose LLaMA-Factory lives in a
// venv off the login PATH: a host added through the form cannot start LF and says why; Detect fills
// the profile, saving checks it (versions, datasets); the launch page refuses a missing dataset, a
// missing DeepSpeed file and a typo key in seconds, each under its field; fixed, the run starts.
import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { screenshot, signInAs, withDb } from "./helpers/auth";
import { deleteFinishedRuns, runIdFromUrl, sandboxHost, waitForRunStatus } from "./helpers/runs";

const SANDBOX = process.env.E2E_PROFILE_HOST ?? "test-a";
const stamp = Date.now().toString(36);
const NAME = `e2e-prof-${stamp}`;
const created: string[] = [];

test.afterAll(async () => {
  await deleteFinishedRuns(created);
  await withDb((c) => c.query(`DELETE FROM hosts WHERE name = $1 AND NOT EXISTS (SELECT 1 FROM runs WHERE "hostId" = hosts.id)`, [NAME]));
});

async function shots(page: Page, name: string) {
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    // The theme is applied by a script at load; set it on the live page so open forms keep their state.
    await page.evaluate((dark) => document.documentElement.classList.toggle("dark", dark), scheme === "dark");
    for (const width of [1024, 1600]) {
      await page.setViewportSize({ width, height: 900 });
      await screenshot(page, `${name}-${width}-${scheme}`);
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.evaluate(() => document.documentElement.classList.remove("dark"));
  await page.setViewportSize({ width: 1280, height: 900 });
}

test("profile: the default cannot start LF; Detect + save makes it start; preflight refuses bad launches by field", async ({ page, context }) => {
  test.setTimeout(180_000);
  const h = sandboxHost(SANDBOX);
  await signInAs(context);
  await page.goto("/hosts");
  const add = page.getByRole("button", { name: "Add host" });
  if (await add.isVisible()) await add.click();
  await page.getByLabel("Name").fill(NAME);
  await page.getByLabel("Address").fill(h.address);
  await page.getByLabel("Port", { exact: true }).fill(String(h.port));
  await page.getByLabel("User").fill(h.username);
  await page.getByLabel("Private key").fill(readFileSync(h.privateKeyPath, "utf8"));
  await page.getByRole("button", { name: "Connect" }).click();
  await expect(page.getByTestId("host-fingerprint")).toHaveText(h.hostKeyFingerprint);
  await page.getByRole("button", { name: "Trust and save" }).click();

  const card = page.getByTestId(`host-${NAME}`);
  await expect(card.getByText("Cannot start LF")).toBeVisible();
  await expect(card.getByTestId("runtime-problem")).toContainText("llamafactory-cli is not on PATH after the activation line");
  await card.scrollIntoViewIfNeeded();
  await shots(page, "host-profile-missing");

  await card.getByTestId("edit-profile").click();
  await card.getByTestId("detect-profile").click();
  await expect(card.getByLabel("Activation line")).toHaveValue("source ~/LLaMA-Factory/.venv/bin/activate");
  await expect(card.getByLabel("LF working directory")).toHaveValue("~/LLaMA-Factory");
  await card.getByLabel("Environment variables").fill("HF_HOME=/tmp/ff-hf\nWANDB_API_KEY=wk-e2e-secret");
  await card.getByRole("button", { name: "Save and check" }).click();
  await expect(card.getByTestId("profile-note")).toContainText("Saved as v2: LLaMA-Factory starts through it.");
  await expect(card.getByText("Starts LF")).toBeVisible();
  await expect(card.getByText("0.9.6.dev0")).toBeVisible();
  await expect(card.getByText("4.57.1 · 2.8.0+cu128")).toBeVisible();
  await expect(card.getByTestId("runtime-datasets")).toContainText(/\d+ datasets in data\/dataset_info\.json/);
  expect(await page.content()).not.toContain("wk-e2e-secret");
  await card.getByTestId("runtime-datasets").locator("summary").click();
  await expect(card.getByTestId("runtime-datasets")).toContainText("support_chats_v2");
  await shots(page, "host-profile-detected");

  // Preflight: three mistakes, each refused under its field within seconds; nothing is queued.
  const hostId = (await withDb((c) => c.query<{ id: string }>(`SELECT id FROM hosts WHERE name = $1`, [NAME]))).rows[0]!.id;
  await page.goto(`/launch?host=${hostId}`);
  await page.locator("#launch-host").selectOption(hostId);
  await page.locator("#launch-overrides").fill("dataset=support_chats_v3\ndeepspeed=examples/deepspeed/ds_z9_config.json\nlearnig_rate=1.0e-4");
  const t0 = Date.now();
  await page.getByRole("button", { name: "Launch" }).click();
  const errs = page.getByTestId("preflight-config");
  await expect(errs).toBeVisible({ timeout: 15_000 });
  expect(Date.now() - t0).toBeLessThan(10_000);
  await expect(errs).toContainText("dataset");
  await expect(errs).toContainText('"support_chats_v3" is not in');
  await expect(errs).toContainText('did you mean "support_chats_v2"');
  await expect(errs).toContainText("examples/deepspeed/ds_z9_config.json does not exist");
  await expect(errs).toContainText("did you mean `learning_rate`?");
  await expect(page.locator("#launch-overrides")).toHaveAttribute("aria-invalid", "true");
  expect(page.url()).toContain("/launch");
  const queued = await withDb((c) => c.query(`SELECT count(*)::int AS n FROM runs WHERE "hostId" = $1`, [hostId]));
  expect(queued.rows[0].n).toBe(0);
  await shots(page, "launch-preflight-refused");

  // Fixed: the user's own dataset and a real DeepSpeed file (one GPU → FORCE_TORCHRUN=1) start.
  await page.locator("#launch-overrides").fill("dataset=support_chats_v2\ndeepspeed=examples/deepspeed/ds_z3_config.json\nnum_train_epochs=1\nmax_samples=64\nlogging_steps=2");
  await page.getByRole("button", { name: "Launch" }).click();
  await page.waitForURL(/\/runs\/[A-Za-z0-9]+$/, { timeout: 20_000 });
  const runId = runIdFromUrl(page.url());
  created.push(runId);
  const done = await waitForRunStatus(runId, ["SUCCEEDED", "FAILED"], 90_000);
  expect(done.status).toBe("SUCCEEDED");
  const env = await withDb((c) => c.query<{ launchEnv: unknown; outputDir: string }>(`SELECT "launchEnv", "outputDir" FROM runs WHERE id = $1`, [runId]));
  expect(env.rows[0]!.launchEnv).toEqual({ FORCE_TORCHRUN: "1" });
  expect(env.rows[0]!.outputDir).toMatch(new RegExp(`/home/ffloor-runs/${runId}$`));
});
