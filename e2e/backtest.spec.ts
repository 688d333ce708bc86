// Backtest end to end: seed six finished runs from the real GPU fixture logs (rows + points through the
// metric store), replay the default rules on /backtest and check the stop/best markers and totals; then
// an eager edited rule set that stops the healthy run (a false stop), an uploaded log, and a preset's
// rules saved in the preset page's rules editor (audited) and used by the backtest.
import path from "node:path";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { initialParserState, parseTrainerLog } from "@/lib/logs/parse-trainer-log";
import { insertMetricPoints } from "@/lib/metrics/store/insert-points";
import { screenshot, signInAs, withDb } from "./helpers/auth";

const DIR = path.join(import.meta.dirname, "../lib/backtest/testdata/gpu-runs");
const FIXTURES = ["dev-healthy", "dev-overfit", "dev-diverge", "dev-nan", "dev-stalled", "dev-plateau"] as const;
const TAG = `bt-e2e-${Date.now().toString(36)}`;
const HOST_ID = `${TAG}-host`;
const PRESET_ID = `${TAG}-preset`;
const nameOf = (f: string) => `${TAG}-${f}`;
// Every seeded run held 2 GPUs for 2 hours: GPU-hours saved = 4 × fraction of steps saved.
const HOURS = 2;
const GPUS = [0, 1];

test.beforeAll(async () => {
  await withDb(async (c) => {
    await c.query(
      `INSERT INTO hosts (id, name, address, username, "privateKeyEnc", "hostKeyFingerprint", archived, "updatedAt")
       VALUES ($1, $1, '127.0.0.1', 'nobody', 'unused', 'SHA256:unused', true, now())`, [HOST_ID]);
    for (const [i, f] of FIXTURES.entries()) {
      const { points } = parseTrainerLog(readFileSync(`${DIR}/${f}/trainer_log.jsonl`), 0, initialParserState());
      const id = `${TAG}-${i}`;
      const last = points[points.length - 1]!;
      await c.query(
        `INSERT INTO runs (id, name, status, "hostId", "gpuIndices", "configYaml", "outputDir", "lastStep", "totalSteps",
           "startedAt", "finishedAt", "updatedAt")
         VALUES ($1, $2, 'SUCCEEDED', $3, $4, 'stage: sft\n', '/nonexistent', $5, $6,
           now() - interval '1 day' + make_interval(mins => $7::int), now() - interval '1 day' + make_interval(mins => $7::int) + make_interval(hours => $8::int), now())`,
        [id, nameOf(f), HOST_ID, GPUS, last.step, last.totalSteps, i, HOURS]);
      await insertMetricPoints(c, id, points);
    }
    await c.query(`INSERT INTO presets (id, name, "updatedAt") VALUES ($1, $1, now())`, [PRESET_ID]);
    await c.query(`INSERT INTO preset_versions (id, "presetId", version, yaml) VALUES ($1, $2, 1, $3)`,
      [`${PRESET_ID}-v1`, PRESET_ID, readFileSync(path.join(import.meta.dirname, "../lib/presets/testdata/lf-examples/qwen3_lora_sft.yaml"), "utf8")]);
  });
});

test.afterAll(async () => {
  await withDb(async (c) => {
    await c.query(`DELETE FROM runs WHERE "hostId" = $1`, [HOST_ID]);
    await c.query(`DELETE FROM hosts WHERE id = $1`, [HOST_ID]);
    await c.query(`DELETE FROM presets WHERE id = $1`, [PRESET_ID]);
  });
});

const row = (page: Page, f: string) => page.getByTestId("backtest-row").filter({ has: page.getByText(nameOf(f), { exact: true }) });
const card = (page: Page, f: string) => page.locator(`[data-testid="backtest-run"][data-run="${nameOf(f)}"]`);

async function pickSeeded(page: Page, only: readonly string[] = FIXTURES) {
  for (const f of only) await page.getByRole("checkbox", { name: nameOf(f), exact: true }).check();
}

async function runIt(page: Page) {
  await page.getByRole("button", { name: "Run backtest" }).click();
  await expect(page.getByTestId("backtest-report")).toBeVisible();
}

