// Real Postgres: the runs table's search, filters, sorts, metric summaries (NaN kept), pagination,
// hyperparameter backfill, labels and the CSV/JSON exports, on seeded runs with real metric points.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { prisma } from "@/lib/db";
import { closeMetricsPool, inTransaction, metricsPool } from "@/lib/metrics/store/pg-pool";
import { insertMetricPoints } from "@/lib/metrics/store/insert-points";
import { createSyntheticHost, deleteSyntheticHost, syntheticPoints } from "@/lib/metrics/store/testing/synthetic-run";
import { listRuns } from "@/lib/dashboard/list-runs";
import { parseTableState } from "@/lib/runs-table/table-state";
import { exportTable } from "@/lib/runs-table/export-table";
import { exportCurves } from "@/lib/runs-table/export-curves";
import { updateRunLabels } from "@/lib/runs-table/update-run-labels";
import { listColumnOptions } from "@/lib/runs-table/list-column-options";
import { differingHparams, loadCompareRuns } from "@/lib/compare/load-compare-runs";

let hostId = "";
let presetId = "";
const ids: Record<string, string> = {};

async function seedRun(name: string, o: { lr: string; rank: number; tags?: string[]; lastLoss?: number; nanFrom?: number; points?: number; verdict?: string; createdAt: Date; results?: Record<string, unknown> }) {
  const pv = await prisma.presetVersion.findFirstOrThrow({ where: { presetId } });
  const r = await prisma.run.create({
    data: {
      name, hostId, gpuIndices: [0], presetVersionId: pv.id, status: "SUCCEEDED", outputDir: "/nonexistent", createdAt: o.createdAt, startedAt: o.createdAt,
      configYaml: `learning_rate: ${o.lr}\nlora_rank: ${o.rank}\noutput_dir: /runs/${name}\nfinetuning_type: lora\n`, tags: o.tags ?? [],
      ...(o.verdict ? { verdict: o.verdict } : {}), ...(o.results ? { finalMetrics: { allResults: o.results } as object } : {}),
    },
  });
  if (o.points) {
    const pts = syntheticPoints(o.points, { evalEvery: 10, ...(o.nanFrom !== undefined ? { nanFrom: o.nanFrom } : {}) });
    await inTransaction((c) => insertMetricPoints(c, r.id, pts));
  }
  // Prisma writes NaN as null: the last loss goes through raw pg like the ingest does.
  if (o.lastLoss !== undefined) await metricsPool().query(`UPDATE runs SET "lastLoss" = $2::float8 WHERE id = $1`, [r.id, String(o.lastLoss)]);
  ids[name] = r.id;
}

before(async () => {
  hostId = await createSyntheticHost("runs-table-int");
  const p = await prisma.preset.create({ data: { name: `rt-preset-${process.pid}`, versions: { create: { version: 1, yaml: "learning_rate: 1.0e-4\n" } } } });
  presetId = p.id;
  const t0 = Date.parse("2026-11-01T00:00:00Z");
  await seedRun("alpha-lr-small", { lr: "1.0e-5", rank: 8, tags: ["baseline"], lastLoss: 0.9, points: 200, createdAt: new Date(t0), verdict: "converged", results: { eval_accuracy: 0.71 } });
  await seedRun("beta-lr-big", { lr: "3.0e-4", rank: 16, tags: ["sweep", "baseline"], lastLoss: NaN, points: 200, nanFrom: 150, createdAt: new Date(t0 + 1000), verdict: "diverged", results: { eval_accuracy: "NaN" } });
  await seedRun("gamma_mid", { lr: "1.0e-4", rank: 8, lastLoss: 0.7, points: 200, createdAt: new Date(t0 + 2000), results: { eval_accuracy: 0.8 } });
  for (let i = 0; i < 7; i++) await seedRun(`filler-${i}`, { lr: "5.0e-5", rank: 4, createdAt: new Date(t0 + 10_000 + i * 1000) });
  await metricsPool().query(`ANALYZE runs, metric_blocks`);
});
after(async () => {
  await deleteSyntheticHost(hostId);
  await prisma.preset.delete({ where: { id: presetId } }).catch(() => undefined);
  await closeMetricsPool();
  await prisma.$disconnect();
});

const view = (q: Record<string, string>) => listRuns(parseTableState({ host: hostId, ...q }));

