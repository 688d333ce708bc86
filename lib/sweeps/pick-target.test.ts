import assert from "node:assert/strict";
import { it } from "node:test";
import { pickTarget } from "./pick-target";
import { bestTrial, minEvalLoss } from "./best-trial";

const A0 = { hostId: "a", gpuIndices: [0] }, B0 = { hostId: "b", gpuIndices: [0] }, B1 = { hostId: "b", gpuIndices: [1] };

it("the next trial goes to the least-used slot, the first listed on a tie", () => {
  assert.deepEqual(pickTarget([A0, B0, B1], []), A0);
  assert.deepEqual(pickTarget([A0, B0, B1], [A0]), B0);
  assert.deepEqual(pickTarget([A0, B0, B1], [A0, B0]), B1);
  assert.deepEqual(pickTarget([A0, B0, B1], [A0, B0, B1, B0]), A0);
});

it("best trial: lowest finite eval loss, NaN ignored, earlier trial on a tie", () => {
  assert.equal(minEvalLoss([{ step: 5, evalLoss: NaN }, { step: 10, evalLoss: 1.5 }, { step: 15, evalLoss: 1.2 }]), 1.2);
  assert.equal(minEvalLoss([{ step: 5, evalLoss: NaN }]), null);
  assert.equal(bestTrial([{ index: 0, best: null }, { index: 1, best: 1.3 }, { index: 2, best: 1.1 }, { index: 3, best: 1.1 }])?.index, 2);
  assert.equal(bestTrial([{ index: 0, best: null }]), undefined);
});
