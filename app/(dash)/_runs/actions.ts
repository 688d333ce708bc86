"use server";
// Bulk kill from the runs list. Each run goes through the worker's kill ladder (lib/runs/request-stop);
// one run failing (e.g. already finished) does not stop the others.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { authAction } from "@/lib/auth/auth-action";
import { toErrorBody } from "@/lib/errors";
import { requestStop } from "@/lib/runs/request-stop";

export const killRunsAction = authAction(
  { role: "OPERATOR", audit: { action: "run.kill", targetType: "run" }, schema: z.object({ runIds: z.array(z.string().min(1).max(64)).min(1, "tick at least one run").max(200) }) },
  async ({ runIds }, { user, meta }) => {
    const results: { runId: string; ok: boolean; message: string }[] = [];
    for (const runId of [...new Set(runIds)]) {
      try {
        await requestStop({ runId, kind: "KILL", userId: user.id }, meta);
        results.push({ runId, ok: true, message: "kill requested" });
      } catch (err) {
        results.push({ runId, ok: false, message: toErrorBody(err).message });
      }
    }
    revalidatePath("/");
    return results;
  },
);
