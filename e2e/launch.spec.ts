// Presets → launch → supervised run, on real sandbox GPU hosts through the real worker:
// 1. import LLaMA-Factory's qwen3_lora_sft.yaml on /presets, launch it from the launch page with
//    overrides that make it short on the simulator, and watch the run page go QUEUED → RUNNING → SUCCEEDED;
// 2. on the 1-GPU host test-a, two runs both asking for GPU 0: the second waits (QUEUED, position 1,
//    on its run page and on /queue) and starts by itself once the first has succeeded.
import path from "node:path";
import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { screenshot, signInAs, withDb } from "./helpers/auth";
import { deleteFinishedRuns, ensureHostRegistered, headerStatus, hostIdOf, recordHeaderStatuses, runEvents, runIdFromUrl, runRow,
  sandboxHost, seenStatuses } from "./helpers/runs";

const FIXTURE = path.join(import.meta.dirname, "../lib/presets/testdata/lf-examples/qwen3_lora_sft.yaml");
const HOST_B = process.env.E2E_LAUNCH_HOST ?? "test-b";
const HOST_A = process.env.E2E_QUEUE_HOST ?? "test-a"; // one GPU
const stamp = Date.now().toString(36);
const PRESET = `e2e-launch-qwen3-${stamp}`;
// identity (91) + alpaca_en_demo capped at 300 samples, 8 per optimizer step: ~49 steps an epoch,
// 3 epochs ≈ 150 steps ≈ 8 s at 0.05 s/step. Long enough to see RUNNING, well under a minute.
const SHORT = ["max_samples=300", "num_train_epochs=3", "logging_steps=5", "save_steps=50"];
// The queue holder: ≈ 410 steps ≈ 20 s, so there is time to look at the waiting run.
const HOLDER = ["max_samples=1000", "num_train_epochs=3", "logging_steps=10", "save_steps=200"];

const created: string[] = [];
test.afterAll(async () => {
  await deleteFinishedRuns(created);
  await withDb((c) => c.query(`DELETE FROM presets WHERE name = $1 AND NOT EXISTS (SELECT 1 FROM runs r JOIN preset_versions v ON v.id = r."presetVersionId" WHERE v."presetId" = presets.id)`, [PRESET]));
});

async function presetId(): Promise<string> {
  const r = await withDb((c) => c.query<{ id: string }>(`SELECT id FROM presets WHERE name = $1`, [PRESET]));
  if (!r.rows[0]) throw new Error(`preset ${PRESET} was not created`);
  return r.rows[0].id;
}

/** Fills the launch page (already open on the preset) and presses Launch; returns the new run id. */
async function launchFromPage(page: Page, o: { hostName: string; gpus: number[]; overrides: string[]; name: string; expectBusy?: boolean }): Promise<string> {
  const host = sandboxHost(o.hostName);
  await page.locator("#launch-host").selectOption(await hostIdOf(o.hostName));
  const picker = page.getByTestId("gpu-picker");
  for (let i = 0; i < host.gpus; i++) {
    const box = picker.getByLabel(`GPU ${i}`, { exact: true });
    if (o.gpus.includes(i)) await box.check();
    else await box.uncheck();
  }
  if (o.expectBusy) {
    // The busy GPU names the run holding it, and the form says the run will wait.
    await expect(picker.locator("label[data-busy]")).toContainText("busy:");
    await expect(page.getByText("A ticked GPU is busy: the run will wait in the queue")).toBeVisible();
  }
  await page.locator("#launch-overrides").fill(o.overrides.join("\n"));
  await page.locator("#launch-name").fill(o.name);
  await page.getByRole("button", { name: "Launch", exact: true }).click();
  await expect(page).toHaveURL(/\/runs\/[a-z0-9]+$/, { timeout: 20_000 });
  const id = runIdFromUrl(page.url());
  created.push(id);
  await expect(page.getByTestId("run-name")).toHaveText(o.name);
  return id;
}

