// Real Postgres: NaN/Infinity survive the round trip, replays insert nothing twice, and the
// bucketed series keep spikes and non-finite markers under the point budget.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { prisma } from "@/lib/db";
import { closeMetricsPool, inTransaction, metricsPool } from "./pg-pool";
import { insertMetricPoints } from "./insert-points";
import { copyMetricPoints } from "./copy-points";
import { getRunSeries } from "./get-run-series";
import { listPointsAfter } from "./list-points-after";
import { getRunProgress } from "./get-run-progress";
import { listSparklines } from "@/lib/dashboard/list-runs";
import { createSyntheticHost, createSyntheticRun, deleteSyntheticHost, syntheticPoints } from "./testing/synthetic-run";

let hostId = "";
before(async () => { hostId = await createSyntheticHost("store-int"); });
after(async () => { await deleteSyntheticHost(hostId); await closeMetricsPool(); await prisma.$disconnect(); });

test("NaN, Infinity and -Infinity round-trip through Postgres unchanged", async () => {
  const runId = await createSyntheticRun(hostId);
  const pts = syntheticPoints(3);
  pts[0]!.loss = NaN; pts[1]!.loss = Infinity; pts[2]!.loss = -Infinity; pts[2]!.gradNorm = NaN;
  await inTransaction((c) => insertMetricPoints(c, runId, pts));
  const r = await metricsPool().query<{ loss: number; gradNorm: number | null }>(
    `SELECT loss, "gradNorm" FROM metric_points WHERE "runId"=$1 ORDER BY "offset"`, [runId]);
  assert.ok(Number.isNaN(r.rows[0]!.loss));
  assert.equal(r.rows[1]!.loss, Infinity);
  assert.equal(r.rows[2]!.loss, -Infinity);
  assert.ok(Number.isNaN(r.rows[2]!.gradNorm as number));
  const live = await listPointsAfter(metricsPool(), { runId, afterOffset: -1 });
  assert.deepEqual(live.points.map((p) => p.loss), ["NaN", "Infinity", "-Infinity"]);
});

test("re-inserting the same points (a replayed poll) adds nothing", async () => {
  const runId = await createSyntheticRun(hostId);
  const pts = syntheticPoints(12_000);
  const first = await inTransaction((c) => insertMetricPoints(c, runId, pts));
  const again = await inTransaction((c) => insertMetricPoints(c, runId, pts.slice(5000)));
  assert.equal(first, pts.length);
  assert.equal(again, 0);
  const n = await metricsPool().query<{ n: number }>(`SELECT count(*)::int AS n FROM metric_points WHERE "runId"=$1`, [runId]);
  assert.equal(n.rows[0]!.n, pts.length);
});

test("small runs come back raw; big ones bucketed with spikes and NaN markers kept", async () => {
  const small = await createSyntheticRun(hostId);
  await inTransaction((c) => insertMetricPoints(c, small, syntheticPoints(300)));
  const s = await getRunSeries(metricsPool(), { runId: small, xAxis: "step" });
  assert.equal(s.bucketed, false);
  assert.equal(s.series.loss.points.length, 300);
  assert.equal(s.series.evalLoss.points.length, 6);

  const big = await createSyntheticRun(hostId);
  const pts = syntheticPoints(50_000, { nanFrom: 49_990 });
  pts.find((p) => p.step === 20_000 && p.kind === "TRAIN")!.loss = 99; // one spike
  await inTransaction((c) => insertMetricPoints(c, big, pts));
  const b = await getRunSeries(metricsPool(), { runId: big, xAxis: "step" });
  assert.equal(b.bucketed, true);
  assert.ok(b.series.loss.points.length <= 2000, `${b.series.loss.points.length} points`);
  assert.ok(b.series.loss.points.some((p) => p.y === 99), "the spike survives bucketing");
  const nf = b.series.loss.nonFinite;
  assert.equal(nf.reduce((a, m) => a + m.count, 0), 11);
  assert.equal(nf[0]!.value, "NaN");
  assert.equal(nf[0]!.step, 49_990);
  assert.deepEqual(b.range, { x0: 1, x1: 50_000 });

  const z = await getRunSeries(metricsPool(), { runId: big, xAxis: "step", x0: 19_500, x1: 20_500 });
  assert.equal(z.bucketed, false, "zooming in returns raw points");
  assert.equal(z.series.loss.points.length, 1001);
});

test("a resume segment hides the replayed steps and continues the wall clock", async () => {
  const runId = await createSyntheticRun(hostId);
  const seg0 = syntheticPoints(100, { evalEvery: 1000 });           // steps 1..100, elapsed up to 50 s
  const seg1 = syntheticPoints(61, { segment: 1, startStep: 80, startOffset: 1_000_000, evalEvery: 1000 }); // 80..140
  await inTransaction((c) => insertMetricPoints(c, runId, [...seg0, ...seg1]));
  const s = await getRunSeries(metricsPool(), { runId, xAxis: "step" });
  const xs = s.series.loss.points.map((p) => p.x);
  assert.equal(xs.length, 79 + 61);
  assert.deepEqual(xs, [...xs].sort((a, b) => a - b), "no zigzag");
  assert.equal(s.segments, 2);
  const w = await getRunSeries(metricsPool(), { runId, xAxis: "wall" });
  assert.equal(w.range!.x1, 50 + 70, "segment 1 elapsed (70 s at step 140) starts after segment 0's 50 s");
});

