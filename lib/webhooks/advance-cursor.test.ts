import { test } from "node:test";
import assert from "node:assert/strict";
import { advanceCursor } from "@/lib/webhooks/advance-cursor";

const ids = (...n: number[]) => n.map(BigInt);
const base = { gaps: new Map<bigint, number>(), checkedAt: 1_000, oldestOpenTx: null, graceMs: 60_000 };

test("moves over consecutive ids", () => {
  const r = advanceCursor({ ...base, cursor: 10n, ids: ids(11, 12, 13) });
  assert.equal(r.cursor, 13n);
  assert.equal(r.gaps.size, 0);
});

test("a gap seen for the first time holds the cursor even with no open transaction (its writer may begin later)", () => {
  const r = advanceCursor({ ...base, cursor: 10n, ids: ids(11, 13, 14) });
  assert.equal(r.cursor, 11n);
  assert.deepEqual([...r.gaps], [[12n, 1_000]]);
});

test("the late id fills the gap: the cursor moves on as if there never was one", () => {
  const first = advanceCursor({ ...base, cursor: 10n, ids: ids(11, 13) });
  const r = advanceCursor({ ...base, cursor: first.cursor, ids: ids(12, 13), gaps: first.gaps, checkedAt: 1_100, oldestOpenTx: 900 });
  assert.equal(r.cursor, 13n);
  assert.equal(r.gaps.size, 0);
});

test("a gap is settled once every open transaction started after it was seen", () => {
  const first = advanceCursor({ ...base, cursor: 10n, ids: ids(11, 13) });
  // A transaction open since before the gap was seen may hold id 12: wait.
  const held = advanceCursor({ ...base, cursor: first.cursor, ids: ids(13), gaps: first.gaps, checkedAt: 1_500, oldestOpenTx: 999 });
  assert.equal(held.cursor, 11n);
  assert.equal(advanceCursor({ ...base, cursor: 11n, ids: ids(13), gaps: held.gaps, checkedAt: 1_500, oldestOpenTx: 1_000 }).cursor, 11n, "same instant is not after");
  assert.equal(advanceCursor({ ...base, cursor: 11n, ids: ids(13), gaps: held.gaps, checkedAt: 1_600, oldestOpenTx: 1_001 }).cursor, 13n);
  assert.equal(advanceCursor({ ...base, cursor: 11n, ids: ids(13), gaps: held.gaps, checkedAt: 1_600, oldestOpenTx: null }).cursor, 13n);
});

test("a gap held by a very long transaction is stepped over after graceMs", () => {
  const first = advanceCursor({ ...base, cursor: 10n, ids: ids(11, 13), graceMs: 1_000 });
  assert.equal(advanceCursor({ ...base, cursor: 11n, ids: ids(13), gaps: first.gaps, checkedAt: 1_999, oldestOpenTx: 0, graceMs: 1_000 }).cursor, 11n);
  assert.equal(advanceCursor({ ...base, cursor: 11n, ids: ids(13), gaps: first.gaps, checkedAt: 2_000, oldestOpenTx: 0, graceMs: 1_000 }).cursor, 13n);
});

test("several old gaps settle together; a new one behind them still holds the cursor", () => {
  const first = advanceCursor({ ...base, cursor: 0n, ids: ids(2, 4, 6) });
  assert.equal(first.cursor, 0n);
  assert.deepEqual([...first.gaps.keys()], ids(1, 3, 5));
  const r = advanceCursor({ ...base, cursor: 0n, ids: ids(2, 4, 6, 8), gaps: first.gaps, checkedAt: 2_000, oldestOpenTx: null });
  assert.equal(r.cursor, 6n);
  assert.deepEqual([...r.gaps], [[7n, 2_000]]);
});

test("a settled gap behind an unsettled one keeps its clock (it is not restarted every pass)", () => {
  const r = advanceCursor({ ...base, cursor: 0n, ids: ids(2, 4), gaps: new Map([[3n, 500]]), checkedAt: 1_000, oldestOpenTx: 600 });
  assert.equal(r.cursor, 0n);
  assert.deepEqual([...r.gaps], [[1n, 1_000], [3n, 500]]);
});

test("no ids: nothing moves", () => {
  assert.equal(advanceCursor({ ...base, cursor: 7n, ids: [] }).cursor, 7n);
});
