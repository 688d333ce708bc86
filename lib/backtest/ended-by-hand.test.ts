// A run a person killed or stopped ends where they cut it: the backtest judges it neither healthy
// nor bad, even when its curve looks healthy and a rule would have stopped it.
import assert from "node:assert/strict";
import { test } from "node:test";
import { defaultRulesConfig } from "@/lib/rules/config";
import { backtestOne } from "./backtest-one";
import { parseUpload } from "./parse-upload";
import { summarize } from "./summarize";

// A clean, still-improving curve (eval every 50 steps), 400 of 1000 steps logged before the cut.
function healthyLog(): string {
  const lines: string[] = [];
  for (let s = 10; s <= 400; s += 10) {
    const loss = 0.6 + 2 * Math.exp(-s / 150);
    lines.push(JSON.stringify({ current_steps: s, total_steps: 1000, loss, lr: 1e-4, epoch: s / 500, percentage: s / 10, elapsed_time: `0:00:${String(Math.floor(s / 10) % 60).padStart(2, "0")}`, remaining_time: "0:01:00" }));
    if (s % 50 === 0) lines.push(JSON.stringify({ current_steps: s, total_steps: 1000, eval_loss: loss + 0.05, epoch: s / 500, percentage: s / 10, elapsed_time: "0:00:40", remaining_time: "0:01:00" }));
  }
  return lines.join("\n");
}

test("killed and hand-stopped runs are neither healthy nor false stops; the others are judged as before", () => {
  const points = parseUpload("h", healthyLog()).points;
  // An eager rule set: a short patience on eval loss stops this run early.
  const rules = defaultRulesConfig();
  const base = { source: "run" as const, points, rules, gpus: 1, durationS: 3600 };
  const mine = backtestOne({ ...base, key: "a", label: "ended on its own" });
  const killed = backtestOne({ ...base, key: "b", label: "killed", endedByHand: "killed" });
  const stopped = backtestOne({ ...base, key: "c", label: "stopped", endedByHand: "stopped" });
  assert.equal(mine.endedByHand, null);
  assert.equal(killed.endedByHand, "killed");
  assert.equal(killed.falseStop.falseStop, false);
  assert.match(killed.falseStop.why, /^killed by hand: .* neither healthy nor bad$/);
  assert.match(stopped.falseStop.why, /^stopped by hand/);
  const t = summarize([mine, killed, stopped]);
  assert.equal(t.endedByHand, 2);
  assert.equal(mine.finalVerdict, "underfitting"); // still improving when the log ends: healthy
  assert.equal(t.healthyRuns, 1, "only the run that ended on its own counts as healthy");
  assert.equal(t.falseStops, mine.falseStop.falseStop ? 1 : 0);
  // GPU time still counts for every run: the hours were spent either way.
  assert.equal(t.gpuHours, 3);
});