test("search matches name, preset, host and tag; filters narrow it; total counts all matches", async () => {
  assert.deepEqual((await view({ q: "lr-small" })).rows.map((r) => r.name), ["alpha-lr-small"]);
  assert.equal((await view({ q: "rt-preset" })).total, 10, "preset name");
  assert.equal((await view({ q: "runs-table-int" })).total, 10, "host name");
  assert.deepEqual((await view({ q: "SWEEP" })).rows.map((r) => r.name), ["beta-lr-big"], "tag, case-insensitive");
  assert.deepEqual((await view({ q: "gamma_" })).rows.map((r) => r.name), ["gamma_mid"], "_ is a character, not a wildcard");
  assert.deepEqual((await view({ tag: "baseline" })).rows.map((r) => r.name).sort(), ["alpha-lr-small", "beta-lr-big"]);
  assert.deepEqual((await view({ verdict: "diverged" })).rows.map((r) => r.name), ["beta-lr-big"]);
  assert.equal((await view({ verdict: "none" })).total, 8);
});

test("hyperparameters are derived from the YAML and sort numerically (1e-5 < 5e-5 < 1e-4 < 3e-4)", async () => {
  const r = await view({ sort: "hp:learning_rate", cols: "hp:learning_rate,hp:lora_rank,hp:output_dir", per: "200" });
  const lrs = r.rows.map((x) => x.cells["hp:learning_rate"]);
  assert.deepEqual([...new Set(lrs)], [1e-5, 5e-5, 1e-4, 3e-4]);
  assert.equal(r.rows[0]!.cells["hp:lora_rank"], 8);
  assert.equal(r.rows[0]!.cells["hp:output_dir"], null, "per-run paths are not hyperparameters");
  const desc = await view({ sort: "hp:learning_rate", dir: "desc", cols: "hp:learning_rate" });
  assert.equal(desc.rows[0]!.name, "beta-lr-big");
  const opts = await listColumnOptions();
  const lr = opts.hparams.find((k) => k.key === "learning_rate");
  assert.ok(lr && lr.distinct >= 4, "learning_rate is offered and marked as varying");
  assert.ok(opts.results.some((k) => k.key === "eval_accuracy"));
});

test("NaN is shown as NaN: last loss, max, and results; best skips it; metric sorts put NaN last ascending", async () => {
  const r = await view({ q: "lr-", cols: "loss,m:loss:min,m:loss:max,m:loss:best,m:grad_norm:max,m:grad_norm:last,m:eval_loss:best,res:eval_accuracy" });
  const beta = r.rows.find((x) => x.name === "beta-lr-big")!;
  const alpha = r.rows.find((x) => x.name === "alpha-lr-small")!;
  assert.equal(beta.lastLoss, "NaN");
  assert.equal(beta.cells["m:loss:max"], "NaN");
  assert.equal(typeof beta.cells["m:loss:best"], "number", "a NaN is never the best value");
  assert.equal(beta.cells["m:grad_norm:max"], "Infinity");
  assert.equal(beta.cells["m:grad_norm:last"], "Infinity");
  assert.equal(beta.cells["res:eval_accuracy"], "NaN");
  assert.equal(alpha.cells["res:eval_accuracy"], 0.71);
  const pts = syntheticPoints(200, { evalEvery: 10 });
  const finite = pts.filter((p) => p.kind === "TRAIN").map((p) => p.loss as number);
  assert.equal(alpha.cells["m:loss:min"], Math.min(...finite));
  assert.equal(alpha.cells["m:loss:max"], Math.max(...finite));
  const evals = pts.filter((p) => p.kind === "EVAL").map((p) => p.evalLoss as number);
  assert.equal(alpha.cells["m:eval_loss:best"], Math.min(...evals));

  const byMax = await view({ sort: "m:loss:max", q: "a" });
  const names = byMax.rows.map((x) => x.name);
  assert.ok(names.indexOf("beta-lr-big") > names.indexOf("alpha-lr-small"), "NaN sorts after every number");
  const byLoss = await view({ sort: "loss", dir: "asc" });
  assert.deepEqual(byLoss.rows.slice(0, 3).map((x) => x.name), ["gamma_mid", "alpha-lr-small", "beta-lr-big"]);
});

