// Evaluation results (issue 15): a short training run on a sandbox host with compute_accuracy and two
// eval sets evaluated each on its own; its page shows the per-dataset losses and accuracy curves.
// "Evaluate this checkpoint" launches a predict run on the best checkpoint with a dataset picked from
// the host's; its page links back, shows BLEU-4/ROUGE and the predictions viewer (word diff, paging,
// search); the training run's page, the runs table (column picker) and compare show its scores.
// Screenshots at 1024 and 1600 px, light and dark.
import { expect, test } from "@playwright/test";
import { signInAs, withDb } from "./helpers/auth";
import { deleteFinishedRuns, runIdFromUrl, waitForRunStatus } from "./helpers/runs";
import { screenshotAll } from "./helpers/screens";

const PRESET = "LoRA SFT 7B (24 GB)"; // seeded starter
const HOST = process.env.E2E_EVAL_HOST ?? "test-b";
const stamp = Date.now().toString(36);
const created: string[] = [];
test.afterAll(async () => {
  await deleteFinishedRuns([...created].reverse());
});

async function finalised(id: string, timeout = 60_000) {
  await expect.poll(async () => (await withDb((c) => c.query(`SELECT "finalMetrics" IS NOT NULL AS done FROM runs WHERE id = $1`, [id]))).rows[0]?.done,
    { timeout, intervals: [500] }).toBe(true);
}

test("a checkpoint's evaluation appears beside its run, with a predictions viewer that diffs", async ({ page, context }) => {
  test.setTimeout(150_000);
  await signInAs(context);
  const name = `e2e-eval-${stamp}`;
  const res = await page.request.post("/api/v1/runs", { data: { preset: PRESET, host: HOST, gpus: [1], name, overrides: {
    num_train_epochs: 2, max_samples: 160, val_size: 0.0, eval_dataset: "identity,alpaca_en_demo", eval_on_each_dataset: true, compute_accuracy: true,
    logging_steps: 2, save_steps: 6, eval_steps: 6 } } });
  expect(res.status(), await res.text()).toBe(201);
  const trainId = ((await res.json()) as { runId: string }).runId;
  created.push(trainId);
  expect((await waitForRunStatus(trainId, ["SUCCEEDED", "FAILED"], 60_000)).status).toBe("SUCCEEDED");
  await finalised(trainId);

  // The training run: per-dataset eval losses and accuracy curves from trainer_state.json / eval_results.json.
  await page.goto(`/runs/${trainId}`);
  const panel = page.getByTestId("evaluation-panel");
  await expect(panel.getByTestId("per-dataset").locator("tr[data-dataset]")).toHaveCount(2);
  await expect(panel.locator('tr[data-dataset="identity"] td').nth(2)).not.toHaveText("–");
  await expect(panel.getByTestId("eval-accuracy-curve")).toHaveCount(2);

  // Evaluate the best checkpoint on a dataset the host has.
  await panel.getByTestId("evaluate-checkpoint").click();
  const form = page.getByTestId("evaluate-form");
  await expect(form).toBeVisible();
  await expect(page.getByTestId("evaluate-checkpoint-select")).toHaveValue(/checkpoint-\d+/);
  await page.getByTestId("evaluate-dataset").selectOption("identity");
  await page.getByTestId("evaluate-max-samples").fill("24");
  await screenshotAll(page, "evaluate-dialog", { fullPage: false });
  await page.getByRole("button", { name: "Run prediction" }).click();
  // The dialog opens the new predict run's page (not the training run's, where it started).
  await expect.poll(() => { try { return runIdFromUrl(page.url()); } catch { return ""; } }, { timeout: 15_000 }).not.toBe(trainId);
  const predId = runIdFromUrl(page.url());
  created.push(predId);
  expect((await waitForRunStatus(predId, ["SUCCEEDED", "FAILED"], 60_000)).status).toBe("SUCCEEDED");
  await finalised(predId);

  // The predict run: linked back, its scores, and the viewer.
  await page.reload();
  await expect(page.getByTestId("evaluates-link")).toContainText(name);
  await expect(page.getByTestId("evaluates-link")).toContainText("identity");
  const scores = page.getByTestId("eval-scores");
  await expect(scores.locator('[data-score="predict_bleu-4"] dd')).toHaveText(/^\d/);
  await expect(scores.locator('[data-score="predict_rouge-l"] dd')).toHaveText(/^\d/);
  const viewer = page.getByTestId("predictions-viewer");
  await expect(viewer.getByTestId("predictions-count")).toHaveText("24 lines");
  await expect(viewer.getByTestId("prediction-row")).toHaveCount(10);
  await expect(viewer.getByTestId("predictions-page")).toContainText("page 1 of 3");
  // The simulated model drops and invents words: the diff marks both somewhere on the page.
  await expect(viewer.locator('[data-op="del"], [data-op="add"]').first()).toBeVisible();
  await viewer.getByTestId("prediction-row").first().locator("summary").click();
  await expect(viewer.getByTestId("prediction-prompt").first()).toContainText("<|im_start|>user");
  await screenshotAll(page, "evaluation-predict-run");
  await viewer.getByRole("button", { name: "Next" }).click();
  await expect(viewer.getByTestId("predictions-page")).toContainText("page 2 of 3");
  await expect(viewer.getByTestId("prediction-row").first()).toHaveAttribute("data-idx", "10");
  await viewer.getByTestId("predictions-search").fill("Question 7 from");
  await expect(viewer.getByTestId("prediction-row")).toHaveCount(1);
  await expect(viewer.getByTestId("prediction-row")).toHaveAttribute("data-idx", "6");

  // Beside its run: the training run's page lists the evaluation with its scores.
  const bleu = (await scores.locator('[data-score="predict_bleu-4"] dd').textContent())!.trim();
  await page.goto(`/runs/${trainId}`);
  const row = page.getByTestId("checkpoint-evaluations").locator(`tr[data-eval-run="${predId}"]`);
  await expect(row).toContainText("identity");
  await expect(row.locator("td").nth(4)).toHaveText(bleu);
  await screenshotAll(page, "evaluation-training-run");

  // The runs table: the column picker offers the score; the training run's row shows its evaluation's.
  await page.goto(`/?q=${encodeURIComponent(name)}&cols=progress,loss,eval_loss,verdict`);
  await page.getByTestId("column-picker").click();
  await page.getByTestId("eval-options").locator('[data-col="ev:predict_bleu-4"]').check();
  await expect(page).toHaveURL(/ev%3Apredict_bleu-4|ev:predict_bleu-4/);
  await expect(page.locator(`tr[data-run-id="${trainId}"] td[data-col="ev:predict_bleu-4"]`)).toHaveText(bleu);
  await page.getByTestId("column-picker").click(); // close it for the screenshot
  // The predict run itself has no curve to judge.
  await expect(page.locator(`tr[data-run-id="${predId}"] [data-testid="run-verdict-cell"]`)).toHaveText("not judgeable");
  await screenshotAll(page, "evaluation-runs-table", { fullPage: false });

  // Compare: the score as a column of the outcomes table.
  await page.goto(`/compare?runs=${trainId}`);
  await expect(page.getByTestId("outcomes").locator('td[data-eval="predict_bleu-4"]')).toHaveText(bleu);
});
