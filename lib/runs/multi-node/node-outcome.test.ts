import { test } from "node:test";
import assert from "node:assert/strict";
import { describeNodeEnd, nodeOutcome, type TNodeState } from "@/lib/runs/multi-node/node-outcome";

const n = (rank: number, phase: TNodeState["phase"], exitCode: number | null = null): TNodeState => ({ rank, host: `h${rank}`, phase, exitCode });

test("all running, or one finished first: the run keeps running", () => {
  assert.deepEqual(nodeOutcome([n(0, "running"), n(1, "running")]), { kind: "running" });
  assert.deepEqual(nodeOutcome([n(0, "running"), n(1, "ended", 0)]), { kind: "running" });
  assert.deepEqual(nodeOutcome([n(0, "unknown"), n(1, "running")]), { kind: "running" });
});

test("all ended with 0: success with rank 0's code", () => {
  assert.deepEqual(nodeOutcome([n(0, "ended", 0), n(1, "ended", 0)]), { kind: "ended", exitCode: 0, failed: null });
});

test("a node that fails while others run fails the run and names the survivors", () => {
  const o = nodeOutcome([n(0, "running"), n(1, "ended", 1), n(2, "running")]);
  assert.equal(o.kind, "node-failed");
  if (o.kind !== "node-failed") return;
  assert.equal(o.failed.rank, 1);
  assert.deepEqual(o.survivors, [0, 2]);
});

test("the cause is reported, not the victims: a vanished node before a failed rank 0", () => {
  const o = nodeOutcome([n(0, "ended", 1), n(1, "ended", null)]);
  assert.deepEqual(o, { kind: "ended", exitCode: null, failed: n(1, "ended", null) });
  const p = nodeOutcome([n(0, "ended", 1), n(1, "ended", 1)]);
  assert.equal(p.kind === "ended" && p.failed?.rank, 1);
  const q = nodeOutcome([n(0, "ended", 1), n(1, "ended", 0)]);
  assert.equal(q.kind === "ended" && q.failed?.rank, 0);
  assert.equal(q.kind === "ended" && q.exitCode, 1);
});

test("descriptions name the node, its host and what happened", () => {
  assert.equal(describeNodeEnd(n(1, "ended", 137)), "node 1 (h1) exited with code 137 (signal 9)");
  assert.match(describeNodeEnd(n(1, "ended", null)), /^node 1 \(h1\) is gone without an exit code/);
});

test("the node seen ending first is the cause, even when the survivors we stopped end without an exit code", () => {
  const o = nodeOutcome([{ ...n(0, "ended", null), endedAt: 2000 }, { ...n(1, "ended", null), endedAt: 1000 }]);
  assert.equal(o.kind === "ended" && o.failed?.rank, 1);
  const p = nodeOutcome([{ ...n(0, "ended", 1), endedAt: 1000 }, { ...n(1, "ended", null), endedAt: 5000 }]);
  assert.equal(p.kind === "ended" && p.failed?.rank, 0);
});
