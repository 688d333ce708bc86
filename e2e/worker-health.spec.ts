// Worker health: with the worker frozen (SIGSTOP: it can neither beat nor say goodbye, as after a
// crash) and its last beat 45 s old, every page shows the banner; once it runs again the banner goes
// away by itself. And the worker's GPU poller: a busy GPU reads its memory on the hosts page without
// "Refresh GPUs", the host says when it was polled, and the run page charts the run's GPU samples.
import { expect, test, type Page } from "@playwright/test";
import { signInAs, withDb } from "./helpers/auth";
import { deleteFinishedRuns, waitForRunStatus } from "./helpers/runs";
import { screenshotAll } from "./helpers/screens";

const PRESET = "LoRA SFT 7B (24 GB)"; // seeded starter
const HOST = process.env.E2E_KILL_HOST ?? "test-b";
const LONG = { num_train_epochs: 50, logging_steps: 5, eval_steps: 5000, save_steps: 5000 };
const created: string[] = [];
let frozenPid = 0;

test.afterAll(async () => {
  if (frozenPid) try { process.kill(frozenPid, "SIGCONT"); } catch { /* gone */ }
  await deleteFinishedRuns(created);
});

async function liveWorkerPid(): Promise<number> {
  const r = await withDb((c) => c.query<{ pid: number }>(
    `SELECT pid FROM worker_heartbeats WHERE "stoppedAt" IS NULL AND "lastBeatAt" > (now() AT TIME ZONE 'UTC') - interval '30 seconds' ORDER BY "lastBeatAt" DESC LIMIT 1`));
  const pid = r.rows[0]?.pid;
  if (!pid) throw new Error("no live worker heartbeat (did the global setup start the worker?)");
  return pid;
}

async function launch(page: Page, name: string): Promise<string> {
  const res = await page.request.post("/api/v1/runs", { data: { preset: PRESET, host: HOST, gpus: [1], name, overrides: LONG } });
  expect(res.status(), await res.text()).toBe(201);
  const { runId } = (await res.json()) as { runId: string };
  created.push(runId);
  return runId;
}

test("a worker that stops reporting puts a banner on every page; it goes when the worker is back", async ({ page, context }) => {
  test.setTimeout(90_000);
  await signInAs(context);
  await page.goto("/");
  await expect(page.getByTestId("worker-down-banner")).toHaveCount(0);

  frozenPid = await liveWorkerPid();
  process.kill(frozenPid, "SIGSTOP");
  try {
    await withDb((c) => c.query(`UPDATE worker_heartbeats SET "lastBeatAt" = (now() AT TIME ZONE 'UTC') - interval '45 seconds' WHERE pid = $1`, [frozenPid]));
    for (const path of ["/", "/hosts", "/presets"]) {
      await page.goto(path);
      const banner = page.getByTestId("worker-down-banner");
      await expect(banner).toContainText(/No worker has reported for 4[5-9] s: runs are not being launched, watched or stopped\./);
      await expect(banner).toContainText("Start it with npm run worker.");
    }
    await page.goto("/");
    await screenshotAll(page, "worker-down-banner", { fullPage: false });
  } finally {
    process.kill(frozenPid, "SIGCONT");
    frozenPid = 0;
  }
  // The banner re-checks every 10 s; the thawed worker beats within 5 s.
  await expect(page.getByTestId("worker-down-banner")).toHaveCount(0, { timeout: 25_000 });
});

test("the worker polls GPUs: a busy GPU reads busy on the hosts page and the run page charts it", async ({ page, context }) => {
  test.setTimeout(150_000);
  await signInAs(context);
  const id = await launch(page, `e2e-gpu-poll-${Date.now().toString(36)}`);
  await waitForRunStatus(id, ["RUNNING"], 60_000);
  // Two GPU polls (10 s apart) give the run two samples for its charts.
  await expect.poll(async () => Number((await withDb((c) => c.query(`SELECT count(*)::int AS n FROM gpu_samples WHERE "runId" = $1 AND utilization > 0`, [id]))).rows[0].n), { timeout: 45_000, intervals: [1000] }).toBeGreaterThanOrEqual(2);

  await page.goto("/hosts");
  const card = page.getByTestId(`host-${HOST}`);
  await expect(card.getByTestId("host-last-poll")).toHaveText(/GPUs polled (just now|\d+ s ago)/);
  const row = card.getByTestId("gpu-table").locator("tbody tr").nth(1);
  await expect(row).toContainText("In use by");
  await expect(row).not.toContainText(/\b0 MiB\b/);
  await expect(row.locator("td").nth(3)).not.toHaveText("0%");
  await screenshotAll(page, "hosts-polled-gpus");

  await page.goto(`/runs/${id}`);
  const charts = page.getByTestId("gpu-charts");
  await expect(charts.getByTestId("gpu-util-chart").locator("canvas")).toBeVisible();
  await expect(charts.getByTestId("gpu-mem-chart").locator("canvas")).toBeVisible();
  await charts.scrollIntoViewIfNeeded();
  await screenshotAll(page, "run-gpu-charts", { clip: charts });

  const res = await page.request.post(`/api/v1/runs/${id}/kill`, { data: {} });
  expect(res.status(), await res.text()).toBeLessThan(300);
  await waitForRunStatus(id, ["KILLED"], 60_000);
});
