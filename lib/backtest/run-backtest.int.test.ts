// Real Postgres: the backtest reads stored points through raw pg (NaN eval losses survive and can
// stop a run), uses the run's GPUs × start-to-finish time, and a preset's saved rules (audited).
import path from "node:path";
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { prisma } from "@/lib/db";
import { initialParserState, parseTrainerLog } from "@/lib/logs/parse-trainer-log";
import { closeMetricsPool, inTransaction } from "@/lib/metrics/store/pg-pool";
import { insertMetricPoints } from "@/lib/metrics/store/insert-points";
import { createSyntheticHost, createSyntheticRun, deleteSyntheticHost } from "@/lib/metrics/store/testing/synthetic-run";
import { savePresetRules } from "@/lib/rules-settings/save-preset-rules";
import { AppError } from "@/lib/errors";
import { runBacktest } from "./run-backtest";

const DIR = path.join(import.meta.dirname, "testdata/gpu-runs");
let hostId = "";
let presetId = "";
const runs: Record<string, string> = {};

before(async () => {
  hostId = await createSyntheticHost("backtest-int");
  for (const f of ["dev-nan", "dev-overfit"]) {
    const id = await createSyntheticRun(hostId, { name: `bt-int-${f}` });
    const { points } = parseTrainerLog(readFileSync(`${DIR}/${f}/trainer_log.jsonl`), 0, initialParserState());
    await inTransaction((c) => insertMetricPoints(c, id, points));
    const start = new Date("2026-01-01T00:00:00Z");
    await prisma.run.update({ where: { id }, data: { gpuIndices: [0, 1, 2, 3], startedAt: start, finishedAt: new Date(start.getTime() + 3 * 3600_000), lastStep: points.at(-1)!.step } });
    runs[f] = id;
  }
  const p = await prisma.preset.create({ data: { name: `bt-int-preset-${Date.now()}` } });
  presetId = p.id;
});

after(async () => {
  await prisma.preset.delete({ where: { id: presetId } }).catch(() => undefined);
  await deleteSyntheticHost(hostId);
  await closeMetricsPool();
  await prisma.$disconnect();
});

test("stored NaN eval losses reach the engine (Prisma would have turned them into null)", async () => {
  // With the 0.0-after-blow-up check disabled, only the NaN eval at step 25 can stop dev-nan.
  const r = await runBacktest({ runIds: [runs["dev-nan"]!], ruleSet: { kind: "custom", rules: { nonFinite: { zeroAfterLossAbove: 1e9 } } } });
  const run = r.runs[0]!;
  assert.equal(run.result.rule, "nonFinite");
  assert.equal(run.result.stopStep, 25);
  assert.ok(run.chart.nonFiniteSteps.includes(25));
});

test("GPU-hours use the run's GPUs and start-to-finish time", async () => {
  const r = await runBacktest({ runIds: [runs["dev-overfit"]!], ruleSet: { kind: "defaults" } });
  const run = r.runs[0]!;
  assert.equal(run.gpus, 4);
  assert.equal(run.durationS, 3 * 3600);
  assert.equal(run.result.stopStep, 275);
  assert.ok(Math.abs(run.gpuHoursSaved! - 12 * (625 / 900)) < 1e-9);
  assert.equal(r.totals.stepsSaved, 625);
});

test("a preset's saved rules drive the backtest; the save is audited; bad settings are refused by field", async () => {
  await assert.rejects(savePresetRules({ presetId, userId: null, rules: { patience: { patience: 0 } } }),
    (e: unknown) => e instanceof AppError && e.field === "rules.patience.patience");
  await assert.rejects(savePresetRules({ presetId, userId: null, rules: { patiance: {} } }),
    (e: unknown) => e instanceof AppError && /patiance/.test(e.message));
  assert.deepEqual((await prisma.preset.findUniqueOrThrow({ where: { id: presetId } })).rules, {}, "nothing half-written");

  await savePresetRules({ presetId, userId: null, rules: { overfitting: { mode: "off" }, patience: { mode: "alert" } } });
  const audit = await prisma.auditEvent.findFirst({ where: { action: "preset.rules.update", targetId: presetId } });
  assert.ok(audit);
  const r = await runBacktest({ runIds: [runs["dev-overfit"]!], ruleSet: { kind: "preset", presetId } });
  assert.match(r.rulesLabel, /rules of preset/);
  // Overfitting off and patience alert-only: divergence catches the rising eval later.
  assert.notEqual(r.runs[0]!.result.rule, "overfitting");
  assert.notEqual(r.runs[0]!.result.rule, "patience");
  assert.ok(r.runs[0]!.result.alerts.some((a) => a.rule === "patience"));
});

test("unfinished runs and empty selections are refused with the field named", async () => {
  const live = await createSyntheticRun(hostId, { status: "RUNNING" });
  await assert.rejects(runBacktest({ runIds: [live], ruleSet: { kind: "defaults" } }), (e: unknown) => e instanceof AppError && e.field === "runIds");
  await assert.rejects(runBacktest({ runIds: [], ruleSet: { kind: "defaults" } }), /at least one run/);
});
