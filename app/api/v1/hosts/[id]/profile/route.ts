// GET /api/v1/hosts/{id}/profile - runtime profile + last probe; PUT - save a new version and probe it.
import { AppError } from "@/lib/errors";
import { apiHandler } from "@/lib/api/api-handler";
import { API } from "@/lib/api/routes";
import { resolveHostId } from "@/lib/api/resolve-refs";
import { getHost } from "@/lib/hosts/list-hosts";
import { saveHostProfile } from "@/lib/hosts/profile/save-profile";

export const dynamic = "force-dynamic";

async function profileBody(hostId: string) {
  const h = await getHost({ hostId });
  if (!h) throw new AppError("not_found", "Host not found.", "id");
  return {
    hostId: h.id, name: h.name,
    profile: h.profile ? { ...h.profile, createdAt: h.profile.createdAt.toISOString() } : null,
    runtime: h.runtime ? { ...h.runtime } : null,
  };
}

export const GET = apiHandler(API.hostsProfileGet, async ({ params }) => profileBody(await resolveHostId(params.id, "id")));

export const PUT = apiHandler(API.hostsProfilePut, async ({ params, body, user, meta }) => {
  const hostId = await resolveHostId(params.id, "id");
  await saveHostProfile({ hostId, input: body, userId: user.id, meta });
  return profileBody(hostId);
});
