// A sweep from a preset page, end to end on the sandbox hosts: random search over a learning_rate log
// range (seeded so four of the eight draws are far too low to learn in one short epoch), three trials at
// once on test-a GPU 0 and test-b GPUs 0-1, median stopping. The low-lr trials are pruned by the
// cross-trial stopper (graceful early stop, reason on the leaderboard), the best trial is promoted to
// the preset's next version, and the pages are screenshotted at 1024/1600 px, light and dark.
import { expect, test, type Page } from "@playwright/test";
import { parse } from "yaml";
import { signInAs, withDb } from "./helpers/auth";
import { screenshotAll } from "./helpers/screens";
import { deleteFinishedRuns, ensureHostRegistered, waitForRunStatus } from "./helpers/runs";

const stamp = Date.now().toString(36);
const PRESET = `sweep-e2e-${stamp}`;
const YAML = `### model
model_name_or_path: Qwen/Qwen2.5-7B-Instruct
stage: sft
do_train: true
finetuning_type: lora
### dataset
dataset: alpaca_en_demo
template: qwen
max_samples: 800
val_size: 0.1
### train
per_device_train_batch_size: 2
gradient_accumulation_steps: 4
learning_rate: 1.0e-4
num_train_epochs: 1.0
lr_scheduler_type: cosine
warmup_ratio: 0.1
bf16: true
logging_steps: 5
save_steps: 10
eval_strategy: steps
eval_steps: 5
output_dir: saves/placeholder
`;
const runIds: string[] = [];
test.afterAll(async () => {
  await deleteFinishedRuns(runIds);
});

async function shots(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshotAll(page, name);
  await page.setViewportSize({ width: 1600, height: 900 });
}

