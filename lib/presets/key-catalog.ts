// Which keys `llamafactory-cli train` accepts on a given host and what each value may be. The keys
// are the generated catalogue (LF's hparams at each release + HF Seq2SeqTrainingArguments of the 4.x
// and 5.x lines LF allows); KEY_SPECS' hand-written schemas (ranges, clearer messages) win where they
// exist and the value set has not changed at that version; every other key is checked by its type.
import { z } from "zod";
import { KEY_SPECS } from "@/lib/presets/key-specs";
import { HF_KEYS, LF_KEYS, type TKind } from "@/lib/presets/lf-keys.generated";
import { atLeast, compareVersions } from "@/lib/presets/lf-version";
import type { TLintContext } from "@/lib/presets/renamed-keys";

export type TKeyStatus =
  | { accepted: true; source: "lf" | "hf" }
  | { accepted: false; why: "too-new"; since: string }
  | { accepted: false; why: "removed"; removedIn: string }
  | { accepted: false; why: "other-tf"; line: "4" | "5" }
  | { accepted: false; why: "unknown" };

const lfHas = (key: string, v: string) => {
  const e = Object.prototype.hasOwnProperty.call(LF_KEYS, key) ? LF_KEYS[key] : undefined;
  return !!e && atLeast(v, e.since) && !(e.removedIn && atLeast(v, e.removedIn));
};
const hfEntry = (key: string) => (Object.prototype.hasOwnProperty.call(HF_KEYS, key) ? HF_KEYS[key] : undefined);
const hfHas = (key: string, ctx: TLintContext) => {
  const e = hfEntry(key);
  return !!e && (ctx.tfMajor === null || e.in.includes(String(ctx.tfMajor) as "4" | "5"));
};

export function keyStatus(key: string, ctx: TLintContext): TKeyStatus {
  if (lfHas(key, ctx.lfVersion)) return { accepted: true, source: "lf" };
  if (hfHas(key, ctx)) return { accepted: true, source: "hf" };
  const lf = Object.prototype.hasOwnProperty.call(LF_KEYS, key) ? LF_KEYS[key] : undefined;
  if (lf && compareVersions(ctx.lfVersion, lf.since) < 0) return { accepted: false, why: "too-new", since: lf.since };
  if (lf?.removedIn) return { accepted: false, why: "removed", removedIn: lf.removedIn };
  const hf = hfEntry(key);
  if (hf) return { accepted: false, why: "other-tf", line: hf.in[0]! };
  return { accepted: false, why: "unknown" };
}

export function acceptedKeys(ctx: TLintContext): string[] {
  return [...Object.keys(LF_KEYS).filter((k) => lfHas(k, ctx.lfVersion)), ...Object.keys(HF_KEYS).filter((k) => hfHas(k, ctx))];
}

/** Enum values a key takes at this version (null when it is not an enum). */
export function choicesFor(key: string, ctx: TLintContext): string[] | null {
  const lf = lfHas(key, ctx.lfVersion) ? LF_KEYS[key] : undefined;
  if (lf) {
    const hist = lf.choicesSince?.filter(([v]) => atLeast(ctx.lfVersion, v));
    return hist?.length ? hist[hist.length - 1]![1] : lf.choices ?? handEnum(key);
  }
  // HF enums: the hand-written list (what the transformers lines LF pins share) when there is one.
  return handEnum(key) ?? hfEntry(key)?.choices ?? null;
}

/** A hand-written enum (e.g. `template`, a plain str in LF's dataclass but a fixed list in data/template.py). */
function handEnum(key: string): string[] | null {
  let schema: unknown = Object.prototype.hasOwnProperty.call(KEY_SPECS, key) ? KEY_SPECS[key]!.schema : null;
  if (schema instanceof z.ZodNullable) schema = schema.unwrap();
  return schema instanceof z.ZodEnum ? (schema.options as string[]) : null;
}

const kindsFor = (key: string): TKind[] => (LF_KEYS[key] ?? hfEntry(key))?.kinds ?? ["any"];

function schemaFromKinds(kinds: TKind[], choices: string[] | null): z.ZodType {
  if (kinds.includes("any")) return z.unknown();
  const parts: z.ZodType[] = [];
  const want: string[] = [];
  if (choices?.length) { parts.push(z.enum(choices as [string, ...string[]])); want.push(`one of: ${choices.join(", ")}`); }
  else if (kinds.includes("str")) { parts.push(z.string(), z.number()); want.push("a string"); }
  if (kinds.includes("bool")) { parts.push(z.boolean()); want.push("true or false"); }
  if (kinds.includes("float")) { parts.push(z.number()); want.push("a number"); }
  else if (kinds.includes("int")) { parts.push(z.number().int()); want.push("a whole number"); }
  if (kinds.includes("dict")) { parts.push(z.record(z.string(), z.unknown())); want.push("a mapping"); }
  if (kinds.includes("list")) { parts.push(z.array(z.unknown())); want.push("a list"); }
  // A list-typed HF field (report_to, fsdp) also takes one comma-separated string.
  if (kinds.includes("list") && !kinds.includes("str") && !choices) parts.push(z.string());
  if (kinds.includes("null")) parts.push(z.null());
  if (parts.length === 0) return z.unknown();
  const message = `expected ${want.join(" or ")}${kinds.includes("null") ? " (or null)" : ""}`;
  return z.union([...parts, z.never()] as unknown as [z.ZodType, z.ZodType, ...z.ZodType[]], { error: message });
}

/** The schema a key's value is checked with on this host. */
export function schemaFor(key: string, ctx: TLintContext): z.ZodType {
  const hand = Object.prototype.hasOwnProperty.call(KEY_SPECS, key) ? KEY_SPECS[key] : undefined;
  const lf = LF_KEYS[key];
  const versionChoices = choicesFor(key, ctx);
  // An older release's value list differs from the one KEY_SPECS was written for: check against that release's list.
  const differs = !!lf?.choicesSince && JSON.stringify(versionChoices) !== JSON.stringify(lf.choices);
  if (hand && !differs) return hand.schema;
  return schemaFromKinds(kindsFor(key), versionChoices);
}
