import { prisma } from "@/lib/db";
import type { TRulesConfig } from "@/lib/rules/config";
import { parseRules } from "./parse-rules";

export type TPresetRules = { id: string; name: string; rules: TRulesConfig | null; error: string | null };

/** Live presets with their parsed rule settings (a broken stored value is shown, not hidden). */
export async function listPresetRules(): Promise<TPresetRules[]> {
  const rows = await prisma.preset.findMany({ where: { archived: false }, orderBy: { name: "asc" }, select: { id: true, name: true, rules: true } });
  return rows.map((p) => {
    const r = parseRules(p.rules);
    return r.ok ? { id: p.id, name: p.name, rules: r.rules, error: null } : { id: p.id, name: p.name, rules: null, error: r.message };
  });
}

export async function getPresetRules(opts: { presetId: string }): Promise<TPresetRules | null> {
  const p = await prisma.preset.findUnique({ where: { id: opts.presetId }, select: { id: true, name: true, rules: true } });
  if (!p) return null;
  const r = parseRules(p.rules);
  return r.ok ? { id: p.id, name: p.name, rules: r.rules, error: null } : { id: p.id, name: p.name, rules: null, error: r.message };
}
