// `cli backtest DIR --labels LABELS.json` on the committed real logs, as a real process.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";

const ROOT = join(import.meta.dirname, "../../..");
const WILD = join(ROOT, "lib/backtest/testdata/wild");

function cli(args: string[]): { out: string; err: string; code: number } {
  try {
    const out = execFileSync(process.execPath, ["--import", "tsx", "scripts/cli/index.ts", ...args], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    return { out, err: "", code: 0 };
  } catch (e) {
    const x = e as { stdout?: string; stderr?: string; status?: number };
    return { out: x.stdout ?? "", err: x.stderr ?? "", code: x.status ?? -1 };
  }
}

describe("cli backtest DIR --labels", () => {
  it("scores every log under DIR: a table, then N/M right; exit 0 when all are right", () => {
    const r = cli(["backtest", WILD, "--labels", join(WILD, "LABELS.json")]);
    assert.equal(r.code, 0, r.out + r.err);
    const lines = r.out.trim().split("\n");
    assert.match(lines[0]!, /^log\s+verdict\s+expected/);
    assert.equal(lines.length, 1 + 9 + 1);
    assert.match(lines.at(-1)!, /^9\/9 right \(0\/0 required stops, 0 false stops\)$/);
    assert.ok(lines.some((l) => /^gemma2-9b-predict\s+not-judgeable/.test(l)));
  });

  it("a wrong verdict, a missing log and a required stop not made are wrong: exit 1, with --json totals", () => {
    const dir = mkdtempSync(join(tmpdir(), "ff-labels-"));
    cpSync(WILD, dir, { recursive: true });
    const labels = JSON.parse(readFileSync(join(WILD, "LABELS.json"), "utf8")) as Record<string, Record<string, unknown>>;
    labels["lawllm-llama3-lora-sft"]!.verdict = "underfitting";
    labels["lawllm-llama3-lora-sft"]!.acceptable = [];
    labels["coderjzy-lora2-tiny"] = { ...labels["coderjzy-lora2-tiny"]!, stop: true, stopBy: 30, notBefore: 10 };
    labels["not-there"] = { stop: false, verdict: "converged" };
    writeFileSync(join(dir, "LABELS.json"), JSON.stringify(labels));
    const r = cli(["backtest", dir, "--labels", join(dir, "LABELS.json"), "--json"]);
    assert.equal(r.code, 1);
    const j = JSON.parse(r.out.trim().split("\n").at(-1)!) as { right: number; scored: number; requiredStops: number; requiredStopsRight: number; rows: { name: string; problems: string[] }[] };
    assert.deepEqual([j.right, j.scored, j.requiredStops, j.requiredStopsRight], [7, 10, 1, 0]);
    const by = Object.fromEntries(j.rows.map((x) => [x.name, x.problems.join("; ")]));
    assert.match(by["lawllm-llama3-lora-sft"]!, /verdict converged not in underfitting/);
    assert.match(by["coderjzy-lora2-tiny"]!, /missed stop \(by 30\)/);
    assert.match(by["not-there"]!, /no trainer_log\.jsonl found/);
    assert.match(r.out, /7\/10 right \(0\/1 required stops, 0 false stops\)/);
  });

  it("a malformed labels file is refused with the field named: exit 2", () => {
    const dir = mkdtempSync(join(tmpdir(), "ff-labels-"));
    writeFileSync(join(dir, "LABELS.json"), JSON.stringify({ a: { stop: "yes", verdict: "converged" } }));
    const r = cli(["backtest", WILD, "--labels", join(dir, "LABELS.json")]);
    assert.equal(r.code, 2);
    assert.match(r.err, /a\.stop: /);
  });
});