test("import a fixture YAML as a preset, launch it with overrides, watch QUEUED → RUNNING → SUCCEEDED", async ({ page, context }) => {
  test.setTimeout(180_000);
  await signInAs(context);

  // Import: upload the LLaMA-Factory example as a new preset.
  await page.goto("/presets");
  const newButton = page.getByRole("button", { name: "New preset" });
  if (await newButton.isVisible()) await newButton.click();
  await page.getByLabel("Name").fill(PRESET);
  await page.getByLabel("Upload YAML file").setInputFiles(FIXTURE);
  await expect(page.getByLabel("Preset YAML")).toHaveValue(readFileSync(FIXTURE, "utf8"));
  await page.getByRole("button", { name: "Create preset" }).click();
  await expect(page.getByRole("heading", { name: PRESET })).toBeVisible();
  await expect(page.getByText("Valid training config")).toBeVisible();

  // Launch page, from the preset's own Launch link.
  await page.getByRole("link", { name: "Launch" }).click();
  await expect(page).toHaveURL(new RegExp(`/launch\\?preset=${await presetId()}`));
  await expect(page.locator("#launch-preset")).toHaveValue(await presetId());
  const name = `e2e-launch-${stamp}`;
  const runId = await launchFromPage(page, { hostName: HOST_B, gpus: [0], overrides: SHORT, name });
  await recordHeaderStatuses(page);

  // The header says where it runs and with which preset version and overrides.
  const header = page.locator("header").filter({ has: page.getByTestId("run-name") });
  await expect(header).toContainText(`on ${HOST_B} · GPUs 0`);
  await expect(header).toContainText(`preset ${PRESET}@v1`);
  await expect(page.getByTestId("run-overrides")).toContainText("max_samples=300");
  await expect(page.getByTestId("run-overrides")).toContainText("num_train_epochs=3");

  // Mid-run: RUNNING with points on the loss chart.
  await expect(headerStatus(page)).toHaveAttribute("data-status", "RUNNING", { timeout: 60_000 });
  await expect.poll(async () => Number(await page.getByTestId("chart-loss").getAttribute("data-points")), { timeout: 30_000 }).toBeGreaterThan(3);
  await screenshot(page, "launch-run-mid");

  await expect(headerStatus(page)).toHaveAttribute("data-status", "SUCCEEDED", { timeout: 90_000 });
  const seen = await seenStatuses(page);
  console.log(`run page statuses seen: ${seen.join(" → ")}`);
  // The page loads right after the launch; by then the worker may already have granted the GPU,
  // so QUEUED is not always on screen. What it did show must be in order and end RUNNING → SUCCEEDED.
  const order = ["QUEUED", "STARTING", "RUNNING", "SUCCEEDED"];
  expect(seen.every((s) => order.includes(s)), `unexpected status in ${seen.join(",")}`).toBe(true);
  expect(seen.map((s) => order.indexOf(s))).toEqual([...seen.map((s) => order.indexOf(s))].sort((a, b) => a - b));
  expect(seen.slice(-2)).toEqual(["RUNNING", "SUCCEEDED"]);
  // The QUEUED step is on the page regardless: the events timeline lists every transition.
  const events = page.getByTestId("events");
  for (const type of ["queued", "launching", "started"]) {
    await expect(events.locator("li").filter({ has: page.locator("span", { hasText: new RegExp(`^${type}$`) }) }).first()).toBeVisible();
  }
  const db = await runEvents(runId);
  expect(db.map((e) => e.type).slice(0, 3)).toEqual(["QUEUED", "LAUNCHING", "STARTED"]);

  const row = await runRow(runId);
  expect(row.exitCode).toBe(0);
  await expect(page.locator("dt", { hasText: /^exit code$/ }).locator("xpath=following-sibling::dd")).toHaveText("0 (success)");
  await expect(page.getByTestId("final-metrics")).toContainText("train_loss", { timeout: 30_000 });
  await screenshot(page, "launch-run-finished");
});

