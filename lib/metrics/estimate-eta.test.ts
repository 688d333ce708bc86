import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { estimateEta } from "./estimate-eta";

describe("estimateEta", () => {
  it("measures steps/s from wall time within the segment", () => {
    const samples = Array.from({ length: 20 }, (_, i) => ({ step: (i + 1) * 10, wallS: (i + 1) * 5 }));
    const eta = estimateEta({ samples, totalSteps: 1000 })!;
    assert.equal(eta.stepsPerS, 2);
    assert.equal(eta.remainingSteps, 800);
    assert.equal(eta.remainingS, 400);
  });

  it("is right after a resume, where LLaMA-Factory's remaining_time is too low", () => {
    // Resumed at step 500: elapsed restarts at 0, 1 step/s.
    const samples = Array.from({ length: 10 }, (_, i) => ({ step: 510 + i * 10, wallS: 10 + i * 10 }));
    const eta = estimateEta({ samples, totalSteps: 1000 })!;
    assert.equal(eta.stepsPerS, 1);
    assert.equal(eta.remainingS, 1000 - 600);
    // LF: (max - cur) * elapsed / cur = 400 * 100 / 600 ≈ 67 s; ours is 400 s.
  });

  it("uses a trailing window and needs enough time to measure", () => {
    const slow = Array.from({ length: 10 }, (_, i) => ({ step: i * 10, wallS: i * 100 }));
    const fast = Array.from({ length: 10 }, (_, i) => ({ step: 100 + i * 10, wallS: 1000 + i * 10 }));
    const eta = estimateEta({ samples: [...slow, ...fast], totalSteps: 1000, windowS: 60 })!;
    assert.equal(eta.stepsPerS, 1);
    assert.equal(estimateEta({ samples: [{ step: 1, wallS: 0 }], totalSteps: 10 }), null);
    assert.equal(estimateEta({ samples: [], totalSteps: 10 }), null);
    assert.equal(estimateEta({ samples: [{ step: 10, wallS: 0 }], totalSteps: 10 })!.remainingS, 0);
  });
});
