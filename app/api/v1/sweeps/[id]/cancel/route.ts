// POST /api/v1/sweeps/{id}/cancel - no new trials; live trials get a graceful stop.
import { apiHandler } from "@/lib/api/api-handler";
import { API } from "@/lib/api/routes";
import { cancelSweep } from "@/lib/sweeps/cancel-sweep";

export const dynamic = "force-dynamic";

export const POST = apiHandler(API.sweepsCancel, async ({ params, user, meta }) => cancelSweep({ sweepId: params.id, userId: user.id }, meta));
