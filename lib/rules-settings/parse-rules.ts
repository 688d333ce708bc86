// Stored rule settings (Preset.rules / Run.rules are JSON columns) and submitted ones go through the
// same strict parse: an unknown key is a typo that would silently do nothing, so it is an error.
import { z } from "zod";
import { ZRulesConfig, type TRulesConfig } from "@/lib/rules/config";

export const ZRulesConfigStrict = ZRulesConfig.strict();

export type TParsedRules = { ok: true; rules: TRulesConfig } | { ok: false; message: string; field?: string };

export function parseRules(raw: unknown): TParsedRules {
  const r = ZRulesConfigStrict.safeParse(raw ?? {});
  if (r.success) return { ok: true, rules: r.data };
  const issue = r.error.issues[0];
  const field = issue?.path.map(String).join(".") || undefined;
  const message = issue ? `${field ? `${field}: ` : ""}${issue.message}` : "invalid rule settings";
  return field ? { ok: false, message, field } : { ok: false, message };
}

export const ZRulesInput = z.unknown().transform((v, ctx) => {
  const r = parseRules(v);
  if (r.ok) return r.rules;
  ctx.addIssue({ code: "custom", message: r.message, path: r.field ? r.field.split(".") : [] });
  return z.NEVER;
});
