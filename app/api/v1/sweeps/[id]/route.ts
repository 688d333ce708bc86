// GET /api/v1/sweeps/{id} - the sweep, its trials and their outcomes.
import { apiHandler } from "@/lib/api/api-handler";
import { API } from "@/lib/api/routes";
import { getSweep } from "@/lib/sweeps/get-sweep";
import { sweepUrl } from "@/lib/api/run-links";

export const dynamic = "force-dynamic";

export const GET = apiHandler(API.sweepsGet, async ({ params }) => {
  const s = await getSweep(params.id);
  return { ...s, url: sweepUrl(s.id), spec: s.spec as unknown as Record<string, unknown> };
});
