// Real Postgres: a trainer_state.json fills the grad norms the jsonl lacks (by step, current segment only,
// never overwriting one) and keeps the state-only metrics on the run; a malformed file changes nothing.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { prisma } from "@/lib/db";
import { initialParserState, parseTrainerLog } from "@/lib/logs/parse-trainer-log";
import { closeMetricsPool, inTransaction, metricsPool } from "@/lib/metrics/store/pg-pool";
import { insertMetricPoints } from "@/lib/metrics/store/insert-points";
import { createSyntheticHost, createSyntheticRun, deleteSyntheticHost } from "@/lib/metrics/store/testing/synthetic-run";
import { ingestTrainerState, trainerStatePaths } from "./ingest-trainer-state";

const T = join(import.meta.dirname, "../logs/testdata");
let hostId = "";

before(async () => { hostId = await createSyntheticHost("state-int"); });
after(async () => {
  await deleteSyntheticHost(hostId);
  await closeMetricsPool();
  await prisma.$disconnect();
});

test("grad norms by step onto the train points that lack one; state-only metrics on the run; idempotent", async () => {
  const runId = await createSyntheticRun(hostId, { name: "state-int-1" });
  const { points } = parseTrainerLog(readFileSync(join(T, "truncated/trainer_log.jsonl")), 0, initialParserState());
  points[0] = { ...points[0]!, gradNorm: 9.5 }; // one the console already gave: kept
  await inTransaction((c) => insertMetricPoints(c, runId, points));
  const text = readFileSync(join(T, "truncated/trainer_state.json"), "utf8");
  const r = await ingestTrainerState({ runId, segment: 0, file: "/out/trainer_state.json", text });
  assert.deepEqual(r, { ok: true, gradNorms: 29, metrics: [] });
  const rows = await metricsPool().query<{ step: number; g: number | null }>(`SELECT step, "gradNorm" AS g FROM metric_points WHERE "runId"=$1 ORDER BY "offset"`, [runId]);
  assert.equal(rows.rows[0]!.g, 9.5);
  assert.equal(rows.rows[1]!.g, 0.36286064982414246);
  assert.ok(rows.rows.every((x) => x.g !== null));
  const again = await ingestTrainerState({ runId, segment: 0, file: "/out/trainer_state.json", text });
  assert.deepEqual(again, { ok: true, gradNorms: 0, metrics: [] });
  const other = await ingestTrainerState({ runId, segment: 1, file: "x", text });
  assert.ok(other.ok && other.gradNorms === 0, "another segment's steps are not this one's");
});

test("DPO metrics (NaN kept as its spelling) are stored; a malformed file changes nothing", async () => {
  const runId = await createSyntheticRun(hostId, { name: "state-int-2" });
  const r = await ingestTrainerState({ runId, segment: 0, file: "/out/checkpoint-20/trainer_state.json", text: readFileSync(join(T, "dpo-trainer-state.json"), "utf8") });
  assert.ok(r.ok);
  assert.ok(r.metrics.includes("rewards/margins") && r.metrics.includes("eval_rewards/accuracies") && r.metrics.includes("eval_alpaca_loss"));
  const run = await prisma.run.findUniqueOrThrow({ where: { id: runId }, select: { trainerMetrics: true } });
  const tm = run.trainerMetrics as { file: string; globalStep: number; metrics: Record<string, [number, number][]> };
  assert.equal(tm.globalStep, 20);
  assert.deepEqual(tm.metrics["rewards/accuracies"], [[10, 0.5], [20, 0.6875]]);
  assert.equal(tm.metrics.eval_runtime, undefined, "timing counters are not metrics");
  const bad = await ingestTrainerState({ runId, segment: 0, file: "x", text: '{"log_history": [' });
  assert.equal(bad.ok, false);
  const still = await prisma.run.findUniqueOrThrow({ where: { id: runId }, select: { trainerMetrics: true } });
  assert.deepEqual(still.trainerMetrics, run.trainerMetrics);
});

test("where the newest state can be: the output dir's and the last checkpoint's", () => {
  assert.deepEqual(trainerStatePaths("/o/", 730, 100, 750), ["/o/trainer_state.json", "/o/checkpoint-700/trainer_state.json"]);
  assert.deepEqual(trainerStatePaths("/o", 50, 100, 750), ["/o/trainer_state.json"]);
  assert.deepEqual(trainerStatePaths("/o", 400, 0.25, 1000), ["/o/trainer_state.json", "/o/checkpoint-250/trainer_state.json"]);
});
