"use server";
// Rename / tag / annotate a run, from the run page or a row of the runs table.
import { revalidatePath } from "next/cache";
import { authAction, inputField } from "@/lib/auth/auth-action";
import { updateRunLabels, ZRunLabels } from "@/lib/runs-table/update-run-labels";

export const updateRunLabelsAction = authAction(
  { role: "OPERATOR", schema: ZRunLabels, audit: { action: "run.label", targetType: "run", targetId: inputField("runId") } },
  async (input, { user, meta }) => {
    const r = await updateRunLabels(input, { userId: user.id, meta });
    revalidatePath(`/runs/${input.runId}`);
    revalidatePath("/");
    return r;
  },
);
