// POST /api/v1/runs/{id}/evaluate - a predict run of one of the run's checkpoints on an eval dataset.
import { apiHandler } from "@/lib/api/api-handler";
import { API } from "@/lib/api/routes";
import { evaluateCheckpoint } from "@/lib/evaluation/evaluate-checkpoint";
import { runUrl } from "@/lib/api/run-links";

export const dynamic = "force-dynamic";

export const POST = apiHandler(API.runsEvaluate, async ({ params, body, user, meta }) => {
  const r = await evaluateCheckpoint({ runId: params.id, userId: user.id, dataset: body.dataset,
    ...(body.checkpoint ? { checkpoint: body.checkpoint } : {}), ...(body.maxSamples ? { maxSamples: body.maxSamples } : {}) }, meta);
  return { runId: r.runId, url: runUrl(r.runId), warnings: r.warnings, checkpoint: r.checkpoint };
});
