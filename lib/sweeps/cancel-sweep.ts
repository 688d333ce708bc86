// Cancel: no new trial starts; the driver gives live trials a graceful stop (they keep their best
// checkpoint) and marks the sweep CANCELLED once none is left running.
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recordAudit, type TAuditMeta } from "@/lib/audit/record-audit";

export async function cancelSweep(o: { sweepId: string; userId: string | null }, meta: TAuditMeta = {}): Promise<{ sweepId: string; status: string }> {
  const sweep = await prisma.sweep.findUnique({ where: { id: o.sweepId }, select: { id: true, name: true, status: true } });
  if (!sweep) throw new AppError("not_found", "Sweep not found.");
  if (sweep.status === "CANCELLING") return { sweepId: sweep.id, status: sweep.status };
  if (sweep.status !== "RUNNING") throw new AppError("conflict", `Sweep "${sweep.name}" has already ended (${sweep.status.toLowerCase()}).`);
  await prisma.$transaction(async (tx) => {
    const r = await tx.sweep.updateMany({ where: { id: sweep.id, status: "RUNNING" }, data: { status: "CANCELLING" } });
    if (r.count !== 1) return;
    await tx.sweepTrial.updateMany({ where: { sweepId: sweep.id, status: "PENDING" }, data: { status: "SKIPPED" } });
    await recordAudit({ actorId: o.userId, action: "sweep.cancel", targetType: "sweep", targetId: sweep.id, data: { name: sweep.name }, ...meta }, tx);
  });
  return { sweepId: sweep.id, status: "CANCELLING" };
}
