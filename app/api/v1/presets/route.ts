// GET /api/v1/presets - list presets; POST /api/v1/presets - create one from YAML (version 1).
import { apiHandler } from "@/lib/api/api-handler";
import { API } from "@/lib/api/routes";
import { listPresets } from "@/lib/presets/list-presets";
import { createPreset } from "@/lib/presets/create-preset";

export const dynamic = "force-dynamic";

export const GET = apiHandler(API.presetsList, async ({ query }) => {
  const rows = await listPresets({ includeArchived: query.includeArchived === "true" });
  return { presets: rows.map((p) => ({ ...p, updatedAt: p.updatedAt.toISOString() })) };
});

export const POST = apiHandler(API.presetsCreate, async ({ body, user, meta }) =>
  createPreset({ name: body.name, description: body.description, yaml: body.yaml, userId: user.id, ...(body.message ? { message: body.message } : {}) }, meta));
