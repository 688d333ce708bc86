import { z } from "zod";
import { ZPresetDescription, ZPresetName, ZVersionMessage, ZYamlText } from "@/lib/presets/preset-input";
import { ZIsoDate } from "@/lib/api/schemas/common";

export const ZPresetListQuery = z.object({ includeArchived: z.enum(["true", "false"]).default("false") });
export const ZPresetSummary = z.object({
  id: z.string(), name: z.string(), description: z.string(), archived: z.boolean(),
  latestVersion: z.number().int().nullable(), updatedAt: ZIsoDate, updatedBy: z.string().nullable(),
});
export const ZPresetListResponse = z.object({ presets: z.array(ZPresetSummary) });

export const ZPresetVersion = z.object({
  id: z.string(), version: z.number().int(), yaml: z.string(), message: z.string(), createdAt: ZIsoDate, createdBy: z.string().nullable(),
});
export const ZPresetDetail = z.object({
  id: z.string(), name: z.string(), description: z.string(), archived: z.boolean(), createdAt: ZIsoDate, updatedAt: ZIsoDate,
  versions: z.array(ZPresetVersion).describe("Newest first."),
});

export const ZPresetCreateRequest = z.object({ name: ZPresetName, description: ZPresetDescription.default(""), yaml: ZYamlText, message: ZVersionMessage.optional() });
export const ZPresetVersionResponse = z.object({ id: z.string(), versionId: z.string(), version: z.number().int() });

export const ZPresetUpdateRequest = z.object({
  yaml: ZYamlText, message: ZVersionMessage.default(""),
  baseVersion: z.number().int().min(1).optional().describe("The version you edited; a newer one saved meanwhile is a 409, not an overwrite."),
});

export const ZPresetExportQuery = z.object({
  version: z.coerce.number().int().min(1).optional().describe("Default: the latest."),
  reveal: z.enum(["true", "false"]).default("false").describe("true: secret values (swanlab_api_key, hub_token, ...) in place of the mask; operators and admins only, audited."),
});

export const ZPresetImportQuery = z.object({
  name: ZPresetName.describe("Preset to create, or to add a version to when it exists."),
  message: ZVersionMessage.optional(),
});
export const ZPresetImportResponse = ZPresetVersionResponse.extend({
  created: z.boolean().describe("True when a new preset was created, false when a version was added."),
  unchanged: z.boolean().describe("True when the YAML equals the latest version (nothing saved)."),
});
