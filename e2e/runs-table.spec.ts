// The runs table people live in: search, sort by a hyperparameter, a metric column as min, NaN shown
// as NaN, the view surviving a reload from its URL, pages, CSV/JSON export, and tags set on the run page.
import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { screenshot, signInAs, withDb } from "./helpers/auth";

const stamp = Date.now().toString(36);
const tag = `tbl${stamp}`;
const LRS = ["1.0e-5", "5.0e-5", "1.0e-4", "3.0e-4"];
const ids: string[] = [];

test.beforeAll(async () => {
  await withDb(async (c) => {
    for (let i = 0; i < 30; i++) {
      const id = `tbl${stamp}${String(i).padStart(2, "0")}`;
      ids.push(id);
      const nan = i === 7;
      await c.query(`INSERT INTO runs (id, name, status, "hostId", "gpuIndices", "configYaml", "outputDir", "createdAt", "startedAt", "finishedAt", "updatedAt", "lastStep", "totalSteps", "lastLoss", verdict, "stopReason", "stopRule")
        SELECT $1, $2, $3::"RunStatus", id, '{0}', $4, '/nonexistent', now() - ($5 || ' minutes')::interval, now() - ($5 || ' minutes')::interval, now(), now(), 100, 100, $6::float8, $7, $8, $9
          FROM hosts WHERE NOT archived ORDER BY "createdAt" LIMIT 1`,
        [id, nan ? `${tag}-diverged` : `${tag}-run-${i}`, nan ? "STOPPED_EARLY" : "SUCCEEDED",
          `stage: sft\nlearning_rate: ${LRS[i % 4]}\nlora_rank: ${8 << (i % 2)}\nnum_train_epochs: 3.0\n`, String(i), nan ? "NaN" : String(0.5 + i / 100),
          nan ? "diverged" : "converged", nan ? "loss is NaN at step 60" : null, nan ? "nan_loss" : null]);
      await c.query(`INSERT INTO metric_points ("runId","offset",kind,segment,step,"totalSteps",epoch,loss,lr)
        SELECT $1, g * 200, 'TRAIN', 0, g, 100, g / 33.0, CASE WHEN $2 AND g >= 60 THEN 'NaN'::float8 ELSE 2.0 * exp(-g / 30.0) + $3::float8 END, 1e-4
          FROM generate_series(1, 100) g`, [id, nan, i / 100]);
    }
  });
});
test.afterAll(async () => {
  await withDb((c) => c.query(`DELETE FROM runs WHERE id = ANY($1)`, [ids]));
});

