// Watching runs: a live run on a sandbox host grows on the page without reloads and survives a
// reload unchanged; a finished 1,000,000-point run loads bucketed and zooms into raw points.
import { expect, test, type Page } from "@playwright/test";
import { screenshot, signInAs, withDb } from "./helpers/auth";

const SANDBOX_HOST = process.env.E2E_WATCH_HOST ?? "test-b";
const created: string[] = [];
test.afterAll(async () => {
  if (created.length) await withDb((c) => c.query(`DELETE FROM runs WHERE id = ANY($1)`, [created]));
});

const pointsOf = async (page: Page, id: string) => Number(await page.getByTestId(id).getAttribute("data-points"));

test("a live run's curves grow in place and a reload shows the same curve", async ({ page, context }) => {
  test.setTimeout(240_000);
  await signInAs(context);
  const res = await page.request.post("/api/v1/runs", {
    data: { preset: "LoRA SFT 7B (24 GB)", host: SANDBOX_HOST, gpus: [1], name: `watch-${Date.now().toString(36)}`,
      overrides: { max_samples: 6000, num_train_epochs: 2, logging_steps: 5, eval_steps: 100, save_steps: 100 } },
  });
  expect(res.status(), await res.text()).toBe(201);
  const { runId } = (await res.json()) as { runId: string };
  created.push(runId);

  await page.goto(`/runs/${runId}`);
  await expect(page.getByRole("heading", { name: /watch-/ })).toBeVisible();
  // The worker launches it and the poller starts ingesting: points appear without any navigation.
  await page.evaluate(() => { (window as unknown as { __sameDocument: boolean }).__sameDocument = true; });
  await expect.poll(() => pointsOf(page, "chart-loss"), { timeout: 120_000 }).toBeGreaterThan(5);
  const first = await pointsOf(page, "chart-loss");
  await expect.poll(() => pointsOf(page, "chart-loss"), { timeout: 60_000 }).toBeGreaterThan(first + 5);
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
  await expect(page.getByTestId("progress-step")).not.toHaveText(/^– /);
  await screenshot(page, "watch-live-run");

  // Reload mid-run: the curve up to what was already stored is identical.
  const before = await (await page.request.get(`/api/runs/${runId}/series?axis=step`)).json() as { series: { loss: { points: { x: number; y: number }[] } } };
  await page.reload();
  await expect.poll(() => pointsOf(page, "chart-loss"), { timeout: 30_000 }).toBeGreaterThanOrEqual(before.series.loss.points.length);
  const after = await (await page.request.get(`/api/runs/${runId}/series?axis=step`)).json() as typeof before;
  expect(after.series.loss.points.slice(0, before.series.loss.points.length)).toEqual(before.series.loss.points);
  await screenshot(page, "watch-after-reload");

  // The run finishes: final metrics arrive without a manual reload.
  await expect(page.locator('[data-status="SUCCEEDED"]').first()).toBeVisible({ timeout: 150_000 });
  await expect(page.getByTestId("final-metrics")).toContainText("train_loss", { timeout: 60_000 });
  await screenshot(page, "watch-finished-run");
});

