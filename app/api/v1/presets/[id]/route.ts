// GET /api/v1/presets/{id} - a preset and its versions; PUT - save a new version. {id} may be the name.
import { AppError } from "@/lib/errors";
import { apiHandler } from "@/lib/api/api-handler";
import { API } from "@/lib/api/routes";
import { resolvePresetId } from "@/lib/api/resolve-refs";
import { getPreset } from "@/lib/presets/get-preset";
import { savePresetVersion } from "@/lib/presets/save-preset-version";

export const dynamic = "force-dynamic";

export const GET = apiHandler(API.presetsGet, async ({ params }) => {
  const p = await getPreset({ presetId: await resolvePresetId(params.id, "id") });
  if (!p) throw new AppError("not_found", "No such preset.", "id");
  return {
    ...p, createdAt: p.createdAt.toISOString(), updatedAt: p.updatedAt.toISOString(),
    versions: p.versions.map((v) => ({ ...v, createdAt: v.createdAt.toISOString() })),
  };
});

export const PUT = apiHandler(API.presetsUpdate, async ({ params, body, user, meta }) => {
  const presetId = await resolvePresetId(params.id, "id");
  const v = await savePresetVersion({ presetId, yaml: body.yaml, message: body.message, userId: user.id, ...(body.baseVersion ? { baseVersion: body.baseVersion } : {}) }, meta);
  return { id: presetId, ...v };
});