test("two runs on the one GPU of test-a: the second waits with its queue position, then starts", async ({ page, context }) => {
  test.setTimeout(240_000);
  ensureHostRegistered(HOST_A);
  expect(sandboxHost(HOST_A).gpus).toBe(1);
  await signInAs(context);
  const pid = await presetId().catch(async () => {
    // Running this test alone: import the fixture through the API instead of the page.
    const res = await page.request.post(`/api/v1/presets/import?name=${encodeURIComponent(PRESET)}`,
      { data: readFileSync(FIXTURE, "utf8"), headers: { "content-type": "application/yaml" } });
    expect(res.ok(), await res.text()).toBe(true);
    return presetId();
  });

  await page.goto(`/launch?preset=${pid}`);
  const first = `e2e-holder-${stamp}`;
  const firstId = await launchFromPage(page, { hostName: HOST_A, gpus: [0], overrides: HOLDER, name: first });
  await expect(headerStatus(page)).toHaveAttribute("data-status", "RUNNING", { timeout: 60_000 });

  // Second launch: GPU 0 shows busy with the first run's name; tick it anyway.
  await page.goto(`/launch?preset=${pid}&host=${await hostIdOf(HOST_A)}`);
  await expect(page.getByTestId("gpu-picker").getByLabel("GPU 0", { exact: true })).not.toBeChecked();
  await expect(page.getByTestId("gpu-picker")).toContainText(`busy: ${first}`);
  const second = `e2e-waiter-${stamp}`;
  const secondId = await launchFromPage(page, { hostName: HOST_A, gpus: [0], overrides: SHORT, name: second, expectBusy: true });
  await recordHeaderStatuses(page);

  // Its run page: QUEUED, first in line, waiting for GPU 0 held by the first run.
  await expect(headerStatus(page)).toHaveAttribute("data-status", "QUEUED");
  const pos = page.getByTestId("run-queue-position");
  await expect(pos).toHaveAttribute("data-position", "1");
  await expect(pos).toHaveText(`Waiting for GPUs on ${HOST_A} — position 1 in the queue`);
  await expect(page.getByTestId("queue-reason")).toHaveText(`GPU 0 held by ${first}`);
  await screenshot(page, "launch-run-queued");
  expect((await runRow(firstId)).status).toBe("RUNNING"); // still holding the GPU while we looked

  // The queue page shows the same.
  await page.goto("/queue");
  const section = page.getByRole("region", { name: `Queue on ${HOST_A}` });
  const entry = section.locator(`tr[data-run-id="${secondId}"]`);
  await expect(entry).toBeVisible();
  await expect(entry.getByTestId("queue-position")).toHaveText("1");
  await expect(entry).toContainText(second);
  await expect(entry).toContainText(`GPU 0 held by ${first}`);
  await screenshot(page, "queue-waiting-run");

  // Back on its page: it starts by itself once the holder ends, and finishes.
  await page.goto(`/runs/${secondId}`);
  await recordHeaderStatuses(page);
  await expect(headerStatus(page)).toHaveAttribute("data-status", /^(RUNNING|SUCCEEDED)$/, { timeout: 90_000 });
  const holder = await runRow(firstId);
  expect(holder.status).toBe("SUCCEEDED");
  await expect(page.getByTestId("run-queue-position")).toHaveCount(0);
  await expect(headerStatus(page)).toHaveAttribute("data-status", "SUCCEEDED", { timeout: 60_000 });
  const seen = await seenStatuses(page);
  console.log(`queued run page statuses seen: ${seen.join(" → ")}`);
  expect(seen[0]).toBe("QUEUED");
  expect(seen).toContain("RUNNING");
  // It started only after the holder finished: its STARTED event is later than the holder's end.
  const times = await withDb((c) => c.query<{ started: Date; finished: Date }>(
    `SELECT (SELECT "createdAt" FROM run_events WHERE "runId" = $1 AND type = 'STARTED') AS started,
            (SELECT "finishedAt" FROM runs WHERE id = $2) AS finished`, [secondId, firstId]));
  expect(times.rows[0]!.started.getTime()).toBeGreaterThanOrEqual(times.rows[0]!.finished.getTime());
  await page.goto("/queue");
  await expect(page.locator(`tr[data-run-id="${secondId}"]`)).toHaveCount(0);
});