test("block-based buckets of a resumed run agree with the raw points on every axis", async () => {
  const runId = await createSyntheticRun(hostId);
  const seg0 = syntheticPoints(30_000, { nanFrom: 29_000 });
  const seg1 = syntheticPoints(30_000, { segment: 1, startStep: 25_001, startOffset: 20_000_003, nanFrom: 54_000 });
  seg1.find((p) => p.step === 40_000 && p.kind === "TRAIN")!.loss = -7;
  await inTransaction((c) => insertMetricPoints(c, runId, [...seg0, ...seg1]));
  const visible = [...seg0.filter((p) => p.step < 25_001), ...seg1];
  const train = visible.filter((p) => p.kind === "TRAIN");
  const used = await metricsPool().query<{ n: number }>(`SELECT sum(n)::int AS n FROM metric_blocks WHERE "runId"=$1`, [runId]);
  assert.equal(used.rows[0]!.n, seg0.length + seg1.length, "the trigger's blocks cover every row once");
  for (const xAxis of ["step", "epoch", "wall"] as const) {
    const s = await getRunSeries(metricsPool(), { runId, xAxis });
    assert.equal(s.bucketed, true);
    const ys = s.series.loss.points.map((p) => p.y);
    const finite = train.map((p) => p.loss!).filter((v) => Number.isFinite(v));
    assert.equal(Math.min(...ys), Math.min(...finite), `${xAxis}: min`);
    assert.equal(Math.max(...ys), Math.max(...finite), `${xAxis}: max`);
    assert.equal(s.series.loss.means!.reduce((a, m) => a + m.n, 0), finite.length, `${xAxis}: every finite point in one bucket`);
    // seg0's NaN tail (steps 29,000+) is hidden by the resume; seg1's (54,000..55,000) is shown.
    assert.equal(s.series.loss.nonFinite.reduce((a, m) => a + m.count, 0), 1001, `${xAxis}: NaN loss markers`);
    assert.equal(s.series.gradNorm.nonFinite.reduce((a, m) => a + m.count, 0), 1001, `${xAxis}: Infinity grad norm markers`);
    assert.equal(s.series.loss.nonFinite[0]!.step, 54_000, `${xAxis}: first NaN step`);
  }
});

test("blocks folded in poll by poll (COPY and replays) equal blocks recomputed from the raw rows", async () => {
  const runId = await createSyntheticRun(hostId);
  // ~230-byte lines: 8 KiB blocks straddle the uneven batch edges; NaN and Infinity in the tail.
  const pts = syntheticPoints(3000, { evalEvery: 7, nanFrom: 2990 });
  pts[100]!.loss = -Infinity; pts[101]!.lr = NaN;
  // Postgres orders NaN above +Infinity: min/max and the kept non-finite value must agree with it.
  pts[500]!.epoch = NaN; pts[501]!.gradNorm = -Infinity; pts[502]!.gradNorm = Infinity; pts[503]!.gradNorm = NaN;
  let i = 0;
  for (const n of [1, 13, 200, 37, 999, 500, 1300]) {
    await inTransaction((c) => insertMetricPoints(c, runId, pts.slice(i, i + n)));
    i += n;
  }
  await inTransaction((c) => insertMetricPoints(c, runId, pts.slice(i)));
  await inTransaction((c) => insertMetricPoints(c, runId, pts.slice(40, 900))); // replay: no double count
  const db = metricsPool();
  // Every column; sums only to 9 significant digits (they add the same values in another order).
  const read = async () => (await db.query<Record<string, unknown>>(
    `SELECT * FROM metric_blocks WHERE "runId"=$1 ORDER BY blk, kind, segment`, [runId])).rows
    .map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, k.endsWith("Sum") && typeof v === "number" ? Number(v.toPrecision(9)) : v])));
  const folded = await read();
  // A no-op update fires the recompute trigger over every block of the run.
  await db.query(`UPDATE metric_points SET step = step WHERE "runId"=$1`, [runId]);
  const recomputed = await read();
  assert.ok(folded.length > 50);
  assert.deepEqual(folded, recomputed);
  const total = await db.query<{ n: number }>(`SELECT sum(n)::int AS n FROM metric_blocks WHERE "runId"=$1`, [runId]);
  assert.equal(total.rows[0]!.n, pts.length);
});

