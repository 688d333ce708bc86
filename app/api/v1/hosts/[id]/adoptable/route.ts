// GET /api/v1/hosts/{id}/adoptable - hand-started llamafactory-cli trainings on the host (ps over SSH).
import { apiHandler } from "@/lib/api/api-handler";
import { API } from "@/lib/api/routes";
import { resolveHostId } from "@/lib/api/resolve-refs";
import { listAdoptable } from "@/lib/adopt/list-adoptable";

export const dynamic = "force-dynamic";

export const GET = apiHandler(API.hostsAdoptable, async ({ params }) => ({ processes: await listAdoptable({ hostId: await resolveHostId(params.id, "id") }) }));
