// GET /api/v1/hosts/{id}/gpus - the last nvidia-smi inventory and which run holds each GPU.
import { AppError } from "@/lib/errors";
import { apiHandler } from "@/lib/api/api-handler";
import { API } from "@/lib/api/routes";
import { resolveHostId } from "@/lib/api/resolve-refs";
import { getHost } from "@/lib/hosts/list-hosts";

export const dynamic = "force-dynamic";

export const GET = apiHandler(API.hostsGpus, async ({ params }) => {
  const h = await getHost({ hostId: await resolveHostId(params.id, "id") });
  if (!h) throw new AppError("not_found", "Host not found.", "id");
  return { hostId: h.id, name: h.name, status: h.status, lastSeenAt: h.lastSeenAt?.toISOString() ?? null, gpus: h.gpus };
});
