// The watchdog against real Postgres: one alert per silence, none while the console still grows,
// and a restarted worker (no cached time) neither misses the silence nor repeats the alert.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { prisma } from "@/lib/db";
import { closeMetricsPool } from "@/lib/metrics/store/pg-pool";
import { createSyntheticHost, createSyntheticRun, deleteSyntheticHost } from "@/lib/metrics/store/testing/synthetic-run";
import { checkNoProgress, NO_PROGRESS_RULE } from "./no-progress-watchdog";

let hostId = "";
before(async () => { hostId = await createSyntheticHost("watchdog-int"); });
after(async () => { await deleteSyntheticHost(hostId); await closeMetricsPool(); await prisma.$disconnect(); });

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);
const alerts = (runId: string) => prisma.runEvent.findMany({ where: { runId, type: "RULE_ALERT", data: { path: ["rule"], equals: NO_PROGRESS_RULE } } });

test("a run silent for 25 min gets one alert, also across a worker restart", async () => {
  const runId = await createSyntheticRun(hostId, { status: "RUNNING" });
  await prisma.run.update({ where: { id: runId }, data: { startedAt: minutesAgo(60), lastPolledAt: minutesAgo(25), lastStep: 340 } });
  const cached = await checkNoProgress({ runId, lastStep: 340, known: undefined });
  assert.ok(cached !== undefined && Math.abs(cached - minutesAgo(25).getTime()) < 5000);
  await checkNoProgress({ runId, lastStep: 340, known: cached });
  await checkNoProgress({ runId, lastStep: 340, known: undefined }); // a new worker
  const a = await alerts(runId);
  assert.equal(a.length, 1);
  assert.match(a[0]!.message, /No progress for 25 min \(last logged step 340\)/);
});

test("no alert while the console still grows, or within the threshold", async () => {
  const runId = await createSyntheticRun(hostId, { status: "RUNNING" });
  await prisma.run.update({ where: { id: runId }, data: { startedAt: minutesAgo(90), lastPolledAt: minutesAgo(60) } });
  await prisma.consoleChunk.create({ data: { runId, offset: 0, text: "Evaluating:  40%|████      | 400/1000\r" , createdAt: minutesAgo(2) } });
  await checkNoProgress({ runId, lastStep: 10, known: undefined });
  const fresh = await createSyntheticRun(hostId, { status: "RUNNING" });
  await prisma.run.update({ where: { id: fresh }, data: { startedAt: minutesAgo(5) } });
  await checkNoProgress({ runId: fresh, lastStep: null, known: undefined });
  assert.equal((await alerts(runId)).length, 0);
  assert.equal((await alerts(fresh)).length, 0);
});