test("sweep of 8 trials: low-lr trials pruned by median stopping, best promoted to a preset version", async ({ page, context }) => {
  test.setTimeout(180_000);
  ensureHostRegistered("test-a");
  await signInAs(context);
  const created = await page.request.post("/api/v1/presets", { data: { name: PRESET, yaml: YAML } });
  expect(created.status(), await created.text()).toBe(201);
  const { id: presetId } = await created.json();

  await page.setViewportSize({ width: 1600, height: 900 });
  await page.goto(`/presets/${presetId}`);
  await page.getByTestId("preset-sweep").click();
  await expect(page.getByRole("heading", { name: `Sweep ${PRESET}` })).toBeVisible();
  await page.locator("#sweep-name").fill(`lr-${stamp}`);
  await page.getByTestId("min-0").fill("0"); // refused, naming the key
  await page.getByTestId("max-0").fill("1e-3");
  await page.getByTestId("sweep-seed").fill("73");
  await page.getByTestId("sweep-budget").fill("8");
  await page.getByTestId("sweep-concurrency").fill("3");
  await page.getByTestId("stopper-min-trials").fill("3");
  await page.getByTestId("stopper-warmup").fill("10");
  for (const [h, g] of [["test-b", 0], ["test-b", 1], ["test-a", 0]] as const) await page.getByTestId(`gpu-${h}-${g}`).check();
  await page.getByTestId("start-sweep").click();
  await expect(page.getByTestId("key-errors-0")).toContainText("space.learning_rate.min");
  await expect(page.getByTestId("key-errors-0")).toContainText("must be above 0 for a log range");
  await shots(page, "sweep-form-error");
  await page.getByTestId("min-0").fill("1e-6");
  await page.getByTestId("start-sweep").click();
  await expect(page).toHaveURL(/\/sweeps\/[a-z0-9]+$/, { timeout: 30_000 });
  const sweepId = new URL(page.url()).pathname.split("/").pop()!;
  await expect(page.getByTestId("sweep-spec")).toContainText("Random (seed 73) over learning_rate log [0.000001, 0.001]");

  // The seeded draws, in trial order (lib/sweeps/sample-trials): trials 4, 6, 7 and 8 are ~1e-6.
  const trials = await withDb(async (c) => (await c.query<{ index: number; params: { learning_rate: number } }>(
    `SELECT index, params FROM sweep_trials WHERE "sweepId" = $1 ORDER BY index`, [sweepId])).rows);
  expect(trials.map((t) => t.params.learning_rate)).toEqual([0.000175, 0.00046, 0.000933, 0.00000375, 0.000442, 0.00000154, 0.00000478, 0.00000231]);

  await expect.poll(async () => (await withDb((c) => c.query<{ status: string }>(`SELECT status::text FROM sweeps WHERE id = $1`, [sweepId]))).rows[0]?.status,
    { timeout: 150_000, intervals: [1000] }).toBe("FINISHED");
  const rows = await withDb(async (c) => (await c.query<{ index: number; pruneRule: string | null; pruneReason: string | null; runId: string; status: string; stopRule: string | null; createdAt: Date; finishedAt: Date }>(
    `SELECT t.index, t."pruneRule", t."pruneReason", t."runId", r.status::text AS status, r."stopRule", r."createdAt", r."finishedAt"
       FROM sweep_trials t JOIN runs r ON r.id = t."runId" WHERE t."sweepId" = $1 ORDER BY t.index`, [sweepId])).rows);
  runIds.push(...rows.map((r) => r.runId));
  expect(rows).toHaveLength(8);
  const pruned = rows.filter((r) => r.pruneRule === "median");
  console.log(rows.map((r) => `#${r.index + 1} ${r.status} ${r.stopRule ?? ""} ${r.pruneReason ?? ""}`).join("\n"));
  expect(pruned.length, "at least 2 trials pruned by the cross-trial stopper").toBeGreaterThanOrEqual(2);
  // The far-too-low learning rates are the ones behind (median stopping may also catch a good trial that is
  // marginally behind the median at its step: that is the rule). Each went through the graceful early stop.
  expect(pruned.filter((r) => [3, 5, 6, 7].includes(r.index)).length, "low-lr trials pruned").toBeGreaterThanOrEqual(2);
  for (const r of pruned) {
    expect(r.pruneReason).toMatch(/^below the median of \d+ trials at step \d+ \(best eval loss [\d.]+, median [\d.]+\)$/);
    expect(r.status).toBe("STOPPED_EARLY");
    expect(r.stopRule).toBe("sweep-median");
  }
  // Never more than 3 trials between queued and finished at the same moment.
  for (const r of rows) {
    const overlapping = rows.filter((o) => o.createdAt <= r.createdAt && o.finishedAt > r.createdAt).length;
    expect(overlapping, `trial ${r.index + 1} started while ${overlapping - 1} others were live`).toBeLessThanOrEqual(3);
  }
  const events = await withDb(async (c) => (await c.query<{ message: string }>(`SELECT message FROM run_events WHERE "runId" = $1 AND type = 'RULE_FIRED'`, [pruned[0]!.runId])).rows);
  expect(events[0]?.message).toMatch(/^Sweep stopper \(median stopping\) stopped the run at step \d+: below the median/);

  await page.reload();
  await expect(page.locator("[data-sweep-status]").first()).toHaveAttribute("data-sweep-status", "FINISHED");
  const prunedRows = page.locator('[data-testid="trial-row"][data-pruned="median"]');
  await expect(prunedRows).toHaveCount(pruned.length);
  await expect(prunedRows.first().getByTestId("trial-reason")).toContainText(/below the median of \d+ trials at step \d+/);
  await expect(page.getByTestId("parallel-coords").locator("path[data-run]")).toHaveCount(8);
  await expect(page.getByTestId("trials-timeline").locator("[data-trial] rect")).toHaveCount(8);
  // The leaderboard's first row is the best trial (lowest eval loss).
  const firstBest = Number(await page.getByTestId("trial-best").first().innerText());
  const allBest = (await page.getByTestId("trial-best").allInnerTexts()).map(Number).filter((x) => Number.isFinite(x));
  expect(firstBest).toBe(Math.min(...allBest));

  await page.getByTestId("promote-best").click();
  await page.getByRole("button", { name: "Save new version" }).click();
  await expect(page.getByTestId("sweep-promoted")).toContainText(`${PRESET} v2`);
  const v2 = await withDb(async (c) => (await c.query<{ yaml: string; message: string }>(
    `SELECT pv.yaml, pv.message FROM preset_versions pv WHERE pv."presetId" = $1 AND pv.version = 2`, [presetId])).rows[0]);
  const best = await withDb(async (c) => (await c.query<{ params: { learning_rate: number }; index: number }>(
    `SELECT t.params, t.index FROM sweeps s JOIN sweep_trials t ON t.id = s."promotedTrialId" WHERE s.id = $1`, [sweepId])).rows[0]!);
  expect(best.params.learning_rate).toBeGreaterThan(1e-4); // a pruned low-lr trial never wins
  expect(Number(parse(v2!.yaml).learning_rate)).toBe(best.params.learning_rate);
  expect(v2!.yaml).toContain("### train"); // comments and layout kept
  expect(v2!.message).toContain(`trial ${best.index + 1}`);
  const audit = await withDb(async (c) => (await c.query<{ n: string }>(`SELECT count(*) AS n FROM audit_events WHERE action = 'sweep.promote' AND "targetId" = $1`, [sweepId])).rows[0]!.n);
  expect(Number(audit)).toBe(1);
  await shots(page, "sweep-page");

  await page.getByRole("link", { name: "Sweeps", exact: true }).click();
  await expect(page.getByTestId("sweep-row").filter({ hasText: `lr-${stamp}` })).toContainText(/finished/);
  await shots(page, "sweeps-list");
});

