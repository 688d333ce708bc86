// Public face of the preset schema: per-key zod specs, cross-key rules and the linter.
export { KEY_SPECS, SECTIONS, isKnownKey, type TSection, type TKeySpec } from "@/lib/presets/key-specs";
export { CROSS_RULES, crossKeyIssues } from "@/lib/presets/cross-rules";
export { lintConfig } from "@/lib/presets/lint-config";
export type { TIssue, TLintResult, TConfig } from "@/lib/presets/types";
