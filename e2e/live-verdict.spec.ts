// The live verdict: while a run trains on a sandbox host, its page shows the verdict so far and each
// rule's progress, updated by the page's poll (no reload), and the runs list shows it in the verdict
// column marked live; once the run ends the list shows the final verdict. A log without any loss is
// shown as "not judgeable".
import { expect, test, type Page } from "@playwright/test";
import { screenshot, signInAs, withDb } from "./helpers/auth";
import { runRow, waitForRunStatus } from "./helpers/runs";

const SANDBOX_HOST = process.env.E2E_WATCH_HOST ?? "test-b";
const created: string[] = [];
test.afterAll(async () => {
  if (created.length) await withDb((c) => c.query(`DELETE FROM runs WHERE id = ANY($1)`, [created]));
});

/** Screenshots at 1024 and 1600 px, light and dark (the theme follows the system colour scheme). */
async function shots(page: Page, name: string) {
  for (const width of [1024, 1600]) {
    for (const scheme of ["light", "dark"] as const) {
      await page.setViewportSize({ width, height: 900 });
      await page.emulateMedia({ colorScheme: scheme });
      await page.evaluate(() => { localStorage.removeItem("ff-theme"); document.documentElement.classList.toggle("dark", matchMedia("(prefers-color-scheme: dark)").matches); });
      await screenshot(page, `${name}-${width}-${scheme}`);
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
}

const stepOf = async (page: Page) => Number(await page.getByTestId("live-verdict").getAttribute("data-step"));

test("a training run shows its verdict so far and each rule's progress; the list has a verdict column", async ({ page, context }) => {
  test.setTimeout(300_000);
  await signInAs(context);
  const name = `live-verdict-${Date.now().toString(36)}`;
  // 7,200 train samples, batch 16: 450 steps per epoch, an eval every 25 steps (~75 s on the sandbox host).
  const res = await page.request.post("/api/v1/runs", {
    data: { preset: "LoRA SFT 7B (24 GB)", host: SANDBOX_HOST, gpus: [0], name,
      overrides: { dataset: "alpaca_en", max_samples: 8000, num_train_epochs: 2, logging_steps: 5, eval_steps: 25, save_steps: 1000 } },
  });
  expect(res.status(), await res.text()).toBe(201);
  const { runId } = (await res.json()) as { runId: string };
  created.push(runId);

  await page.goto(`/runs/${runId}`);
  await page.evaluate(() => { (window as unknown as { __sameDocument: boolean }).__sameDocument = true; });
  const panel = page.getByTestId("live-verdict");
  // The verdict so far, marked live, before any rule fired or the run ended.
  await expect(panel.getByTestId("live-verdict-value").locator("[data-live='yes']")).toBeVisible({ timeout: 120_000 });
  await expect(panel.getByRole("heading", { name: "Verdict so far" })).toBeVisible();
  // Eval patience counts evaluations once they arrive ("eval patience: 1 of 3 evaluations …").
  const patience = panel.locator("[data-testid='rule-progress'][data-rule='patience']");
  await expect(patience).toContainText(/\d of 3 evaluations/, { timeout: 90_000 });
  expect(await panel.locator("[data-testid='rule-progress']").count()).toBeGreaterThanOrEqual(5);
  // It moves with the run, on the page's own poll.
  const s0 = await stepOf(page);
  await expect.poll(() => stepOf(page), { timeout: 30_000 }).toBeGreaterThan(s0);
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
  expect((await runRow(runId)).status).toBe("RUNNING");
  await shots(page, "live-verdict-run-page");

  // The runs list: a verdict column, this run's cell marked live while it trains.
  await page.goto("/");
  await expect(page.getByRole("columnheader", { name: "Verdict" })).toBeVisible();
  const cell = page.locator(`tr[data-run-id="${runId}"] [data-testid="run-verdict-cell"]`);
  await expect(cell.locator("[data-live='yes']")).toBeVisible({ timeout: 15_000 });
  expect((await runRow(runId)).status).toBe("RUNNING");
  await shots(page, "live-verdict-runs-list");

  // Once it ends the list shows the final verdict, no longer marked live (the table polls; no reload).
  await expect(cell.locator("[data-live='no']")).toBeVisible({ timeout: 180_000 });
  // A rule's stop writes the final verdict while the run is still STOPPING: let the stop land.
  expect(["SUCCEEDED", "STOPPED_EARLY"]).toContain((await waitForRunStatus(runId, ["SUCCEEDED", "STOPPED_EARLY", "FAILED", "KILLED"], 60_000)).status);
  await expect(cell.locator("[data-verdict]")).toHaveAttribute("data-verdict", /^(converged|underfitting|overfitting|learning)$/);
});

test("a log with no loss at all is shown as not judgeable", async ({ page, context }) => {
  await signInAs(context);
  const runId = `e2enj${Date.now().toString(36)}`;
  created.push(runId);
  const live = {
    verdict: "not-judgeable", why: "the log has no train or eval loss (predict-only, or only the final summary line)", judgeable: false,
    lastStep: 510, totalSteps: 512, bestStep: null, bestEvalLoss: null, stopped: null, rules: [], at: new Date().toISOString(),
  };
  // Seeded like a finished predict-only run (the simulator trains; it has no predict mode).
  await withDb((c) => c.query(`INSERT INTO runs (id, name, status, "hostId", "gpuIndices", "configYaml", "outputDir", "startedAt", "finishedAt", "updatedAt",
      "lastStep", "totalSteps", verdict, "liveVerdict", "finalMetrics")
    SELECT $1, 'predict-only run', 'SUCCEEDED', id, '{0}', 'do_predict: true', '/nonexistent', now() - interval '10 minutes', now(), now(),
      510, 512, 'not-judgeable', $3::jsonb, $4::jsonb FROM hosts WHERE name = $2`,
    [runId, SANDBOX_HOST, JSON.stringify(live), JSON.stringify({ rules: { verdict: "not-judgeable", reason: live.why } })]));
  await page.goto(`/runs/${runId}`);
  await expect(page.getByTestId("run-verdict")).toHaveText("not judgeable");
  await expect(page.getByTestId("verdict")).toContainText("not judgeable");
  await expect(page.getByTestId("live-verdict-value")).toContainText("not judgeable");
  await shots(page, "live-verdict-not-judgeable");
  await page.goto("/");
  await expect(page.locator(`tr[data-run-id="${runId}"] [data-testid="run-verdict-cell"]`)).toHaveText("not judgeable");
});