test("try the advised change: a diverged run launches its child with a 3× lower learning rate, linked to it", async ({ page, context }) => {
  await signInAs(context);
  const created = await page.request.post("/api/v1/presets", { data: { name: `${PRESET}-adv`, yaml: YAML } });
  expect(created.status(), await created.text()).toBe(201);
  const presetVersion1 = (await created.json()).versionId as string;
  const parent = `adv${stamp}`;
  runIds.push(parent);
  // A finished run whose rules said "diverged" (its curves are not what this spec is about).
  await withDb((c) => c.query(`INSERT INTO runs (id, name, status, verdict, "hostId", "gpuIndices", "presetVersionId", overrides, "configYaml", "outputDir", "startedAt", "finishedAt", "updatedAt")
    SELECT $1, $2, 'STOPPED_EARLY', 'diverged', id, '{0}', $3, $4, $5, '/nonexistent', now(), now(), now() FROM hosts WHERE name = 'test-b'`,
    [parent, `diverged-${stamp}`, presetVersion1, JSON.stringify({ learning_rate: 0.0002, max_samples: 80 }), YAML.replace("learning_rate: 1.0e-4", "learning_rate: 2.0e-4").replace("max_samples: 800", "max_samples: 80")]));
  await page.goto(`/runs/${parent}`);
  const box = page.getByTestId("advised-change");
  await expect(box.getByTestId("advised-lower-lr")).toHaveText("Lower the learning rate 3×: learning_rate 0.0002 → 0.0000667");
  await shots(page, "advised-change");
  await box.getByTestId("advised-lower-lr").click();
  await page.getByRole("button", { name: "Launch child run" }).click();
  await expect(page).toHaveURL(/\/runs\/r[a-z0-9]+$/);
  const child = new URL(page.url()).pathname.split("/").pop()!;
  runIds.push(child);
  await expect(page.getByText("child of")).toBeVisible();
  const row = await withDb(async (c) => (await c.query<{ parentRunId: string; overrides: Record<string, unknown>; gpuIndices: number[] }>(
    `SELECT "parentRunId", overrides, "gpuIndices" FROM runs WHERE id = $1`, [child])).rows[0]!);
  expect(row).toEqual({ parentRunId: parent, overrides: { learning_rate: 0.0000667, max_samples: 80 }, gpuIndices: [0] });
  await page.request.post(`/api/v1/runs/${child}/kill`, { data: {} });
  await waitForRunStatus(child, ["KILLED", "CANCELLED", "SUCCEEDED", "FAILED", "STOPPED", "STOPPED_EARLY"], 60_000);
});
