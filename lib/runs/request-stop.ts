// Stop request from the UI, API, CLI or the early-stop rules. A queued run is cancelled without
// touching its host; a live one goes STOPPING and the worker's kill ladder does the rest.
// Idempotent: a second request joins the first (a KILL may escalate a pending graceful stop).
import { z } from "zod";
import { prisma, type RunStatus } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { enqueue } from "@/lib/queue/enqueue";
import { QueueName } from "@/lib/queue/contracts";
import { addRunEvent } from "@/lib/runs/run-events";
import { finishRun } from "@/lib/runs/finish-run";
import { createLogger } from "@/lib/logger";
import { recordAudit, type TAuditMeta } from "@/lib/audit/record-audit";

const log = createLogger("RUN STOP");

export const ZRequestStop = z.object({
  runId: z.string().min(1).max(64),
  userId: z.string().min(1).nullable(),
  kind: z.enum(["GRACEFUL", "KILL", "EARLY_STOP"]),
  reason: z.string().max(500).optional(),
});
export type TRequestStopInput = z.input<typeof ZRequestStop>;
export type TRequestStopResult = { runId: string; status: RunStatus; alreadyRequested: boolean };

const LIVE: RunStatus[] = ["STARTING", "RUNNING", "UNREACHABLE"];

export async function requestStop(raw: TRequestStopInput, meta: TAuditMeta = {}): Promise<TRequestStopResult> {
  const input = ZRequestStop.parse(raw);
  const run = await prisma.run.findUnique({ where: { id: input.runId }, select: { id: true, name: true, status: true, stopKind: true } });
  if (!run) throw new AppError("not_found", "Run not found.");
  const audit = (data: Record<string, unknown>) =>
    recordAudit({ actorId: input.userId, action: "run.stop", targetType: "run", targetId: run.id, data: { kind: input.kind, ...data }, ...meta });

  if (run.status === "QUEUED") {
    await prisma.run.updateMany({
      where: { id: run.id, status: "QUEUED" },
      data: { stopKind: input.kind, stopRequestedAt: new Date(), stopRequestedById: input.userId, stopReason: input.reason ?? null },
    });
    const won = await finishRun({ runId: run.id, status: "CANCELLED", message: "Cancelled while queued (the host was not touched)", from: ["QUEUED"] });
    if (won) {
      await addRunEvent({ runId: run.id, type: "CANCELLED", message: "Cancelled before it started" });
      await audit({ from: "QUEUED" });
      return { runId: run.id, status: "CANCELLED", alreadyRequested: false };
    }
    return requestStop(raw, meta); // it started meanwhile: stop it like a live run
  }

  if (LIVE.includes(run.status)) {
    const r = await prisma.run.updateMany({
      where: { id: run.id, status: { in: LIVE } },
      data: {
        status: "STOPPING",
        stopKind: input.kind,
        stopRequestedAt: new Date(),
        stopRequestedById: input.userId,
        stopReason: input.reason ?? null,
        killStage: "PENDING",
        killStageAt: new Date(),
      },
    });
    if (r.count !== 1) return requestStop(raw, meta);
    await addRunEvent({ runId: run.id, type: "STOP_REQUESTED", message: `${input.kind === "KILL" ? "Kill" : input.kind === "GRACEFUL" ? "Graceful stop" : "Early stop"} requested${input.reason ? `: ${input.reason}` : ""}`, data: { kind: input.kind } });
    await audit({ from: run.status });
    await deliver(run.id);
    return { runId: run.id, status: "STOPPING", alreadyRequested: false };
  }

  if (run.status === "STOPPING") {
    if (input.kind === "KILL" && run.stopKind !== "KILL") {
      await prisma.run.update({ where: { id: run.id }, data: { stopKind: "KILL" } });
      await addRunEvent({ runId: run.id, type: "STOP_REQUESTED", message: "Escalated to kill" });
      await audit({ escalated: true });
    }
    await deliver(run.id);
    return { runId: run.id, status: "STOPPING", alreadyRequested: true };
  }
  throw new AppError("conflict", `Run "${run.name}" has already finished (${run.status}).`);
}

async function deliver(runId: string): Promise<void> {
  try {
    await enqueue(QueueName.RunStop, { runId });
  } catch (e) {
    // STOPPING is in Postgres; the supervisor re-delivers stop jobs for every STOPPING run.
    log.warn("stop enqueue failed; supervisor will retry", { runId, err: e as Error });
  }
}