async function shots(page: Page, name: string) {
  for (const width of [1024, 1600]) {
    for (const scheme of ["light", "dark"] as const) {
      await page.setViewportSize({ width, height: 900 });
      await page.emulateMedia({ colorScheme: scheme });
      await page.reload();
      await expect(page.getByTestId("runs-table")).toBeVisible();
      await screenshot(page, `${name}-${width}-${scheme}`);
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
}

test("search, columns, sort, NaN, reload from URL, pages, export, tags", async ({ page, context }) => {
  await signInAs(context);
  await page.setViewportSize({ width: 1600, height: 900 });
  await page.goto("/");
  await page.getByTestId("runs-search").fill(tag);
  await expect(page).toHaveURL(new RegExp(`q=${tag}`));
  await expect(page.getByTestId("runs-range")).toHaveText("1–30 of 30");

  // The diverged run's loss reads NaN (not 0), with its verdict and stop reason in their own columns.
  const nanRow = page.locator(`tr[data-run-name="${tag}-diverged"]`);
  await expect(nanRow.locator("td").nth(3 + 3)).toHaveText("NaN"); // checkbox, run, status, host, preset, progress, loss
  await expect(nanRow.locator("[data-verdict]")).toHaveText("diverged");

  // Columns: learning_rate (a hyperparameter), loss min (a metric summary) and the stop reason.
  await page.getByTestId("column-picker").click();
  await expect(page.getByTestId("hparam-options").getByText("learning_rate")).toBeVisible();
  await page.locator('input[data-col="hp:learning_rate"]').check();
  await page.locator('input[data-col="m:loss:max"]').check();
  await page.locator('input[data-col="stop"]').check();
  await expect(page).toHaveURL(/cols=.*hp%3Alearning_rate/);
  await page.keyboard.press("Escape");
  await expect(page.locator("th", { hasText: "learning_rate" })).toBeVisible();
  await expect(nanRow).toContainText("loss is NaN at step 60");

  // Sort by learning_rate ascending: numeric order, 1e-5 first.
  await page.locator('a[data-sort="hp:learning_rate"]').click();
  await expect(page).toHaveURL(/sort=hp%3Alearning_rate/);
  const lrCol = (await page.locator("thead th").allTextContents()).findIndex((t) => t.includes("learning_rate"));
  await expect(page.locator("tbody tr").first().locator("td").nth(lrCol)).toHaveText("0.00001");
  await page.locator('a[data-sort="hp:learning_rate"]').click();
  await expect(page).toHaveURL(/dir=desc/);
  await expect(page.locator("tbody tr").first().locator("td").nth(lrCol)).toHaveText("0.0003");
  const maxCol = (await page.locator("thead th").allTextContents()).findIndex((t) => t.includes("loss (max)"));
  await expect(nanRow.locator("td").nth(maxCol)).toHaveText("NaN");

  // The whole view survives a reload from its URL.
  const url = page.url();
  await page.goto(url);
  await expect(page.getByTestId("runs-search")).toHaveValue(tag);
  await expect(page.locator("th", { hasText: "learning_rate" })).toHaveAttribute("aria-sort", "descending");
  await expect(page.locator("tbody tr").first().locator("td").nth(lrCol)).toHaveText("0.0003");

  // Pages: 25 per page, then the last 5.
  await page.getByLabel("Runs per page").selectOption("25");
  await expect(page.getByTestId("runs-range")).toHaveText("1–25 of 30");
  await page.getByTestId("next-page").click();
  await expect(page.getByTestId("runs-range")).toHaveText("26–30 of 30");
  await expect(page.locator("tbody tr")).toHaveCount(5);

  // Export: every matching run (not only this page), with the chosen columns and NaN kept.
  const [dl] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-csv").click()]);
  const csv = readFileSync((await dl.path())!, "utf8").trim().split("\r\n");
  expect(csv).toHaveLength(31);
  expect(csv[0]).toContain("hp:learning_rate,m:loss:max");
  expect(csv.find((l) => l.includes(`${tag}-diverged`))).toMatch(/,NaN,.*,0\.0003,NaN$|,NaN,/);
  const json = await page.request.get(`/api/runs/export?format=json&q=${tag}&cols=m:loss:max`);
  const rows = (await json.json()) as { name: string; last_loss: unknown; "m:loss:max": unknown }[];
  expect(rows).toHaveLength(30);
  expect(rows.find((r) => r.name === `${tag}-diverged`)).toMatchObject({ last_loss: "NaN", "m:loss:max": "NaN" });

  await page.goto(`/?q=${tag}&sort=hp:learning_rate&cols=host,preset,progress,loss,trend,eval_loss,verdict,stop,hp:learning_rate,hp:lora_rank,m:loss:min,m:loss:max`);
  await shots(page, "runs-table");
  await page.getByTestId("column-picker").click();
  await screenshot(page, "runs-table-column-picker");
  await page.keyboard.press("Escape");

  // Tags and a rename from the run page; the tag chip filters the table.
  await page.goto(`/runs/${ids[3]}`);
  await page.getByTestId("edit-labels").click();
  await page.locator("#run-name-input").fill(`${tag}-renamed`);
  await page.locator("#run-tags-input").fill(`keep, ${tag}x`);
  await page.locator("#run-notes-input").fill("best so far");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("run-name")).toHaveText(`${tag}-renamed`);
  await expect(page.getByTestId("run-notes")).toHaveText("best so far");
  await page.getByTestId("run-labels").locator(`a[data-tag="${tag}x"]`).click();
  await expect(page).toHaveURL(new RegExp(`tag=${tag}x`));
  await expect(page.locator("tbody tr")).toHaveCount(1);
  await expect(page.locator("tbody tr")).toContainText(`${tag}-renamed`);

  // A run's curves as CSV: 100 points, NaN spelled.
  const curves = await page.request.get(`/api/runs/${ids[7]}/curves?format=csv`);
  const cl = (await curves.text()).trim().split("\r\n");
  expect(cl).toHaveLength(101);
  expect(cl[100]!.split(",")[5]).toBe("NaN");
});
