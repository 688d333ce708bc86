// POST /api/v1/runs/{id}/kill - kill ladder, verified on the host; a queued run is just cancelled.
import { apiHandler } from "@/lib/api/api-handler";
import { API } from "@/lib/api/routes";
import { requestStop } from "@/lib/runs/request-stop";

export const dynamic = "force-dynamic";

export const POST = apiHandler(API.runsKill, async ({ params, body, user, meta }) =>
  requestStop({ runId: params.id, kind: "KILL", userId: user.id, ...(body.reason ? { reason: body.reason } : {}) }, meta));
