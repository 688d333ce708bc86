// POST /api/v1/hosts/{id}/adopt - adopt a hand-started training by its pid.
import { apiHandler } from "@/lib/api/api-handler";
import { API } from "@/lib/api/routes";
import { resolveHostId } from "@/lib/api/resolve-refs";
import { runUrl } from "@/lib/api/run-links";
import { adoptProcess } from "@/lib/adopt/adopt-process";

export const dynamic = "force-dynamic";

export const POST = apiHandler(API.hostsAdopt, async ({ params, body, user, meta }) => {
  const r = await adoptProcess({ hostId: await resolveHostId(params.id, "id"), pid: body.pid, userId: user.id }, meta);
  return { ...r, url: runUrl(r.runId) };
});
