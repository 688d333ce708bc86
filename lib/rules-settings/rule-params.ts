// The rules editor's form, derived from ZRulesConfig itself so a new parameter appears with its
// default and bounds without touching the UI. Pure: runs on the server and in the browser.
import { RULE_ORDER, ZRulesConfig, type TRuleName } from "@/lib/rules/config";
import { PARAM_HELP, RULE_HELP, RULE_LABELS } from "./rule-help";

export type TParamSpec = {
  key: string;
  kind: "int" | "number" | "boolean";
  default: number | boolean;
  min: number | null;
  max: number | null;
  help: string;
};

export type TRuleSpec = { rule: TRuleName | "smoothing"; label: string; help: string; hasMode: boolean; defaultMode: string | null; params: TParamSpec[] };

// Minimal view of zod 4's runtime definitions: enough to read wrappers, defaults and number bounds.
type TZodish = { def: { type: string; innerType?: TZodish; defaultValue?: unknown }; shape?: Record<string, TZodish>;
  minValue?: number | null; maxValue?: number | null; isInt?: boolean };

const unwrap = (s: TZodish): TZodish => (s.def.innerType && ["default", "prefault", "optional"].includes(s.def.type) ? unwrap(s.def.innerType) : s);
const finiteOrNull = (v: number | null | undefined) => (typeof v === "number" && Number.isFinite(v) && Math.abs(v) < Number.MAX_SAFE_INTEGER ? v : null);

function specOf(rule: TRuleName | "smoothing"): TRuleSpec {
  const obj = unwrap(ZRulesConfig.shape[rule] as unknown as TZodish);
  const params: TParamSpec[] = [];
  let defaultMode: string | null = null;
  for (const [key, field] of Object.entries(obj.shape ?? {})) {
    const dflt = field.def.type === "default" ? field.def.defaultValue : undefined;
    if (key === "mode") { defaultMode = String(dflt); continue; }
    const inner = unwrap(field);
    const kind = inner.def.type === "boolean" ? "boolean" : inner.isInt ? "int" : "number";
    params.push({
      key, kind, default: dflt as number | boolean,
      min: kind === "boolean" ? null : finiteOrNull(inner.minValue), max: kind === "boolean" ? null : finiteOrNull(inner.maxValue),
      help: PARAM_HELP[`${rule}.${key}`] ?? "",
    });
  }
  return { rule, label: RULE_LABELS[rule], help: RULE_HELP[rule], hasMode: defaultMode !== null, defaultMode, params };
}

/** Every rule in engine order, then smoothing (shared by all rules, so shown last as an advanced setting). */
export function ruleSpecs(): TRuleSpec[] {
  return [...RULE_ORDER.map(specOf), specOf("smoothing")];
}
