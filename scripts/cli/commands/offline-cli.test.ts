// The offline CLI contract, run as the hook runs it: a real process, the last stdout line is JSON.
import path from "node:path";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";

const ROOT = join(import.meta.dirname, "../../..");
const RUNS = path.join(import.meta.dirname, "../../../lib/backtest/testdata/gpu-runs");

function cli(args: string[]): { out: string; code: number; ms: number } {
  const t0 = performance.now();
  try {
    const out = execFileSync(process.execPath, ["--import", "tsx", "scripts/cli/index.ts", ...args], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    return { out, code: 0, ms: performance.now() - t0 };
  } catch (e) {
    const err = e as { stdout?: string; status?: number };
    return { out: err.stdout ?? "", code: err.status ?? -1, ms: performance.now() - t0 };
  }
}
const lastJson = (out: string): Record<string, unknown> => JSON.parse(out.trim().split("\n").at(-1)!) as Record<string, unknown>;

describe("cli parse", () => {
  it("prints one JSON line with the contract's keys", () => {
    const r = cli(["parse", `${RUNS}/dev-nan/trainer_log.jsonl`, "--json"]);
    assert.equal(r.code, 0);
    const j = lastJson(r.out);
    assert.deepEqual({ ...j, trainerState: undefined }, { lines: 73, trainPoints: 60, evalPoints: 12, nonFinite: 12, segments: 1, lastStep: 300, totalSteps: 300,
      duplicateLines: 0, judgeable: true, trainerState: undefined, warnings: [] });
    // The run's trainer_state.json sits beside the log: grad norms for all 60 train points, nothing past the end.
    assert.deepEqual({ ...(j.trainerState as object), file: undefined }, { file: undefined, globalStep: 300, entries: 74, addedPoints: 0, gradNorms: 60, extraMetrics: [] });
  });
  it("reports malformed lines and exits 1 on an unreadable file", () => {
    const dir = mkdtempSync(join(tmpdir(), "ff-parse-"));
    const f = join(dir, "t.jsonl");
    writeFileSync(f, '{"current_steps": 5, "total_steps": 10, "loss": 1.0}\nnot json\n{"current_steps": 10, "total_steps": 10, "eval_loss": NaN}');
    const j = lastJson(cli(["parse", f, "--json"]).out);
    assert.equal(j.trainPoints, 1);
    assert.equal(j.evalPoints, 1);
    assert.equal(j.nonFinite, 1);
    assert.equal((j.warnings as { line: number }[])[0]!.line, 2);
    assert.equal(cli(["parse", join(dir, "missing.jsonl"), "--json"]).code, 1);
  });
});

describe("cli backtest", () => {
  it("does its own work (imports + parse + rules) in < 2 s per fixture", async () => {
    const { run } = await import("./backtest");
    const write = process.stdout.write.bind(process.stdout);
    for (const name of ["dev-healthy", "dev-overfit", "dev-diverge", "dev-nan", "dev-stalled", "dev-plateau"]) {
      const t0 = performance.now();
      process.stdout.write = (() => true) as typeof process.stdout.write;
      try { assert.equal(await run([`${RUNS}/${name}/trainer_log.jsonl`, "--json"]), 0); } finally { process.stdout.write = write; }
      const ms = performance.now() - t0;
      assert.ok(ms < 2000, `${name} took ${ms.toFixed(0)} ms`);
    }
  });

  it("ends with the contract JSON line for every fixture, each in < 2 s", () => {
    for (const run of ["dev-healthy", "dev-overfit", "dev-diverge", "dev-nan", "dev-stalled", "dev-plateau"]) {
      const r = cli(["backtest", `${RUNS}/${run}/trainer_log.jsonl`]);
      assert.equal(r.code, 0);
      const j = lastJson(r.out);
      assert.deepEqual(Object.keys(j), ["stopped", "stopStep", "bestStep", "bestEvalLoss", "verdict", "rule", "reason", "advice", "stepsSaved"]);
      assert.ok(["converged", "underfitting", "overfitting", "diverged", "stalled", "learning", "not-judgeable"].includes(j.verdict as string));
      // Whole process incl. node + tsx start-up (~1.2 s alone on a loaded box): the hook's 8 s limit.
      assert.ok(r.ms < 8000, `${run} took ${r.ms.toFixed(0)} ms`);
    }
  });
  it("takes rule options and rejects bad ones with the field named", () => {
    const r = cli(["backtest", `${RUNS}/dev-overfit/trainer_log.jsonl`, "--json", "--rule", "overfitting=off", "--patience", "5"]);
    const j = lastJson(r.out);
    assert.equal(j.rule, "patience");
    assert.equal(j.stopStep, 325);
    const bad = cli(["backtest", `${RUNS}/dev-overfit/trainer_log.jsonl`, "--json", "--set", "patience.patience=-1"]);
    assert.equal(bad.code, 2);
  });
});
