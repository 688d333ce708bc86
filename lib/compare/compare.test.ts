import { test } from "node:test";
import assert from "node:assert/strict";
import { compareStateToQuery, parseCompareState } from "@/lib/compare/compare-state";
import { aggregateGroup, groupRuns } from "@/lib/compare/group-series";
import { clipRange } from "@/lib/compare/clip-range";
import { buildScale, passesBrushes, position, valueAt } from "@/lib/compare/pc-scale";
import { runColor } from "@/lib/compare/run-colors";

test("compare URL: a plain run list stays plain; every view setting round-trips; junk is dropped", () => {
  const plain = parseCompareState({ runs: "a,b" });
  assert.equal(compareStateToQuery(plain), "runs=a,b");
  assert.deepEqual(plain.logy, ["lr"]);
  const sp = { runs: "a,b,c,a,bad id", axis: "epoch", smooth: "0.8", hide: "b,zzz", x0: "10", x1: "90", logy: "loss,nope", clip: "loss,gradNorm",
    group: "hp:learning_rate", expand: "0.0001|1e-5", pc: "hp:learning_rate,m:eval_loss:best,bogus", pclog: "hp:learning_rate,hp:other",
    brush: "hp:learning_rate:1e-05:0.0001;m:eval_loss:best:2:1;nope:1:2", keys: "all" };
  const s = parseCompareState(sp);
  assert.deepEqual(s.runs, ["a", "b", "c"]);
  assert.equal(s.axis, "epoch");
  assert.deepEqual(s.hide, ["b"], "only compared runs can be hidden");
  assert.deepEqual(s.zoom, { x0: 10, x1: 90 });
  assert.deepEqual(s.logy, ["loss"]);
  assert.deepEqual(s.clip, ["loss", "gradNorm"]);
  assert.deepEqual(s.pc, ["hp:learning_rate", "m:eval_loss:best"]);
  assert.deepEqual(s.pclog, ["hp:learning_rate"]);
  assert.deepEqual(s.brush, [{ axis: "hp:learning_rate", lo: 1e-5, hi: 1e-4 }], "lo > hi and unknown axes dropped");
  assert.equal(s.allKeys, true);
  const again = parseCompareState(Object.fromEntries(new URLSearchParams(compareStateToQuery(s))));
  assert.deepEqual(again, s);
  assert.equal(parseCompareState({ runs: "a", group: "hp:x'y" }).group, null);
  assert.equal(parseCompareState({ runs: "a", x0: "5", x1: "2" }).zoom, null);
  assert.equal(parseCompareState({ runs: "a", logy: "" }).logy.length, 0, "an empty logy turns the lr default off");
});

test("grouping: by hyperparameter value (numeric order) and by tag (a run in each of its tags)", () => {
  const runs = [
    { id: "a", hparams: { learning_rate: 1e-4 }, tags: ["x"] },
    { id: "b", hparams: { learning_rate: 1e-5 }, tags: ["x", "y"] },
    { id: "c", hparams: { learning_rate: 1e-4 }, tags: [] },
    { id: "d", hparams: {}, tags: [] },
  ];
  assert.deepEqual(groupRuns(runs, "hp:learning_rate"), [
    { label: "0.00001", runIds: ["b"] }, { label: "0.0001", runIds: ["a", "c"] }, { label: "(unset)", runIds: ["d"] }]);
  assert.deepEqual(groupRuns(runs, "tag").map((g) => [g.label, g.runIds]), [["(untagged)", ["c", "d"]], ["x", ["a", "b"]], ["y", ["b"]]]);
});

test("group band: mean/min/max across runs per bin; a run ends where its data ends", () => {
  const a = [{ x: 0, y: 1 }, { x: 10, y: 3 }];
  const b = [{ x: 0, y: 3 }, { x: 4, y: 5 }];
  const g = aggregateGroup([a, b], 2);
  assert.deepEqual(g.mean.map((p) => p.y), [(1 + (3 + 5) / 2) / 2, 3]);
  assert.deepEqual(g.lo.map((p) => p.y), [1, 3]);
  assert.deepEqual(g.hi.map((p) => p.y), [4, 3]);
  assert.deepEqual(aggregateGroup([[]]), { mean: [], lo: [], hi: [] });
});

test("clipping: one exploding run does not set the y range, the others' bulk stays in view", () => {
  const calm = (k: number) => Array.from({ length: 100 }, (_, i) => ({ x: i, y: 2 - i / 100 + k * 0.1 }));
  const blown = Array.from({ length: 100 }, (_, i) => ({ x: i, y: i < 95 ? 2 - i / 100 : 1e6 }));
  const r = clipRange([calm(0), calm(1), calm(2), blown])!;
  assert.ok(r.max < 10, `max ${r.max}`);
  assert.ok(r.min < 1.1 && r.max > 2.2);
  assert.equal(clipRange([[{ x: 0, y: 1 }]]), null);
});

test("parallel coordinates: log and linear scales, categories, brushes by value", () => {
  const s = buildScale([1e-5, 1e-4, 1e-3], true);
  assert.equal(s.kind, "num");
  assert.equal(position(s, 1e-4), 0.5);
  assert.ok(Math.abs(valueAt(s, 0.5) - 1e-4) < 1e-12);
  const lin = buildScale([0, 10], false);
  assert.equal(position(lin, 2.5), 0.25);
  assert.equal(buildScale([-1, 5], true).kind === "num" && (buildScale([-1, 5], true) as { log: boolean }).log, false, "no log axis through zero");
  const cat = buildScale(["adamw", "sgd", "adamw"], false);
  assert.deepEqual(cat.kind === "cat" && cat.cats, ["adamw", "sgd"]);
  assert.equal(position(cat, "sgd"), 1);
  const scales = { lr: s, opt: cat };
  assert.equal(passesBrushes({ lr: 1e-4, opt: "sgd" }, scales, [{ axis: "lr", lo: 5e-5, hi: 2e-4 }, { axis: "opt", lo: 0.5, hi: 1 }]), true);
  assert.equal(passesBrushes({ lr: 1e-3, opt: "sgd" }, scales, [{ axis: "lr", lo: 5e-5, hi: 2e-4 }]), false);
  assert.equal(passesBrushes({ lr: null, opt: "sgd" }, scales, [{ axis: "lr", lo: 0, hi: 1 }]), false);
});

test("run colours: 50 distinct", () => {
  assert.equal(new Set(Array.from({ length: 50 }, (_, i) => runColor(i))).size, 50);
});

test("differing hyperparameters: a key missing from some runs differs; equal values do not", async () => {
  const { differingHparams } = await import("@/lib/compare/load-compare-runs");
  assert.deepEqual(differingHparams([{ hparams: { a: 1, b: "x", c: 2 } }, { hparams: { a: 1, b: "y" } }]), ["b", "c"]);
  assert.deepEqual(differingHparams([{ hparams: { a: 1 } }]), []);
});
