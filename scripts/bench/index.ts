// `npm run bench`: figures for ingestion and chart queries on the real Postgres, through the same
// parser and store functions the worker and pages use. Seeds synthetic runs and removes them after.
import { existsSync, mkdtempSync, openSync, readSync, closeSync, statSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { prisma } from "@/lib/db";
import { parseTrainerLog, initialParserState } from "@/lib/logs/parse-trainer-log";
import { closeMetricsPool, inTransaction, metricsPool } from "@/lib/metrics/store/pg-pool";
import { insertMetricPoints } from "@/lib/metrics/store/insert-points";
import { getRunSeries } from "@/lib/metrics/store/get-run-series";
import { getRunProgress } from "@/lib/metrics/store/get-run-progress";
import { listPointsAfter } from "@/lib/metrics/store/list-points-after";
import { readConsoleTail } from "@/lib/metrics/store/console-chunks";
import { getCompareSeries } from "@/lib/metrics/store/get-compare-series";
import { ingestTrainerLogChunk } from "@/lib/runs/ingest-trainer-log";
import { createSyntheticHost, createSyntheticRun, deleteSyntheticHost, syntheticPoints } from "@/lib/metrics/store/testing/synthetic-run";
import { syntheticTrainerLog } from "./synthetic-log";
import { median, ms, print, vsTarget } from "./report";
import { benchPollFleet } from "./poll-fleet";
import { benchLiveLatency } from "./live-latency";
import { benchKill } from "./kill";
import { benchRunsTable } from "./runs-table";
import { benchCompareScale } from "./compare-scale";
import { benchImport } from "./import";
import { benchFleetSplit } from "./fleet-split";
import { z } from "zod";
import { benchExecutors } from "./executors";

// `npm run bench` starts plain tsx: read .env the way the other entry points get it from --env-file.
if (!process.env.DATABASE_URL && existsSync(".env")) process.loadEnvFile(".env");

const only = process.argv.slice(2).filter((a) => !a.startsWith("--"));
// --fleet-hosts=N: a smaller fleet for fleet-split on a machine that cannot carry 100 hosts (a multiple of 5).
const fleetHosts = z.coerce.number().int().min(5).max(100).multipleOf(5).optional()
  .parse(process.argv.find((a) => a.startsWith("--fleet-hosts="))?.split("=")[1]);
const want = (name: string) => only.length === 0 || only.includes(name);
async function seed(hostId: string, n: number, evalEvery = 50): Promise<string> {
  const runId = await createSyntheticRun(hostId);
  const pts = syntheticPoints(n, { evalEvery, nanFrom: n - 10 });
  for (let i = 0; i < pts.length; i += 50_000) await inTransaction((c) => insertMetricPoints(c, runId, pts.slice(i, i + 50_000)));
  await metricsPool().query(`ANALYZE metric_points`);
  return runId;
}

async function benchIngest(hostId: string) {
  const text = syntheticTrainerLog(200_000);
  const buf = Buffer.from(text);
  const runId = await createSyntheticRun(hostId, { status: "RUNNING" });
  let off = 0;
  let state = initialParserState();
  const t0 = performance.now();
  while (off < buf.length) {
    const chunk = buf.subarray(off, off + 4 * 1024 * 1024);
    const r = await ingestTrainerLogChunk({ runId, chunk, baseOffset: off, state });
    if (!r.applied || r.newOffset === off) throw new Error("ingest did not advance");
    off = r.newOffset;
    state = r.state;
  }
  const total = ms(t0);
  const t1 = performance.now();
  const parsed = parseTrainerLog(buf, 0, initialParserState());
  const parseMs = ms(t1);
  print("ingest: lines/s (4 MB polls: parse + one txn each)", `${vsTarget(parsed.points.length / (total / 1000), { atLeast: 100_000 })}; ${parsed.points.length.toLocaleString()} lines in ${total.toFixed(0)} ms`);
  print("ingest: parser alone, lines/s", Math.round(parsed.points.length / (parseMs / 1000)).toLocaleString());
  const runId2 = await createSyntheticRun(hostId, { status: "RUNNING" });
  const t2 = performance.now();
  for (let i = 0; i < parsed.points.length; i += 20_000) await inTransaction((c) => insertMetricPoints(c, runId2, parsed.points.slice(i, i + 20_000)));
  print("ingest: store alone (binary COPY), rows/s", Math.round(parsed.points.length / (ms(t2) / 1000)).toLocaleString());
  // 400k new rows: refresh the planner's statistics as autovacuum would (it is off on our CI machine),
  // or the benches after this one plan against an empty table.
  await metricsPool().query(`ANALYZE metric_points, metric_blocks`);
}

function benchPollCost() {
  // 100k existing lines plus 10 new ones: our poll reads from the stored offset; the naive one
  // re-reads and re-parses the whole file. CPU time measured in this process, median of 20 polls.
  const dir = mkdtempSync(path.join(tmpdir(), "ff-bench-"));
  const file = path.join(dir, "trainer_log.jsonl");
  const text = syntheticTrainerLog(100_010);
  writeFileSync(file, text);
  const cut = Buffer.byteLength(text.split("\n").slice(0, 100_000).join("\n") + "\n");
  const cpu = (fn: () => void) => { const c0 = process.cpuUsage(); fn(); const c = process.cpuUsage(c0); return (c.user + c.system) / 1000; };
  const readRange = (from: number, to: number) => {
    const fd = openSync(file, "r");
    const b = Buffer.alloc(to - from);
    readSync(fd, b, 0, b.length, from);
    closeSync(fd);
    return b;
  };
  const size = statSync(file).size;
  const whole: number[] = [];
  // Separate loops: the whole-file parse leaves garbage whose collection would be billed to the small
  // polls; those are too short for per-call CPU timing, so 500 of them are timed together.
  for (let i = 0; i < 10; i++) whole.push(cpu(() => { parseTrainerLog(readRange(0, size), 0, initialParserState()); }));
  (globalThis as { gc?: () => void }).gc?.();
  const a = cpu(() => { for (let i = 0; i < 500; i++) { statSync(file); parseTrainerLog(readRange(cut, size), cut, { segment: 0, lastStep: 500_000, nextLine: 100_000 }); } }) / 500;
  rmSync(dir, { recursive: true, force: true });
  const b = median(whole);
  print("poll at 100k lines (+10 new): incremental CPU ms (mean of 500)", a.toFixed(3));
  print("poll at 100k lines: whole-file re-read CPU ms (median of 10)", b.toFixed(1));
  print("poll at 100k lines: CPU ratio whole/incremental", vsTarget(b / Math.max(a, 0.001), { atLeast: 50 }, "x"));
}

async function benchRunPage(hostId: string) {
  const t0 = performance.now();
  const runId = await seed(hostId, 1_000_000, 100);
  print("run page: seeded 1,000,000 train + 10,000 eval points in", `${(ms(t0) / 1000).toFixed(1)} s`);
  const db = metricsPool();
  const page = async (axis: "step" | "wall") => {
    const t = performance.now();
    await Promise.all([getRunSeries(db, { runId, xAxis: axis }), getRunProgress(db, runId), readConsoleTail(db, { runId }), listPointsAfter(db, { runId, afterOffset: 1e12 })]);
    return ms(t);
  };
  const cold = await page("step");
  const warm: number[] = [];
  for (let i = 0; i < 5; i++) warm.push(await page("step"));
  print("run page data, 1M points, full view: first call ms", cold.toFixed(0));
  print("run page data, 1M points, full view: median of 5 ms", vsTarget(median(warm), { atMost: 500 }, " ms"));
  const wall: number[] = [];
  for (let i = 0; i < 3; i++) wall.push(await page("wall"));
  print("run page data, 1M points, wall-time axis: median ms", vsTarget(median(wall), { atMost: 500 }, " ms"));
  const z: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    await getRunSeries(db, { runId, xAxis: "step", x0: 400_000 + i * 1000, x1: 401_500 + i * 1000 });
    z.push(ms(t));
  }
  print("run page zoom (1,500-step window of 1M): median ms", median(z).toFixed(0));
}

