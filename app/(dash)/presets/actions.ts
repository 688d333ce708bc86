"use server";
// Presets page actions: parse with zod, check the role, call lib/presets, revalidate the pages.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { authAction, inputField } from "@/lib/auth/auth-action";
import { createPreset } from "@/lib/presets/create-preset";
import { savePresetVersion } from "@/lib/presets/save-preset-version";
import { duplicatePreset } from "@/lib/presets/duplicate-preset";
import { archivePreset } from "@/lib/presets/archive-preset";
import { ZId, ZPresetDescription, ZPresetName, ZVersionMessage, ZYamlText } from "@/lib/presets/preset-input";
import { revealPresetSecrets } from "@/lib/presets/reveal-secrets";

export const createPresetAction = authAction(
  { role: "OPERATOR", audit: { action: "preset.create", targetType: "preset" }, schema: z.object({ name: ZPresetName, description: ZPresetDescription.default(""), yaml: ZYamlText }) },
  async (input, { user, meta }): Promise<{ id: string }> => {
    const p = await createPreset({ ...input, userId: user.id }, meta);
    revalidatePath("/presets");
    return { id: p.id };
  },
);

export const savePresetVersionAction = authAction(
  { role: "OPERATOR", audit: { action: "preset.save", targetType: "preset", targetId: inputField("presetId") }, schema: z.object({ presetId: ZId, yaml: ZYamlText, message: ZVersionMessage.default(""), baseVersion: z.number().int().min(1), allowExtraKeys: z.boolean().optional() }) },
  async (input, { user, meta }): Promise<{ version: number }> => {
    const v = await savePresetVersion({ ...input, userId: user.id }, meta);
    revalidatePath("/presets");
    revalidatePath(`/presets/${input.presetId}`);
    return { version: v.version };
  },
);

export const duplicatePresetAction = authAction(
  { role: "OPERATOR", audit: { action: "preset.duplicate", targetType: "preset", targetId: inputField("presetId") }, schema: z.object({ presetId: ZId, name: ZPresetName }) },
  async (input, { user, meta }): Promise<{ id: string }> => {
    const d = await duplicatePreset({ ...input, userId: user.id }, meta);
    revalidatePath("/presets");
    return d;
  },
);

export const archivePresetAction = authAction(
  { role: "OPERATOR", audit: { action: "preset.archive", targetType: "preset", targetId: inputField("presetId") }, schema: z.object({ presetId: ZId, archived: z.boolean() }) },
  async (input, { user, meta }): Promise<{ archived: boolean }> => {
    const r = await archivePreset({ ...input, userId: user.id }, meta);
    revalidatePath("/presets");
    revalidatePath(`/presets/${input.presetId}`);
    return { archived: r.archived };
  },
);

/** The saved text with its secrets in place, for an operator or admin who asks; audited without the values. */
export const revealPresetSecretsAction = authAction(
  { role: "OPERATOR", audit: { action: "preset.reveal_secrets", targetType: "preset", targetId: inputField("presetId") }, schema: z.object({ presetId: ZId, version: z.number().int().min(1) }) },
  async (input, { user, meta }): Promise<{ yaml: string; keys: string[] }> => revealPresetSecrets({ ...input, userId: user.id }, meta),
);
