// POST /api/v1/sweeps/{id}/promote - the best (or a chosen) trial's values as the preset's next version.
import { apiHandler } from "@/lib/api/api-handler";
import { API } from "@/lib/api/routes";
import { promoteTrial } from "@/lib/sweeps/promote-trial";

export const dynamic = "force-dynamic";

export const POST = apiHandler(API.sweepsPromote, async ({ params, body, user, meta }) =>
  promoteTrial({ sweepId: params.id, userId: user.id, ...(body.trialId ? { trialId: body.trialId } : {}) }, meta));
