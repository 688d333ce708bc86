// POST /api/v1/runs/{id}/stop - graceful stop (LLaMA-Factory saves a checkpoint, then exits).
import { apiHandler } from "@/lib/api/api-handler";
import { API } from "@/lib/api/routes";
import { requestStop } from "@/lib/runs/request-stop";

export const dynamic = "force-dynamic";

export const POST = apiHandler(API.runsStop, async ({ params, body, user, meta }) =>
  requestStop({ runId: params.id, kind: "GRACEFUL", userId: user.id, ...(body.reason ? { reason: body.reason } : {}) }, meta));
