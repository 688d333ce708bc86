// Compare at scale: 12 runs (3 learning rates x 4 seeds, one blown up), grouped by learning_rate with
// mean + min/max bands, log-y and outlier clipping, parallel coordinates with a brush that filters the
// tables; the whole view survives a reload from its URL. Also: the run picker adds and removes a run.
import { expect, test, type Page } from "@playwright/test";
import { screenshot, signInAs, withDb } from "./helpers/auth";

const stamp = Date.now().toString(36);
const LRS = ["1.0e-5", "1.0e-4", "1.0e-3"];
const ids: string[] = [];

test.beforeAll(async () => {
  await withDb(async (c) => {
    for (let i = 0; i < 13; i++) {
      const id = `cv${stamp}${String(i).padStart(2, "0")}`;
      ids.push(id);
      const lr = LRS[i % 3]!;
      const blown = i === 2; // an lr 1e-3 run whose loss explodes
      const extra = i === 12; // not in the comparison at first: the run picker adds it
      await c.query(`INSERT INTO runs (id, name, status, "hostId", "gpuIndices", "configYaml", "outputDir", "startedAt", "finishedAt", "updatedAt", "lastStep", "totalSteps", "lastLoss", "bestEvalLoss", tags)
        SELECT $1, $2, 'SUCCEEDED', id, '{0}', $3, '/nonexistent', now() - interval '1 hour', now(), now(), 200, 200, $4::float8, $5::float8, $6
          FROM hosts WHERE NOT archived ORDER BY "createdAt" LIMIT 1`,
        [id, extra ? `cv${stamp} extra` : `cv${stamp} lr${lr} seed${Math.floor(i / 3)}`,
          `stage: sft\nlearning_rate: ${lr}\nlora_rank: 8\nseed: ${i}\n`, blown ? "1000" : String(0.4 + (i % 3) * 0.2), String(0.5 + (i % 3) * 0.2), i % 2 ? ["odd"] : ["even"]]);
      await c.query(`INSERT INTO metric_points ("runId","offset",kind,segment,step,"totalSteps",epoch,loss,lr,"elapsedS")
        SELECT $1, g * 200, 'TRAIN', 0, g, 200, g / 66.0,
               CASE WHEN $2 AND g > 120 THEN 5 * exp((g - 120) / 10.0) ELSE 2.0 * exp(-g / 40.0) + $3::float8 + (random() - 0.5) * 0.05 END, $4::float8, g * 2
          FROM generate_series(2, 200, 2) g`, [id, blown, 0.4 + (i % 3) * 0.2, Number(lr)]);
      await c.query(`INSERT INTO metric_points ("runId","offset",kind,segment,step,"totalSteps",epoch,"evalLoss","elapsedS")
        SELECT $1, g * 200 + 1, 'EVAL', 0, g, 200, g / 66.0, 2.1 * exp(-g / 40.0) + $2::float8, g * 2 FROM generate_series(20, 200, 20) g`, [id, 0.5 + (i % 3) * 0.2]);
    }
  });
});
test.afterAll(async () => {
  await withDb((c) => c.query(`DELETE FROM runs WHERE id = ANY($1)`, [ids]));
});