test("default rules over six finished runs: stop and best markers, totals", async ({ page, context }) => {
  await signInAs(context);
  await page.goto("/");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Backtest" }).click();
  await expect(page.getByRole("heading", { name: "Backtest" })).toBeVisible();
  // Newest first: the runs were seeded finishing one minute apart, dev-plateau last.
  const listed = await page.getByTestId("backtest-run-list").getByRole("checkbox").evaluateAll((els) => els.map((e) => e.getAttribute("aria-label")));
  const mine = listed.filter((n) => n?.startsWith(TAG));
  expect(mine).toEqual([...FIXTURES].reverse().map(nameOf));

  await pickSeeded(page);
  await runIt(page);

  const expected: Record<string, { stop: string; best: string }> = {
    "dev-healthy": { stop: "never", best: "800" }, "dev-overfit": { stop: "275", best: "200" }, "dev-diverge": { stop: "150", best: "100" },
    "dev-nan": { stop: "10", best: "–" }, "dev-stalled": { stop: "100", best: "50" }, "dev-plateau": { stop: "never", best: "760" },
  };
  for (const [f, e] of Object.entries(expected)) {
    await expect(row(page, f).locator('[data-col="stop"]')).toHaveText(e.stop);
    await expect(row(page, f).locator('[data-col="best"]')).toHaveText(e.best);
  }
  // The chart markers sit at the stop and best steps.
  const overfit = card(page, "dev-overfit").getByTestId("backtest-chart");
  await expect(overfit).toHaveAttribute("data-ready", "true");
  await expect(overfit).toHaveAttribute("data-stop-step", "275");
  await expect(overfit).toHaveAttribute("data-best-step", "200");
  await expect(card(page, "dev-overfit")).toContainText("Stop at step 275 by Overfitting");
  await expect(card(page, "dev-healthy").getByTestId("backtest-chart")).toHaveAttribute("data-stop-step", "");
  await expect(card(page, "dev-healthy")).toContainText("No stop");
  await expect(row(page, "dev-stalled").locator('[data-col="kept"]')).toHaveText("+3.4%");

  const totals = page.getByTestId("backtest-totals");
  await expect(totals.getByTestId("total-stopped").locator("[data-value]")).toHaveText("4 of 6");
  await expect(totals.getByTestId("total-steps-saved").locator("[data-value]")).toHaveText("1,865");
  // 4 GPU-h per run × (625/900 + 650/800 + 290/300 + 300/400) = 12.89 GPU-h.
  await expect(totals.getByTestId("total-gpu-saved").locator("[data-value]")).toHaveText("12.9 GPU-h");
  await expect(totals.getByTestId("total-false-stops").locator("[data-value]")).toHaveText("0");
  await expect(totals.getByTestId("false-stop-rule")).toContainText("last 20% of its steps");
  await page.waitForTimeout(300);
  await screenshot(page, "backtest-defaults");
});

test("edited rules: an eager patience stops the healthy run, counted as a false stop; bad values are named", async ({ page, context }) => {
  await signInAs(context);
  await page.goto("/backtest");
  await pickSeeded(page, ["dev-healthy", "dev-overfit"]);
  await page.getByRole("radio", { name: "Edit rules" }).check();
  const editor = page.getByTestId("rules-editor");
  await editor.locator("#bt-rules-patience-patience").fill("abc");
  await expect(editor.getByRole("alert")).toContainText("patience.patience");
  await editor.locator("#bt-rules-patience-patience").fill("0");
  await expect(editor.getByRole("alert")).toContainText("patience.patience");
  await editor.locator("#bt-rules-patience-patience").fill("1");
  await editor.locator("#bt-rules-patience-minStepsFrac").fill("0");
  await editor.locator("#bt-rules-patience-minDeltaRel").fill("0");
  await expect(editor.getByRole("alert")).toHaveCount(0);
  await runIt(page);
  await expect(row(page, "dev-healthy").locator('[data-col="stop"]')).toHaveText("500");
  await expect(row(page, "dev-healthy").locator('[data-col="false-stop"]')).toHaveText("yes");
  await expect(row(page, "dev-overfit").locator('[data-col="false-stop"]')).toHaveText("no");
  await expect(page.getByTestId("total-false-stops").locator("[data-value]")).toHaveText("1");
  await expect(card(page, "dev-healthy").getByTestId("backtest-chart")).toHaveAttribute("data-stop-step", "500");
  await page.waitForTimeout(300);
  await screenshot(page, "backtest-false-stop");
});

