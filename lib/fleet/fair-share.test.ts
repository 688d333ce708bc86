import { test } from "node:test";
import assert from "node:assert/strict";
import { fairShare } from "@/lib/fleet/fair-share";

test("3 workers split 100 hosts: targets cover every host, none takes more than a third plus slack", () => {
  const s = fairShare({ hosts: 100, aliveWorkers: 3, held: 0 });
  assert.equal(s.target, 34);
  assert.equal(s.claim, 25, "claims are capped per tick");
  assert.ok(3 * s.target >= 100);
  assert.equal(s.slack, 2);
});

test("a lone worker takes every host (100 hosts over 4 ticks)", () => {
  assert.equal(fairShare({ hosts: 100, aliveWorkers: 1, held: 75 }).claim, 25);
  assert.deepEqual(fairShare({ hosts: 7, aliveWorkers: 1, held: 0 }), { target: 7, slack: 1, claim: 7, release: 0 });
});

test("a worker that joins makes the others give back down to the new target", () => {
  // Two workers held 50 each; a third starts: target 34, slack 2 -> each gives back 16.
  assert.equal(fairShare({ hosts: 100, aliveWorkers: 3, held: 50 }).release, 16);
  // Within the slack nothing moves (no flapping over one host).
  assert.equal(fairShare({ hosts: 100, aliveWorkers: 3, held: 36 }).release, 0);
  assert.equal(fairShare({ hosts: 100, aliveWorkers: 3, held: 37 }).release, 3);
});

test("a newcomer in a small fleet gets its share: the others give back to the target despite the slack", () => {
  // 6 hosts, workers holding 3 and 3, a third joins holding 0: target 2, slack 1.
  assert.equal(fairShare({ hosts: 6, aliveWorkers: 3, held: 3 }).release, 0);
  assert.equal(fairShare({ hosts: 6, aliveWorkers: 3, held: 3, minHeld: 0 }).release, 1);
  // Once it holds target - 1 nobody moves any more.
  assert.equal(fairShare({ hosts: 100, aliveWorkers: 3, held: 35, minHeld: 33 }).release, 0);
});

test("a worker dies: the survivors' target grows so its hosts fit", () => {
  const s = fairShare({ hosts: 100, aliveWorkers: 2, held: 34 });
  assert.equal(s.target, 50);
  assert.equal(s.claim, 16);
});

test("no hosts, or a count of zero workers (this one not yet counted), never divides by zero", () => {
  assert.deepEqual(fairShare({ hosts: 0, aliveWorkers: 3, held: 0 }), { target: 0, slack: 1, claim: 0, release: 0 });
  assert.equal(fairShare({ hosts: 5, aliveWorkers: 0, held: 0 }).target, 5);
});