test("a finished 1,000,000-point run loads bucketed, shows its NaN tail, and zooms into raw points", async ({ page, context }) => {
  test.setTimeout(300_000);
  await signInAs(context);
  const runId = `e2e1m${Date.now().toString(36)}`;
  created.push(runId);
  // Seeded in SQL (a million rows through a browser test would take minutes); the shape is a real
  // run's: decaying noisy loss, cosine lr, an eval every 1000 steps, NaN for the last 20 steps.
  await withDb(async (c) => {
    await c.query(`INSERT INTO runs (id, name, status, "hostId", "gpuIndices", "configYaml", "outputDir", "startedAt", "finishedAt", "updatedAt",
        "lastStep", "totalSteps", "lastLoss", "logOffset", "stopRule", "stopStep", "stopReason", verdict, "bestStep")
      SELECT $1, 'million-point run', 'FAILED', id, '{0}', 'learning_rate: 3.0e-4', '/nonexistent', now() - interval '5 hours', now(), now(),
        1000000, 1000000, 'NaN', 230000000, 'nonFinite', 999981, 'loss NaN at step 999981', 'failed', 990000 FROM hosts WHERE name = $2`, [runId, SANDBOX_HOST]);
    await c.query(`INSERT INTO metric_points ("runId","offset",kind,segment,step,"totalSteps",epoch,loss,lr,"gradNorm",throughput,"elapsedS")
      SELECT $1, g::bigint * 230, 'TRAIN', 0, g, 1000000, g / 333333.0,
        CASE WHEN g > 999980 THEN 'NaN'::float8 ELSE 2.5 * exp(-3.0 * g / 1000000) + 0.6 + (random() - 0.5) * 0.2 END,
        3e-4 * (0.5 + 0.5 * cos(pi() * g / 1000000)), 0.5 + random(), 3000 + random() * 100, g / 55
      FROM generate_series(1, 1000000) g`, [runId]);
    await c.query(`INSERT INTO metric_points ("runId","offset",kind,segment,step,"totalSteps",epoch,"evalLoss","elapsedS")
      SELECT $1, g::bigint * 230 + 1, 'EVAL', 0, g, 1000000, g / 333333.0, 2.6 * exp(-3.0 * g / 1000000) + 0.7, g / 55
      FROM generate_series(1000, 999000, 1000) g`, [runId]);
    await c.query(`ANALYZE metric_points`);
  });
  const t0 = Date.now();
  await page.goto(`/runs/${runId}`);
  await expect(page.getByTestId("series-info")).toHaveAttribute("data-bucketed", "yes");
  const loadMs = Date.now() - t0;
  console.log(`1M-point run page loaded in ${loadMs} ms (navigation to rendered, incl. server)`);
  const pts = await pointsOf(page, "chart-loss");
  expect(pts).toBeGreaterThan(1000);
  expect(pts).toBeLessThanOrEqual(4100); // ≤ 2,000 train + ≤ 2,000 eval, whatever the run's size
  await expect(page.getByTestId("chart-loss-nonfinite")).toContainText("20 non-finite");
  await expect(page.getByTestId("chart-loss")).toHaveAttribute("data-zoom", "ready");
  // The step the stop rule fired at and the best step are marked on the charts.
  await expect(page.getByTestId("chart-loss")).toHaveAttribute("data-markers", "best (step 990000)|nonFinite fired (step 999981)");
  await expect(page.getByTestId("verdict")).toContainText("failed");
  await screenshot(page, "watch-1m-run");

  // Drag-zoom twice on the loss chart: each zoom fetches finer buckets; the second is raw points.
  const canvas = page.getByTestId("chart-loss").locator("canvas");
  const dragZoom = async (fromFrac: number, toFrac: number) => {
    const box = (await canvas.boundingBox())!;
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + box.width * fromFrac, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * ((fromFrac + toFrac) / 2), y, { steps: 4 });
    await page.mouse.move(box.x + box.width * toFrac, y, { steps: 4 });
    await page.mouse.up();
  };
  await dragZoom(0.45, 0.5);
  await expect(page.getByTestId("series-info")).toContainText("zoomed");
  await dragZoom(0.5, 0.52);
  await expect(page.getByTestId("series-info")).toHaveAttribute("data-bucketed", "no", { timeout: 30_000 });
  const raw = Number(await page.getByTestId("series-info").getAttribute("data-count"));
  expect(raw).toBeGreaterThan(10);
  expect(raw).toBeLessThanOrEqual(2000);
  await screenshot(page, "watch-1m-zoomed");
  await page.getByRole("button", { name: "Reset zoom" }).first().click();
  await expect(page.getByTestId("series-info")).toHaveAttribute("data-bucketed", "yes");
});
