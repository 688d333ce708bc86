// POST /api/v1/hosts/{id}/imports - import a host folder's LLaMA-Factory output dirs as runs.
// GET  /api/v1/hosts/{id}/imports - that host's imports, newest first.
import { apiHandler } from "@/lib/api/api-handler";
import { API } from "@/lib/api/routes";
import { resolveHostId } from "@/lib/api/resolve-refs";
import { AppError } from "@/lib/errors";
import { startImport } from "@/lib/imports/start-import";
import { getImport, listImports } from "@/lib/imports/list-imports";

export const dynamic = "force-dynamic";

export const POST = apiHandler(API.hostsImportsStart, async ({ params, body, user, meta }) => {
  const hostId = await resolveHostId(params.id, "id");
  const r = await startImport({ hostId, path: body.path, userId: user.id }, meta);
  const job = await getImport(r.importId);
  if (!job) throw new AppError("internal", "The import row vanished.");
  return { ...r, import: job };
});

export const GET = apiHandler(API.hostsImportsList, async ({ params }) => ({ imports: await listImports({ hostId: await resolveHostId(params.id, "id"), take: 50 }) }));
