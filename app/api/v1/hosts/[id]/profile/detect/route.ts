// POST /api/v1/hosts/{id}/profile/detect - LLaMA-Factory layouts found on the host (best first).
import { apiHandler } from "@/lib/api/api-handler";
import { API } from "@/lib/api/routes";
import { resolveHostId } from "@/lib/api/resolve-refs";
import { detectHostProfile } from "@/lib/hosts/profile/detect-host-profile";

export const dynamic = "force-dynamic";

export const POST = apiHandler(API.hostsProfileDetect, async ({ params }) => detectHostProfile(await resolveHostId(params.id, "id")));
