// RunEvent rows: the run page's timeline. Written inside the same transaction as the state change
// they describe whenever there is one.
import { prisma, type Prisma, type RunEventType } from "@/lib/db";

type TTx = Prisma.TransactionClient;

export function addRunEvent(
  o: { runId: string; type: RunEventType; message: string; data?: Prisma.InputJsonValue },
  tx: TTx = prisma,
) {
  return tx.runEvent.create({ data: { runId: o.runId, type: o.type, message: o.message, ...(o.data === undefined ? {} : { data: o.data }) } });
}
