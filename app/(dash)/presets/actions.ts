"use server";
// Presets page actions: parse with zod, check the role, call lib/presets, revalidate the pages.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { authAction } from "@/lib/auth/auth-action";
import { createPreset } from "@/lib/presets/create-preset";
import { savePresetVersion } from "@/lib/presets/save-preset-version";
import { duplicatePreset } from "@/lib/presets/duplicate-preset";
import { archivePreset } from "@/lib/presets/archive-preset";
import { ZId, ZPresetDescription, ZPresetName, ZVersionMessage, ZYamlText } from "@/lib/presets/preset-input";

export const createPresetAction = authAction(
  { role: "OPERATOR", schema: z.object({ name: ZPresetName, description: ZPresetDescription.default(""), yaml: ZYamlText }) },
  async (input, { user }): Promise<{ id: string }> => {
    const p = await createPreset({ ...input, userId: user.id });
    revalidatePath("/presets");
    return { id: p.id };
  },
);

export const savePresetVersionAction = authAction(
  { role: "OPERATOR", schema: z.object({ presetId: ZId, yaml: ZYamlText, message: ZVersionMessage.default(""), baseVersion: z.number().int().min(1) }) },
  async (input, { user }): Promise<{ version: number }> => {
    const v = await savePresetVersion({ ...input, userId: user.id });
    revalidatePath("/presets");
    revalidatePath(`/presets/${input.presetId}`);
    return { version: v.version };
  },
);

export const duplicatePresetAction = authAction(
  { role: "OPERATOR", schema: z.object({ presetId: ZId, name: ZPresetName }) },
  async (input, { user }): Promise<{ id: string }> => {
    const d = await duplicatePreset({ ...input, userId: user.id });
    revalidatePath("/presets");
    return d;
  },
);

export const archivePresetAction = authAction(
  { role: "OPERATOR", schema: z.object({ presetId: ZId, archived: z.boolean() }) },
  async (input, { user }): Promise<{ archived: boolean }> => {
    const r = await archivePreset({ ...input, userId: user.id });
    revalidatePath("/presets");
    revalidatePath(`/presets/${input.presetId}`);
    return { archived: r.archived };
  },
);