test("an uploaded trainer_log.jsonl is backtested offline", async ({ page, context }) => {
  await signInAs(context);
  await page.goto("/backtest");
  await page.getByLabel("Upload trainer_log.jsonl (offline backtest)").setInputFiles(`${DIR}/dev-nan/trainer_log.jsonl`);
  await expect(page.getByTestId("backtest-uploads")).toContainText("trainer_log.jsonl");
  await runIt(page);
  const r = page.getByTestId("backtest-row").filter({ hasText: "trainer_log.jsonl" });
  await expect(r.locator('[data-col="stop"]')).toHaveText("10");
  await expect(page.locator('[data-testid="backtest-run"][data-run="trainer_log.jsonl"]')).toContainText("Non-finite loss");
  // The log's own elapsed time is the duration (15 s on 1 GPU), 290 of 300 steps saved.
  await expect(page.getByTestId("total-gpu-saved").locator("[data-value]")).toHaveText(/^0\.\d+ GPU-h$/); // one unit for every GPU time, however short
});

/** A long healthy-looking log of about `kib` KiB (the fixtures are ~50 KiB). */
function bigLog(kib: number): Buffer {
  const lines: string[] = [];
  let bytes = 0;
  const total = Math.ceil((kib * 1024) / 240);
  for (let s = 1; bytes < kib * 1024; s++) {
    const l = JSON.stringify({ current_steps: s, total_steps: total, loss: 2 + 3 * Math.exp(-s / (total / 4)), lr: 1e-4, epoch: s / total,
      percentage: (100 * s) / total, elapsed_time: "0:00:10", remaining_time: "0:00:10", throughput: 1234.5, total_tokens: s * 4096 });
    lines.push(l);
    bytes += l.length + 1;
  }
  return Buffer.from(`${lines.join("\n")}\n`);
}

test("uploads near the request limit work; bigger ones are refused with a pointer to the CLI", async ({ page, context }) => {
  await signInAs(context);
  await page.goto("/backtest");
  const input = page.getByLabel("Upload trainer_log.jsonl (offline backtest)");
  await input.setInputFiles({ name: "long.jsonl", mimeType: "application/json", buffer: bigLog(780) });
  await runIt(page);
  await expect(page.getByTestId("backtest-row").filter({ hasText: "long.jsonl" }).locator('[data-col="stop"]')).toHaveText("never");
  await input.setInputFiles({ name: "huge.jsonl", mimeType: "application/json", buffer: bigLog(900) });
  await page.getByRole("button", { name: "Run backtest" }).click();
  await expect(page.locator("#backtest-error")).toContainText("cli -- backtest FILE");
});

test("a preset carries its rules: saved in the preset page's editor (audited), used by the backtest", async ({ page, context }) => {
  await signInAs(context);
  await page.goto(`/presets/${PRESET_ID}`);
  const section = page.getByTestId("preset-rules");
  await expect(section.getByRole("heading", { name: "Early-stop rules" })).toBeVisible();
  await section.locator("#preset-rules-patience-patience").fill("1");
  await section.locator("#preset-rules-patience-minStepsFrac").fill("0");
  await section.locator("#preset-rules-patience-minDeltaRel").fill("0");
  await section.getByRole("radio", { name: "Plateau: off" }).check({ force: true });
  await section.getByRole("button", { name: "Save rules" }).click();
  await expect(section.getByRole("status")).toHaveText("Rules saved to the preset.");
  const saved = await withDb(async (c) => {
    const p = await c.query<{ rules: { patience: { patience: number }; plateau: { mode: string } } }>(`SELECT rules FROM presets WHERE id=$1`, [PRESET_ID]);
    const a = await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_events WHERE action='preset.rules.update' AND "targetId"=$1`, [PRESET_ID]);
    return { rules: p.rows[0]!.rules, audits: a.rows[0]!.n };
  });
  expect(saved.rules.patience.patience).toBe(1);
  expect(saved.rules.plateau.mode).toBe("off");
  expect(saved.audits).toBe(1);
  await screenshot(page, "preset-rules-editor");

  await page.goto(`/backtest?preset=${PRESET_ID}`);
  await expect(page.getByLabel("Preset", { exact: true })).toHaveValue(PRESET_ID);
  await pickSeeded(page, ["dev-healthy"]);
  await runIt(page);
  await expect(page.getByTestId("backtest-totals")).toContainText(`rules of preset ${PRESET_ID}`);
  await expect(row(page, "dev-healthy").locator('[data-col="stop"]')).toHaveText("500");
});
