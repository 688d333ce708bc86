"use server";
// Import and adopt from the Hosts page. Reads (the import list, the ps scan) go through the GET
// endpoints under /api/v1/hosts/{id}; these are the two writes.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { authAction, inputField } from "@/lib/auth/auth-action";
import { startImport } from "@/lib/imports/start-import";
import { adoptProcess } from "@/lib/adopt/adopt-process";

export const startImportAction = authAction(
  { role: "OPERATOR", audit: { action: "host.import", targetType: "host", targetId: inputField("hostId") }, schema: z.object({ hostId: z.string().min(1).max(64), path: z.string().max(2000) }) },
  async (input, { user, meta }): Promise<{ importId: string; alreadyRunning: boolean }> => startImport({ hostId: input.hostId, path: input.path, userId: user.id }, meta),
);

export const adoptProcessAction = authAction(
  { role: "OPERATOR", audit: { action: "host.adopt", targetType: "host", targetId: inputField("hostId") }, schema: z.object({ hostId: z.string().min(1).max(64), pid: z.number().int() }) },
  async (input, { user, meta }): Promise<{ runId: string }> => {
    const r = await adoptProcess({ hostId: input.hostId, pid: input.pid, userId: user.id }, meta);
    revalidatePath("/");
    return { runId: r.runId };
  },
);
