// Real Postgres: the verdict a run ends with when its process failed, with or without curves.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { prisma } from "@/lib/db";
import { ingestFinalMetrics } from "./ingest-final-metrics";
import { createSyntheticHost, createSyntheticRun, deleteSyntheticHost } from "@/lib/metrics/store/testing/synthetic-run";
import type { TEngineSummary } from "@/lib/rules/types";

let hostId = "";
before(async () => { hostId = await createSyntheticHost("final-verdict"); });
after(async () => { await deleteSyntheticHost(hostId); await prisma.$disconnect(); });

const learning: TEngineSummary = { verdict: "learning", bestStep: null, bestEvalLoss: null, stop: null, alerts: [],
  reason: "no train loss yet", advice: ["Still learning: let it run."] };

test("a process that failed before its first step ends 'failed' with the error line and a fix, not 'learning'", async () => {
  const runId = await createSyntheticRun(hostId);
  await prisma.run.update({ where: { id: runId }, data: { status: "FAILED", exitCode: 1,
    errorExcerpt: "Traceback (most recent call last):\nValueError: Template qwen9 does not exist.\n" } });
  for (const summary of [learning, null]) {
    await ingestFinalMetrics({ conn: null, runId, outputDir: "/nonexistent", summary, keepVerdict: false });
    const r = await prisma.run.findUniqueOrThrow({ where: { id: runId } });
    assert.equal(r.verdict, "failed");
    assert.match((r.finalMetrics as { rules: { reason: string } }).rules.reason, /before its first logged step with exit code 1: ValueError: Template qwen9/);
    assert.match(String((r.advice as string[])[0]), /Set template/);
  }
});

test("a finished run keeps the curves' verdict; a NaN failure keeps its own advice", async () => {
  const ok = await createSyntheticRun(hostId, { status: "SUCCEEDED" });
  await ingestFinalMetrics({ conn: null, runId: ok, outputDir: "/nonexistent", summary: { ...learning, verdict: "converged", reason: "flat", advice: ["Use the best checkpoint."] }, keepVerdict: false });
  assert.equal((await prisma.run.findUniqueOrThrow({ where: { id: ok } })).verdict, "converged");
  const nan = await createSyntheticRun(hostId);
  await prisma.run.update({ where: { id: nan }, data: { status: "FAILED", exitCode: 1 } });
  await ingestFinalMetrics({ conn: null, runId: nan, outputDir: "/nonexistent", summary: { ...learning, verdict: "failed", reason: "loss NaN at step 10", advice: ["Lower the learning rate"] }, keepVerdict: false });
  const r = await prisma.run.findUniqueOrThrow({ where: { id: nan } });
  assert.equal(r.verdict, "failed");
  assert.deepEqual(r.advice, ["Lower the learning rate"]);
});