test("a COPY outside a transaction is folded once, by the trigger", async () => {
  const runId = await createSyntheticRun(hostId);
  const pts = syntheticPoints(500);
  const c = await metricsPool().connect();
  try { assert.equal(await copyMetricPoints(c, runId, pts), pts.length); } finally { c.release(); }
  const total = await metricsPool().query<{ n: number }>(`SELECT sum(n)::int AS n FROM metric_blocks WHERE "runId"=$1`, [runId]);
  assert.equal(total.rows[0]!.n, pts.length);
});

test("offsets past 4 GiB and large token counts keep their exact value", async () => {
  const runId = await createSyntheticRun(hostId);
  const pts = syntheticPoints(3, { startOffset: 2 ** 40 + 7 });
  pts[0]!.totalTokens = 2 ** 50 + 3;
  await inTransaction((c) => insertMetricPoints(c, runId, pts));
  const r = await metricsPool().query<{ offset: string; totalTokens: string }>(
    `SELECT "offset", "totalTokens" FROM metric_points WHERE "runId"=$1 ORDER BY "offset"`, [runId]);
  assert.deepEqual(r.rows.map((x) => Number(x.offset)), pts.map((p) => p.offset));
  assert.equal(r.rows[0]!.totalTokens, String(2 ** 50 + 3));
});

test("deleting a run removes its points and blocks (no foreign key on metric_points)", async () => {
  const runId = await createSyntheticRun(hostId);
  await inTransaction((c) => insertMetricPoints(c, runId, syntheticPoints(500)));
  await prisma.run.delete({ where: { id: runId } });
  const r = await metricsPool().query<{ p: number; b: number }>(
    `SELECT (SELECT count(*) FROM metric_points WHERE "runId"=$1)::int AS p, (SELECT count(*) FROM metric_blocks WHERE "runId"=$1)::int AS b`, [runId]);
  assert.deepEqual(r.rows[0], { p: 0, b: 0 });
});

test("metric_points and metric_blocks compare run ids the same way (else the block triggers cannot use an index)", async () => {
  const r = await metricsPool().query<{ table_name: string; collation_name: string | null }>(
    `SELECT table_name, collation_name FROM information_schema.columns
      WHERE column_name='runId' AND table_name IN ('metric_points','metric_blocks') ORDER BY table_name`);
  assert.deepEqual(r.rows, [{ table_name: "metric_blocks", collation_name: "C" }, { table_name: "metric_points", collation_name: "C" }]);
});

test("zoomed views, progress and sparklines of a resumed run read train rows by offset and miss none", async () => {
  const runId = await createSyntheticRun(hostId);
  const seg0 = syntheticPoints(3000, { evalEvery: 40 });
  const seg1 = syntheticPoints(3500, { segment: 1, startStep: 2501, startOffset: 5_000_000, evalEvery: 40 });
  await inTransaction((c) => insertMetricPoints(c, runId, [...seg0, ...seg1]));
  await prisma.run.update({ where: { id: runId }, data: { segment: 1 } });
  const visible = [...seg0.filter((p) => p.step < 2501), ...seg1];
  const wall0 = Math.max(...seg0.map((p) => p.elapsedS ?? 0));
  const xOf = { step: (p: (typeof visible)[number]) => p.step, epoch: (p: (typeof visible)[number]) => p.epoch!,
    wall: (p: (typeof visible)[number]) => p.elapsedS! + (p.segment === 1 ? wall0 : 0) };
  const windows = { step: [2400, 2700], epoch: [2.3, 2.6], wall: [1180, 1300] } as const;
  for (const xAxis of ["step", "epoch", "wall"] as const) {
    const [x0, x1] = windows[xAxis];
    const s = await getRunSeries(metricsPool(), { runId, xAxis, x0, x1 });
    assert.equal(s.bucketed, false, xAxis);
    const inWin = visible.filter((p) => xOf[xAxis](p) >= x0 && xOf[xAxis](p) <= x1);
    const want = (kind: string) => inWin.filter((p) => p.kind === kind).map(xOf[xAxis]).sort((a, b) => a - b);
    assert.ok(want("TRAIN").length > 50, `${xAxis}: the window is not empty`);
    assert.deepEqual(s.series.loss.points.map((p) => p.x), want("TRAIN"), `${xAxis}: train points`);
    assert.deepEqual(s.series.evalLoss.points.map((p) => p.x), want("EVAL"), `${xAxis}: eval points`);
  }
  const empty = await getRunSeries(metricsPool(), { runId, xAxis: "step", x0: 90_000, x1: 91_000 });
  assert.equal(empty.series.loss.points.length, 0);
  const prog = await getRunProgress(metricsPool(), runId);
  assert.equal(prog!.elapsedS, Math.max(...seg1.map((p) => p.elapsedS!)) + wall0, "elapsed adds up both segments");
  const spark = (await listSparklines([runId])).get(runId)!;
  const lastTrain = seg1.filter((p) => p.kind === "TRAIN").slice(-spark.length).map((p) => p.loss);
  assert.ok(spark.length > 10);
  assert.deepEqual(spark, lastTrain, "the newest train losses, oldest first");
});