async function benchCompare(hostId: string) {
  const t0 = performance.now();
  const ids: string[] = [];
  for (let i = 0; i < 8; i++) ids.push(await seed(hostId, 100_000));
  print("compare: seeded 8 x 100,000 points in", `${(ms(t0) / 1000).toFixed(1)} s`);
  const times: number[] = [];
  for (let i = 0; i < 4; i++) {
    const t = performance.now();
    await getCompareSeries(metricsPool(), { runIds: ids, xAxis: "step" });
    times.push(ms(t));
  }
  print("compare 8 x 100k points: first call ms", times[0]!.toFixed(0));
  print("compare 8 x 100k points: median of 3 more ms", vsTarget(median(times.slice(1)), { atMost: 800 }, " ms"));
}

const hostId = await createSyntheticHost("bench");
try {
  process.stdout.write(`Factory Floor benchmarks (${new Date().toISOString()}; load average ${(await import("node:os")).loadavg().map((x) => x.toFixed(1)).join(" ")})\n`);
  // Earlier benches and tests delete their rows; where autovacuum is off (as on our CI machine) the
  // dead rows would slow every later insert, so clear them first, as autovacuum would.
  await metricsPool().query(`VACUUM (ANALYZE) metric_points, metric_blocks`);
  if (want("ingest")) await benchIngest(hostId);
  if (want("poll")) benchPollCost();
  if (want("page")) await benchRunPage(hostId);
  if (want("compare")) await benchCompare(hostId);
  if (want("fleet")) await benchPollFleet();
  if (want("latency")) await benchLiveLatency();
  if (want("kill")) await benchKill();
  if (want("runs-table")) await benchRunsTable(hostId);
  if (want("compare-scale")) await benchCompareScale(hostId);
  if (want("import")) await benchImport();
  if (want("fleet-split")) await benchFleetSplit({ hosts: fleetHosts });
  if (want("executors")) await benchExecutors();
} finally {
  await deleteSyntheticHost(hostId);
  await closeMetricsPool();
  await prisma.$disconnect();
}
