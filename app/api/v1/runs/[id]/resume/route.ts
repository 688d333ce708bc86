// POST /api/v1/runs/{id}/resume - a child run continuing from one of the run's checkpoints.
import { apiHandler } from "@/lib/api/api-handler";
import { API } from "@/lib/api/routes";
import { resumeRun } from "@/lib/runs/resume-run";
import { runUrl } from "@/lib/api/run-links";

export const dynamic = "force-dynamic";

export const POST = apiHandler(API.runsResume, async ({ params, body, user, meta }) => {
  const r = await resumeRun({ runId: params.id, userId: user.id, ...(body.checkpoint ? { checkpoint: body.checkpoint } : {}), ...(body.name ? { name: body.name } : {}) }, meta);
  return { runId: r.runId, url: runUrl(r.runId), warnings: r.warnings, checkpoint: r.checkpoint };
});
