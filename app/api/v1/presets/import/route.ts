// POST /api/v1/presets/import?name=N - the body is a YAML file; creates the preset or adds a version.
import { apiHandler } from "@/lib/api/api-handler";
import { API } from "@/lib/api/routes";
import { importPresetYaml } from "@/lib/api/import-preset";

export const dynamic = "force-dynamic";

export const POST = apiHandler(API.presetsImport, async ({ query, body, user, meta }) =>
  importPresetYaml({ name: query.name, yaml: body, message: query.message, userId: user.id }, meta));
