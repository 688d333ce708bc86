// Both overrides forms (["key=value", …] and {key: value}) are capped at the same count, checked
// before the per-key parsing: a 32k-key object would otherwise be walked key by key (and then
// applied to the YAML one key at a time) while the server does nothing else.
import { z } from "zod";

export const MAX_OVERRIDES = 500;

export function withOverrideCap<S extends z.ZodType>(schema: S) {
  return z.preprocess((v, ctx) => {
    if (v && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length > MAX_OVERRIDES) {
      ctx.addIssue({ code: "custom", message: `at most ${MAX_OVERRIDES} overrides` });
      return z.NEVER;
    }
    return v;
  }, schema);
}
