// What the poller does when the rules engine speaks: alerts become timeline events; a stop is
// recorded on the run exactly once (conditional on stopRule still being empty) and handed to the
// kill ladder as an EARLY_STOP, which saves the model first.
import { prisma } from "@/lib/db";
import { addRunEvent } from "@/lib/runs/run-events";
import { requestStop } from "@/lib/runs/request-stop";
import type { TFired, TVerdict } from "@/lib/rules/types";
import { createLogger } from "@/lib/logger";

const log = createLogger("POLLER");

export async function recordRuleOutcome(o: { runId: string; fired: TFired; verdict: TVerdict }): Promise<void> {
  const { fired } = o;
  if (fired.action === "alert") {
    await addRunEvent({ runId: o.runId, type: "RULE_ALERT", message: `${fired.rule} at step ${fired.step}: ${fired.reason}`, data: { rule: fired.rule, step: fired.step } });
    return;
  }
  const r = await prisma.run.updateMany({
    where: { id: o.runId, stopRule: null, status: { in: ["RUNNING", "UNREACHABLE", "STARTING"] } },
    data: { stopRule: fired.rule, stopStep: fired.step, stopReason: fired.reason, verdict: o.verdict },
  });
  if (r.count !== 1) return; // already recorded by an earlier worker, or the run is already stopping/finished
  await addRunEvent({ runId: o.runId, type: "RULE_FIRED", message: `${fired.rule} stopped the run at step ${fired.step}: ${fired.reason}`, data: { rule: fired.rule, step: fired.step, verdict: o.verdict } });
  try {
    await requestStop({ runId: o.runId, userId: null, kind: "EARLY_STOP", reason: fired.reason });
  } catch (err) {
    log.warn("early stop request failed", { runId: o.runId, err: err as Error });
  }
}
