// What launch uploads: a preset version's YAML with the run's `key=value` overrides spliced in,
// validated exactly like a saved preset. The text keeps the preset's comments and order.
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { getPresetVersion } from "@/lib/presets/get-preset";
import { applyOverrides, parseOverrides, type TOverrides } from "@/lib/presets/overrides";
import { assertValidPresetYaml } from "@/lib/presets/validate-preset-yaml";
import type { TConfig, TIssue } from "@/lib/presets/types";

export type TResolvedConfig = { yaml: string; config: TConfig; overrides: TOverrides; warnings: TIssue[]; presetVersionId: string | null };

const ZResolve = z.object({
  presetVersionId: z.string().min(1).optional(),
  yaml: z.string().optional(),
  /** `key=value` lines (or a list), or an already-parsed {key: value} object. */
  overrides: z.union([z.string(), z.array(z.string()), z.record(z.string(), z.unknown())]).default({}),
}).refine((o) => (o.presetVersionId === undefined) !== (o.yaml === undefined), "give exactly one of presetVersionId or yaml");

/** Pure part: text + overrides → validated text. Throws AppError("invalid", ..., field) naming the key. */
export function resolveYaml(yaml: string, rawOverrides: string | string[] | TOverrides): Omit<TResolvedConfig, "presetVersionId"> {
  let overrides: TOverrides;
  if (typeof rawOverrides === "string" || Array.isArray(rawOverrides)) {
    const parsed = parseOverrides(rawOverrides);
    if (!parsed.ok) {
      const first = parsed.errors[0]!;
      throw new AppError("invalid", `Override ${first.key || "line"}: ${first.message}`, `overrides.${first.key}`);
    }
    overrides = parsed.overrides;
  } else {
    overrides = rawOverrides;
    const bad = Object.keys(overrides).find((k) => !/^[A-Za-z_][A-Za-z0-9_]{0,99}$/.test(k));
    if (bad !== undefined) throw new AppError("invalid", `Override key "${bad.slice(0, 100)}" is not a plain argument name.`, "overrides");
  }
  let text: string;
  try {
    text = applyOverrides(yaml, overrides);
  } catch (e) {
    throw new AppError("invalid", `Could not apply the overrides: ${e instanceof Error ? e.message : String(e)}`, "overrides");
  }
  const { config, warnings } = assertValidPresetYaml(text, "overrides");
  return { yaml: text, config, overrides, warnings };
}

export async function resolveConfig(raw: z.input<typeof ZResolve>): Promise<TResolvedConfig> {
  const input = ZResolve.parse(raw);
  let yaml = input.yaml;
  if (input.presetVersionId !== undefined) {
    const v = await getPresetVersion({ presetVersionId: input.presetVersionId });
    if (!v) throw new AppError("not_found", "No such preset version.", "presetVersionId");
    yaml = v.yaml;
  }
  return { ...resolveYaml(yaml!, input.overrides), presetVersionId: input.presetVersionId ?? null };
}