test("pages: a total order, no run on two pages, more/total right", async () => {
  const seen: string[] = [];
  for (let page = 1; page <= 4; page++) {
    const r = await view({ per: "3", page: String(page), sort: "hp:lora_rank" });
    assert.equal(r.total, 10);
    assert.equal(r.more, page < 4);
    seen.push(...r.rows.map((x) => x.id));
  }
  assert.equal(seen.length, 10);
  assert.equal(new Set(seen).size, 10);
});

test("labels: rename, tags normalised, notes; bad input names the field and writes nothing; audited", async () => {
  const id = ids["gamma_mid"]!;
  const r = await updateRunLabels({ runId: id, name: "gamma renamed", tags: "Best, lr-sweep best", notes: "kept for the paper" }, { userId: null });
  assert.deepEqual(r, { name: "gamma renamed", tags: ["best", "lr-sweep"], notes: "kept for the paper" });
  assert.deepEqual((await view({ tag: "lr-sweep" })).rows.map((x) => x.name), ["gamma renamed"]);
  await assert.rejects(updateRunLabels({ runId: id, tags: "ok, <script>" }, { userId: null }), /tag may contain/);
  await assert.rejects(updateRunLabels({ runId: id, name: "" }, { userId: null }), /name/);
  const still = await prisma.run.findUniqueOrThrow({ where: { id } });
  assert.deepEqual(still.tags, ["best", "lr-sweep"]);
  const audit = await prisma.auditEvent.findFirst({ where: { action: "run.label", targetId: id } });
  assert.ok(audit);
});

test("exports: the whole filtered table (not one page) as CSV and JSON, and a run's curves with NaN kept", async () => {
  const state = parseTableState({ host: hostId, per: "2", sort: "hp:learning_rate", cols: "hp:learning_rate,m:loss:max" });
  let csv = "";
  for await (const c of exportTable(state, "csv")) csv += c;
  const lines = csv.trim().split("\r\n");
  assert.equal(lines.length, 11, "header + every matching run, whatever the page size");
  assert.match(lines[0]!, /^id,name,status,.*,hp:learning_rate,m:loss:max$/);
  assert.ok(lines.some((l) => l.includes("beta-lr-big") && l.endsWith(",0.0003,NaN")));
  let json = "";
  for await (const c of exportTable(state, "json")) json += c;
  const rows = JSON.parse(json) as Record<string, unknown>[];
  assert.equal(rows.length, 10);
  assert.equal(rows.find((x) => x.name === "beta-lr-big")!.last_loss, "NaN");

  let curves = "";
  for await (const c of exportCurves(ids["beta-lr-big"]!, "csv")) curves += c;
  const cl = curves.trim().split("\r\n");
  assert.equal(cl[0], "offset,kind,segment,step,epoch,loss,eval_loss,learning_rate,grad_norm,throughput,total_tokens,elapsed_s");
  assert.equal(cl.length, 1 + 200 + 20);
  assert.ok(cl.some((l) => l.includes(",TRAIN,") && l.split(",")[5] === "NaN"));
  const offsets = cl.slice(1).map((l) => Number(l.split(",")[0]));
  assert.deepEqual(offsets, [...offsets].sort((a, b) => a - b), "file order (numeric offsets), past 10k bytes too");
  assert.ok(offsets.at(-1)! > 10_000);
  let cj = "";
  for await (const c of exportCurves(ids["beta-lr-big"]!, "json")) cj += c;
  const pts = JSON.parse(cj) as { loss: unknown; grad_norm: unknown }[];
  assert.equal(pts.length, 220);
  assert.ok(pts.some((p) => p.loss === "NaN" && p.grad_norm === "Infinity"));
});

test("compare data: runs in the asked order, parallel-coordinates values (non-finite left out), differing keys", async () => {
  const want = [ids["gamma_mid"]!, ids["beta-lr-big"]!, ids["alpha-lr-small"]!];
  const runs = await loadCompareRuns([...want, "no-such-run"], ["hp:learning_rate", "m:loss:max", "loss", "res:eval_accuracy"]);
  assert.deepEqual(runs.map((r) => r.id), want);
  const beta = runs[1]!;
  assert.equal(beta.axes["hp:learning_rate"], 3e-4);
  assert.equal(beta.axes["m:loss:max"], null, "NaN is not a position on an axis");
  assert.equal(beta.axes["loss"], null);
  assert.equal(beta.lastLoss, "NaN");
  assert.equal(runs[2]!.axes["res:eval_accuracy"], 0.71);
  assert.deepEqual(differingHparams(runs), ["learning_rate", "lora_rank"]);
});
