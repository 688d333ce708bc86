// Papercuts from a day of use (issue 16): the launch form's GPU preselection and resolved YAML; a
// killed run's page (exit code, final metrics, the stop line) and Resume's checkpoint dialog; the
// presets page's New preset panel and Archive confirmation; "Compare 1 run"; the add-host port
// error; one date format. Screenshots at 1024 and 1600 px, light and dark.
import { createHash, randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { signInAs, withDb } from "./helpers/auth";
import { deleteFinishedRuns, headerStatus, hostIdOf, runRow, sshOnSandbox, waitForRunStatus } from "./helpers/runs";
import { screenshotAll } from "./helpers/screens";

const PRESET = "LoRA SFT 7B (24 GB)"; // seeded starter
const HOST = process.env.E2E_KILL_HOST ?? "test-b";
const DATE = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/;
const created: string[] = [];
test.afterAll(async () => {
  await withDb((c) => c.query(`UPDATE runs SET status = 'KILLED', "finishedAt" = now() WHERE id = ANY($1) AND status = 'QUEUED'`, [created]));
  await deleteFinishedRuns(created);
});

async function launch(page: Page, name: string, overrides: Record<string, unknown>): Promise<string> {
  const res = await page.request.post("/api/v1/runs", { data: { preset: PRESET, host: HOST, gpus: [0], name, overrides } });
  expect(res.status(), await res.text()).toBe(201);
  const { runId } = (await res.json()) as { runId: string };
  created.push(runId);
  return runId;
}

test("launch: one free GPU is preselected, and Show YAML shows the config with the overrides applied", async ({ page, context }) => {
  await signInAs(context);
  await page.goto("/launch");
  await page.locator("#launch-host").selectOption(await hostIdOf(HOST));
  const picker = page.getByTestId("gpu-picker");
  const free = picker.locator("label:not([data-busy])");
  expect(await free.count()).toBeGreaterThan(0);
  // Exactly one box ticked: the first free GPU.
  await expect(picker.locator("input:checked")).toHaveCount(1);
  await expect(free.first().locator("input")).toBeChecked();

  await page.locator("#launch-overrides").fill("learning_rate=3.0e-5\nnum_train_epochs=7\nnot a line");
  await page.getByRole("button", { name: "Show YAML" }).click();
  const yaml = page.getByTestId("resolved-yaml");
  await expect(yaml).toContainText("The preset with 2 overrides applied");
  await expect(yaml.locator("[data-overridden]", { hasText: "learning_rate:" })).toHaveText("learning_rate: 3.0e-5");
  await expect(yaml.locator("[data-overridden]", { hasText: "num_train_epochs:" })).toHaveText("num_train_epochs: 7.0");
  await expect(yaml.locator("[data-overridden]", { hasText: /^output_dir:/ })).toContainText("set at launch");
  await expect(yaml.getByTestId("resolved-yaml-errors")).toContainText("left out below");
  // Lines the launch does not touch are not marked.
  await expect(yaml.locator("div:not([data-overridden])", { hasText: /^stage: sft$/ })).toHaveCount(1);
  await screenshotAll(page, "launch-resolved-yaml");
});

test("a killed run explains its exit code and missing metrics; Resume picks a checkpoint and says what is redone", async ({ page, context }) => {
  test.setTimeout(180_000);
  await signInAs(context);
  const name = `e2e-killed-${Date.now().toString(36)}`;
  const id = await launch(page, name, { num_train_epochs: 50, logging_steps: 5, save_steps: 20, eval_steps: 5000 });
  await waitForRunStatus(id, ["RUNNING"], 60_000);
  await expect.poll(async () => (await runRow(id)).lastStep ?? 0, { timeout: 60_000 }).toBeGreaterThan(50);

  // Freeze the training processes (as a rank stuck in a driver call would be): SIGABRT cannot make
  // them save, so the ladder ends with SIGKILL and the run has no result files, the case to explain.
  const pgid = (await runRow(id)).remotePgid!;
  const frozen = await sshOnSandbox(HOST, `for p in $(ps -eo pid=,pgid= | awk -v g=${pgid} '$2==g && $1!=g {print $1}'); do kill -STOP "$p" && echo "$p"; done`);
  expect(frozen.stdout.trim().length, frozen.stderr).toBeGreaterThan(0);

  await page.goto(`/runs/${id}`);
  await page.getByTestId("kill-run").click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByRole("heading")).toHaveText(`Kill run "${name}" on ${HOST}?`);
  await expect(dialog.getByTestId("kill-description")).toContainText("Kill does not wait for a checkpoint");
  await dialog.getByRole("button", { name: "Kill run" }).click();
  await expect(headerStatus(page)).toHaveAttribute("data-status", "KILLED", { timeout: 30_000 });
  await page.reload();

  const exit = page.getByTestId("run-exit-code").locator("dd");
  const row = await runRow(id);
  await expect(exit).toHaveText(row.exitCode === null ? "none: killed, the process never exited on its own" : `${row.exitCode} (SIGKILL)`);
  await expect(page.getByTestId("final-metrics-none")).toHaveText(/^Killed: no final metrics\./);
  // The stop line is shown whole: who stopped it and when, not cut with an ellipsis.
  const stop = page.getByTestId("run-stop").locator("dd");
  await expect(stop).toHaveText(new RegExp(`^kill by .+ \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC$`));
  expect(await stop.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
  await expect(page.getByTestId("events").locator("time").first()).toHaveText(/^\d\d:\d\d:\d\d UTC$/);
  await screenshotAll(page, "killed-run-page");

  // Resume: the dialog lists the checkpoints read from the host, latest first.
  const lastStep = (await runRow(id)).lastStep!;
  await page.getByTestId("resume-run").click();
  const resume = page.getByRole("dialog");
  const choices = resume.getByTestId("resume-checkpoints").locator("label");
  await expect(choices.first()).toContainText("latest", { timeout: 20_000 });
  const names = await choices.locator(".font-mono").allTextContents();
  expect(names.length).toBeGreaterThanOrEqual(2);
  const steps = names.map((n) => Number(/(\d+)$/.exec(n)![1]));
  expect(steps).toEqual([...steps].sort((a, b) => b - a));
  const redo = lastStep - steps[0]!;
  await expect(choices.first()).toContainText(redo === 0 ? "no step redone" : `${redo} step${redo === 1 ? "" : "s"} redone`);
  const older = names.at(-1)!;
  await resume.getByLabel(older, { exact: true }).check();
  const olderStep = steps.at(-1)!;
  await expect(resume.getByTestId("resume-summary")).toHaveText(`Continues from step ${olderStep}: steps ${olderStep + 1}–${lastStep} are trained again (${lastStep - olderStep} steps).`);
  await screenshotAll(page, "resume-dialog", { fullPage: false });
  await resume.getByRole("button", { name: `Resume from step ${olderStep}` }).click();
  // The parent's URL matches /runs/<id> too: wait for the navigation to the child.
  await page.waitForURL((u) => /^\/runs\/[a-z0-9]+$/.test(u.pathname) && u.pathname !== `/runs/${id}`, { timeout: 30_000 });
  const childId = /\/runs\/([a-z0-9]+)$/.exec(page.url())![1]!;
  expect(childId).not.toBe(id);
  created.unshift(childId);
  const child = await withDb((c) => c.query<{ configYaml: string; parentRunId: string }>(`SELECT "configYaml", "parentRunId" FROM runs WHERE id = $1`, [childId]));
  expect(child.rows[0]!.parentRunId).toBe(id);
  expect(child.rows[0]!.configYaml).toMatch(new RegExp(`resume_from_checkpoint: .*/${older}\\n`));
  await waitForRunStatus(childId, ["RUNNING", "SUCCEEDED", "FAILED"], 60_000);
  // The child's loss chart continues the parent's curve up to the checkpoint.
  await expect.poll(async () => (await runRow(childId)).lastStep ?? 0, { timeout: 60_000 }).toBeGreaterThan(olderStep + 10);
  await page.goto(`/runs/${childId}`);
  const lossChart = page.getByTestId("chart-loss");
  await expect(lossChart).toHaveAttribute("data-series", new RegExp(`^parent train loss \\(to step ${olderStep}\\)\\|train loss\\|eval loss`));
  await expect(lossChart).toHaveAttribute("data-markers", new RegExp(`resumed from step ${olderStep}`));
  await lossChart.scrollIntoViewIfNeeded();
  await screenshotAll(page, "resumed-child-joins-parent", { fullPage: false });
  const res = await page.request.post(`/api/v1/runs/${childId}/kill`, { data: {} });
  expect(res.status(), await res.text()).toBeLessThan(300);
  await waitForRunStatus(childId, ["KILLED", "SUCCEEDED", "FAILED"], 60_000);

  // Compare with one run says "run".
  await page.goto(`/compare?runs=${id}`);
  await expect(page.getByRole("heading", { name: "Compare 1 run", exact: true })).toBeVisible();
});

test("presets: New preset opens below the header, Archive asks first, dates in the one format", async ({ page, context }) => {
  await signInAs(context);
  await page.goto("/presets");
  const header = page.getByRole("heading", { name: "Presets", exact: true });
  const before = await header.boundingBox();
  await page.getByRole("button", { name: "New preset" }).click();
  const form = page.getByRole("form", { name: "New preset" });
  await expect(form).toBeVisible();
  // The title stays where it was and the form sits under the header, not beside the title.
  expect(await header.boundingBox()).toEqual(before);
  const fb = (await form.boundingBox())!;
  expect(fb.y).toBeGreaterThan(before!.y + before!.height);
  expect(fb.width).toBeGreaterThan(600);
  await screenshotAll(page, "presets-new-panel");
  await form.getByRole("button", { name: "Cancel" }).click();
  await expect(form).toHaveCount(0);

  const row = page.getByTestId("preset-row").filter({ hasText: PRESET });
  await expect(row.locator("td").nth(2)).toHaveText(DATE);
  await row.getByRole("button", { name: "Archive" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByRole("heading")).toHaveText(`Archive preset "${PRESET}"?`);
  await expect(dialog).toContainText("Restore");
  await screenshotAll(page, "presets-archive-confirm", { fullPage: false });
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByTestId("preset-row").filter({ hasText: PRESET })).toHaveCount(1);
  expect((await withDb((c) => c.query(`SELECT archived FROM presets WHERE name = $1`, [PRESET]))).rows[0].archived).toBe(false);
});

test("add host: a port out of range says which numbers are allowed", async ({ page, context }) => {
  await signInAs(context);
  await page.goto("/hosts");
  await page.getByRole("button", { name: "Add host" }).click();
  const region = page.getByRole("region", { name: "Add a GPU host" });
  await page.getByLabel("Name").fill(`e2e-port-${Date.now().toString(36)}`);
  await page.getByLabel("Address").fill("127.0.0.1");
  await page.getByLabel("Port", { exact: true }).fill("70000");
  await page.getByLabel("User").fill("nobody");
  await page.getByLabel("Private key").fill("not a key");
  await page.getByRole("button", { name: "Connect" }).click();
  await expect(region.getByRole("alert")).toHaveText("port: must be a number from 1 to 65535");
  await expect(page.getByLabel("Port", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await screenshotAll(page, "hosts-port-error", { fullPage: false });
});

test("API page: a curl example per route, Try it with a pasted token, and a revoked token is named as such", async ({ page, context }) => {
  await signInAs(context);
  const token = `ffp_${randomBytes(32).toString("base64url")}`;
  const tokenId = `e2etok${randomBytes(6).toString("hex")}`;
  await withDb((c) => c.query(`INSERT INTO api_tokens (id, "userId", name, "tokenHash") SELECT $1, id, 'e2e try-it', $2 FROM users WHERE email = 'admin@factory.local'`,
    [tokenId, createHash("sha256").update(token).digest("hex")]));
  try {
    await page.goto("/api-docs");
    const hosts = page.getByRole("region", { name: "GET /hosts", exact: true });
    await expect(hosts.getByTestId("curl-example")).toHaveText(/^curl -sS 'http:\/\/127\.0\.0\.1:\d+\/api\/v1\/hosts' \\\s+-H "Authorization: Bearer \$FF_TOKEN"$/);
    const launch = page.getByRole("region", { name: "POST /runs", exact: true });
    await expect(launch.getByTestId("curl-example")).toContainText(`--data '{"preset":"<preset>","host":"<host>","gpus":[0]}'`);
    expect(await page.getByTestId("curl-example").count()).toBeGreaterThanOrEqual(12);

    // Without a token pasted, Try it says so instead of sending.
    await hosts.getByTestId("try-it-open").click();
    await hosts.getByRole("button", { name: "Send GET" }).click();
    await expect(hosts.getByRole("alert")).toHaveText("Paste your API token at the top of the page first.");
    await page.getByLabel("Your API token").fill(token);
    await hosts.getByRole("button", { name: "Send GET" }).click();
    const out = hosts.getByTestId("try-it-result");
    await expect(out).toContainText("HTTP 200");
    await expect(out).toContainText(`"name": "${HOST}"`);
    // A path parameter: GPUs of the host by name.
    const gpus = page.getByRole("region", { name: "GET /hosts/{id}/gpus", exact: true });
    await gpus.getByTestId("try-it-open").click();
    await gpus.getByLabel("id for GET /hosts/{id}/gpus").fill(HOST);
    await gpus.getByRole("button", { name: "Send GET" }).click();
    await expect(gpus.getByTestId("try-it-result")).toContainText("HTTP 200");
    await expect(gpus.getByTestId("try-it-result")).toContainText(`"memoryTotalMiB"`);
    await gpus.scrollIntoViewIfNeeded();
    await screenshotAll(page, "api-try-it", { fullPage: false });

    // Revoked: the answer names the token, not "Sign in first".
    await withDb((c) => c.query(`UPDATE api_tokens SET "revokedAt" = now() WHERE id = $1`, [tokenId]));
    await hosts.getByRole("button", { name: "Send GET" }).click();
    await expect(out).toContainText("HTTP 401");
    await expect(out).toContainText("This API token is invalid or revoked");
    await expect(out).not.toContainText("Sign in first");
  } finally {
    await withDb((c) => c.query(`DELETE FROM api_tokens WHERE id = $1`, [tokenId]));
  }
});

test("backtest: a killed run is neither healthy nor bad, and GPU time is in GPU-hours", async ({ page, context }) => {
  await signInAs(context);
  const stamp = Date.now().toString(36);
  const ids = [`btk${stamp}`, `bto${stamp}`];
  await withDb(async (c) => {
    for (const [i, id] of ids.entries()) {
      await c.query(`INSERT INTO runs (id, name, status, "hostId", "gpuIndices", "configYaml", "outputDir", "startedAt", "finishedAt", "updatedAt", "lastStep", "totalSteps", "stopKind")
        SELECT $1, $2, $3::"RunStatus", id, '{0,1}', 'stage: sft\n', '/nonexistent', now() - interval '90 minutes', now(), now(), 400, 1000, $4::"StopKind" FROM hosts WHERE name = $5`,
        [id, i === 0 ? `killed healthy ${stamp}` : `finished healthy ${stamp}`, i === 0 ? "KILLED" : "SUCCEEDED", i === 0 ? "KILL" : null, HOST]);
      // The same still-improving curve for both: only how the run ended differs.
      await c.query(`INSERT INTO metric_points ("runId","offset",kind,segment,step,"totalSteps",epoch,loss,lr,"elapsedS")
        SELECT $1, g * 200, 'TRAIN', 0, g, 1000, g / 500.0, 0.6 + 2 * exp(-g / 150.0), 1e-4, g FROM generate_series(10, 400, 10) g`, [id]);
      await c.query(`INSERT INTO metric_points ("runId","offset",kind,segment,step,"totalSteps",epoch,"evalLoss","elapsedS")
        SELECT $1, g * 200 + 1, 'EVAL', 0, g, 1000, g / 500.0, 0.65 + 2 * exp(-g / 150.0), g FROM generate_series(50, 400, 50) g`, [id]);
    }
  });
  created.push(...ids);
  await page.goto("/backtest");
  await page.getByRole("checkbox", { name: `killed healthy ${stamp}`, exact: true }).check();
  await page.getByRole("checkbox", { name: `finished healthy ${stamp}`, exact: true }).check();
  await page.getByRole("button", { name: /^Run backtest/ }).click();
  const killedRow = page.getByTestId("backtest-row").filter({ hasText: `killed healthy ${stamp}` });
  await expect(killedRow.locator('[data-col="by-hand"]')).toHaveText("killed by hand");
  await expect(killedRow.locator('[data-col="false-stop"]')).toHaveText("not judged");
  const totals = page.getByTestId("backtest-totals");
  await expect(totals.getByTestId("total-false-stops")).toContainText("of 1 healthy run(s) · 1 killed or stopped by hand, not judged");
  // 2 GPUs × 1.5 h each: GPU time in one unit, in the totals and in every row.
  await expect(totals.getByTestId("total-gpu-saved")).toContainText("of 6.0 GPU-h");
  for (const t of await page.getByTestId("backtest-row").locator("td:nth-child(7)").allTextContents()) expect(t).toMatch(/ GPU-h$/);
  await screenshotAll(page, "backtest-killed-not-judged");
});
