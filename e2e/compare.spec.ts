// Compare: two runs with different learning rates overlaid, the learning_rate row highlighted.
import { expect, test } from "@playwright/test";
import { screenshot, signInAs, withDb } from "./helpers/auth";

const created: string[] = [];
test.afterAll(async () => {
  if (created.length) await withDb((c) => c.query(`DELETE FROM runs WHERE id = ANY($1)`, [created]));
});

test("overlay two runs, see only differing keys, toggle a run off", async ({ page, context }) => {
  await signInAs(context);
  const stamp = Date.now().toString(36);
  const runs = [{ id: `cmpA${stamp}`, lr: "1.0e-4", decay: 3 }, { id: `cmpB${stamp}`, lr: "5.0e-3", decay: 0.3 }];
  await withDb(async (c) => {
    for (const r of runs) {
      created.push(r.id);
      await c.query(`INSERT INTO runs (id, name, status, "hostId", "gpuIndices", "configYaml", overrides, "outputDir", "startedAt", "finishedAt", "updatedAt", "lastStep", "totalSteps", "lastLoss")
        SELECT $1, $2, 'SUCCEEDED', id, '{0}', $3, $4, '/nonexistent', now() - interval '1 hour', now(), now(), 500, 500, 1.0 FROM hosts WHERE NOT archived ORDER BY "createdAt" LIMIT 1`,
        [r.id, `lr ${r.lr}`, `stage: sft\nlearning_rate: ${r.lr}\nnum_train_epochs: 3.0\nlora_rank: 8\n`, JSON.stringify({ learning_rate: Number(r.lr) })]);
      await c.query(`INSERT INTO metric_points ("runId","offset",kind,segment,step,"totalSteps",epoch,loss,lr,"elapsedS")
        SELECT $1, g * 200, 'TRAIN', 0, g, 500, g / 166.0, 2.5 * exp(-$2::float8 * g / 500) + 0.5 + random() * 0.05, $3::float8, g * 2
        FROM generate_series(5, 500, 5) g`, [r.id, r.decay, Number(r.lr)]);
      await c.query(`INSERT INTO metric_points ("runId","offset",kind,segment,step,"totalSteps",epoch,"evalLoss","elapsedS")
        SELECT $1, g * 200 + 1, 'EVAL', 0, g, 500, g / 166.0, 2.6 * exp(-$2::float8 * g / 500) + 0.6, g * 2 FROM generate_series(50, 500, 50) g`, [r.id, r.decay]);
    }
  });
  await page.goto(`/compare?runs=${runs.map((r) => r.id).join(",")}`);
  await expect(page.getByRole("heading", { name: "Compare 2 runs" })).toBeVisible();
  await expect.poll(async () => Number(await page.getByTestId("compare-loss").getAttribute("data-points"))).toBe(200);
  await expect(page.getByTestId("compare-evalLoss")).toHaveAttribute("data-points", "20");
  const table = page.getByTestId("hparam-table");
  await expect(table.locator('tr[data-key="learning_rate"]')).toHaveAttribute("data-differs", "yes");
  await expect(table.locator('tr[data-key="lora_rank"]')).toHaveCount(0); // same in both: hidden by default
  await page.getByTestId("show-all-keys").check();
  await expect(table.locator('tr[data-key="lora_rank"]')).toHaveAttribute("data-differs", "no");
  await expect(page.getByTestId("outcomes").locator("tbody tr")).toHaveCount(2);
  await screenshot(page, "compare-two-runs");
  await page.getByTestId("run-legend").getByRole("button", { name: /lr 5.0e-3/ }).click();
  await expect(page.getByTestId("run-legend").getByRole("button", { name: /lr 5.0e-3/ })).toHaveAttribute("aria-pressed", "false");
  await page.getByTestId("compare-x-axis").selectOption("wall");
  await expect(page.getByTestId("compare-loss")).toHaveAttribute("data-points", "200");
  await screenshot(page, "compare-wall-axis-one-hidden");
});