async function shots(page: Page, name: string) {
  for (const width of [1024, 1600]) {
    for (const scheme of ["light", "dark"] as const) {
      await page.setViewportSize({ width, height: 1000 });
      await page.emulateMedia({ colorScheme: scheme });
      await page.reload();
      await expect(page.getByTestId("parallel-coords").locator("svg")).toBeVisible();
      await page.waitForTimeout(300);
      await screenshot(page, `${name}-${width}-${scheme}`);
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
}

test("grouping, log-y, clipping and parallel coordinates survive a reload from the URL", async ({ page, context }) => {
  await signInAs(context);
  await page.setViewportSize({ width: 1600, height: 1000 });
  const twelve = ids.slice(0, 12);
  await page.goto(`/compare?runs=${twelve.join(",")}`);
  await expect(page.getByRole("heading", { name: "Compare 12 runs" })).toBeVisible();
  await expect.poll(async () => Number(await page.getByTestId("compare-loss").getAttribute("data-points"))).toBe(12 * 100);

  // 12 runs: one row per run in the hyperparameter table; only differing keys.
  const hp = page.getByTestId("hparam-table");
  await expect(hp.locator("tbody tr")).toHaveCount(12);
  await expect(hp.locator('th[data-key="learning_rate"]')).toHaveAttribute("data-differs", "yes");
  await expect(hp.locator('th[data-key="lora_rank"]')).toHaveCount(0);

  // Group by learning rate: three groups, each a mean line with a band.
  await page.getByTestId("compare-group").selectOption("hp:learning_rate");
  await expect(page.getByTestId("run-legend").locator("[data-group]")).toHaveCount(3);
  await expect(page.getByTestId("run-legend").locator("[data-group]").first()).toContainText("×4");
  await expect(page).toHaveURL(/group=hp:learning_rate/);
  // Expand the 0.001 group back into its runs.
  await page.getByTestId("run-legend").locator('[data-group="0.001"]').click();
  await expect(page.getByTestId("run-legend").locator('[data-group="0.001"]')).toHaveAttribute("aria-expanded", "true");
  await page.getByTestId("logy-loss").click();
  await page.getByTestId("clip-gradNorm").click();
  await page.getByTestId("clip-loss").click();
  await expect(page).toHaveURL(/logy=lr,loss|logy=loss,lr/);
  await expect(page).toHaveURL(/clip=gradNorm,loss/);

  // Parallel coordinates: default axes are the differing numeric keys and the outcomes.
  const pc = page.getByTestId("parallel-coords");
  await expect(pc.locator("svg")).toHaveAttribute("data-axes", "hp:learning_rate,hp:seed,m:eval_loss:best,loss");
  await pc.getByTestId("pc-log-hp:learning_rate").click();
  await expect(page).toHaveURL(/pclog=hp:learning_rate/);
  // Brush the top of the learning_rate axis (1e-3 on a log axis): 4 runs stay.
  const hit = pc.getByTestId("pc-hit-hp:learning_rate");
  // The chart sits below the fold at 1000 px: a mouse outside the viewport reaches no element.
  await pc.locator("svg").scrollIntoViewIfNeeded();
  const box = (await hit.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.2, { steps: 5 });
  await page.mouse.up();
  await expect(page.getByTestId("brush-summary")).toContainText("4 of 12 runs");
  await expect(hp.locator("tbody tr")).toHaveCount(4);
  await expect(page.getByTestId("outcomes").locator("tbody tr")).toHaveCount(4);
  await expect(page).toHaveURL(/brush=hp:learning_rate:/);

  // Reload from the URL: every setting is back.
  const url = page.url();
  await page.goto(url);
  await expect(page.getByTestId("compare-group")).toHaveValue("hp:learning_rate");
  await expect(page.getByTestId("run-legend").locator('[data-group="0.001"]')).toHaveAttribute("aria-expanded", "true");
  await expect(page.getByTestId("logy-loss")).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("clip-loss")).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("pc-log-hp:learning_rate")).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("pc-brush-hp:learning_rate")).toBeVisible();
  await expect(page.getByTestId("brush-summary")).toContainText("4 of 12 runs");
  await expect(hp.locator("tbody tr")).toHaveCount(4);
  await shots(page, "compare-grouped");

  // The run picker adds a run by search (the view settings are kept) and removes one.
  await page.getByTestId("run-picker-search").fill(`cv${stamp} extra`);
  await page.locator(`[data-add="${ids[12]}"]`).click();
  await expect(page.getByRole("heading", { name: "Compare 13 runs" })).toBeVisible();
  await expect(page).toHaveURL(/group=hp:learning_rate/);
  await page.getByTestId("picked-runs").getByRole("button", { name: `Remove cv${stamp} extra` }).click();
  await expect(page.getByRole("heading", { name: "Compare 12 runs" })).toBeVisible();
});
