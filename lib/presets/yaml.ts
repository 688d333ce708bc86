// Preset YAML is stored as text, byte for byte: export is the saved text, and edits are splices into
// it at the positions the `yaml` Document reports, so comments, order, blank lines and spellings such
// as `1.0e-4` survive (re-serialising a Document would normalise them). Values are read with the
// YAML 1.1 schema because LF loads files with OmegaConf on PyYAML: `yes` is true, `010` is 8.
import YAML, { isMap, isScalar, type Document, type Pair } from "yaml";
import { classifyConfig, type TConfigKind } from "@/lib/presets/classify-config";
import { KEY_SPECS } from "@/lib/presets/key-specs";
import { renderValue, renderValueFor } from "@/lib/presets/render-value";
import type { TConfig, TIssue } from "@/lib/presets/types";

export const MAX_YAML_BYTES = 256 * 1024;

export type TYamlError = { line?: number; message: string; kind?: TConfigKind | "syntax" | "size" };
export type TParsedYaml =
  | { ok: true; text: string; config: TConfig; warnings: TIssue[] }
  | { ok: false; error: TYamlError };

function parseDoc(text: string): Document.Parsed | TYamlError {
  const docs = YAML.parseAllDocuments(text, { version: "1.1", uniqueKeys: true, prettyErrors: false });
  if (!Array.isArray(docs)) return { kind: "syntax", message: "Could not read the YAML." };
  if (docs.length > 1) return { kind: "syntax", message: `Expected one YAML document, found ${docs.length} (separated by ---).` };
  const doc = docs[0] ?? YAML.parseDocument("", { version: "1.1" });
  const err = doc.errors[0];
  if (err) {
    const line = err.linePos?.[0]?.line ?? (err.pos?.[0] !== undefined ? lineOf(text, err.pos[0]) : undefined);
    const first = err.message.split("\n")[0] ?? err.message;
    return { kind: "syntax", line, message: `YAML syntax error${line ? ` on line ${line}` : ""}: ${first}` };
  }
  return doc;
}

function lineOf(text: string, offset: number): number {
  let n = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/** Exponents without a dot (`1e-4`) are floats to OmegaConf but strings to plain PyYAML. */
function spellingWarnings(doc: Document.Parsed, text: string): TIssue[] {
  const out: TIssue[] = [];
  if (!isMap(doc.contents)) return out;
  for (const pair of doc.contents.items) {
    const v = pair.value;
    if (!isScalar(pair.key) || !isScalar(v) || typeof v.value !== "number" || !v.range) continue;
    const src = text.slice(v.range[0], v.range[1]);
    if (/^[-+]?\d+[eE][-+]?\d+$/.test(src.trim())) {
      out.push({ key: String(pair.key.value), message: `line ${lineOf(text, v.range[0])}: write ${src.trim()} as ${renderValue(v.value)} (PyYAML reads ${src.trim()} as a string)` });
    }
  }
  return out;
}

/** Parses preset YAML and refuses files that are not `llamafactory-cli train` configs. */
export function parsePresetYaml(text: string): TParsedYaml {
  if (new TextEncoder().encode(text).length > MAX_YAML_BYTES) {
    return { ok: false, error: { kind: "size", message: `The YAML is larger than ${MAX_YAML_BYTES / 1024} KiB.` } };
  }
  const doc = parseDoc(text);
  if (!("contents" in doc)) return { ok: false, error: doc };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 50 });
  } catch (e) {
    return { ok: false, error: { kind: "syntax", message: `Could not read the YAML: ${e instanceof Error ? e.message : String(e)}` } };
  }
  const refusal = classifyConfig(value, text);
  if (refusal) return { ok: false, error: { kind: refusal.kind, message: refusal.message } };
  if (!isMap(doc.contents) || doc.contents.items.some((p) => !isScalar(p.key) || typeof p.key.value !== "string")) {
    return { ok: false, error: { kind: "not-lf", message: "Top-level keys must be plain names such as learning_rate." } };
  }
  return { ok: true, text, config: value as TConfig, warnings: spellingWarnings(doc, text) };
}

function topPair(doc: Document.Parsed, key: string): Pair | undefined {
  if (!isMap(doc.contents)) return undefined;
  return doc.contents.items.find((p) => isScalar(p.key) && p.key.value === key) as Pair | undefined;
}

const lineStart = (text: string, i: number) => text.lastIndexOf("\n", i - 1) + 1;
function lineEnd(text: string, i: number): number {
  const n = text.indexOf("\n", i);
  return n === -1 ? text.length : n;
}

function editableDoc(text: string): Document.Parsed {
  const doc = parseDoc(text);
  if (!("contents" in doc)) throw new Error(doc.message);
  if (doc.contents !== null && !isMap(doc.contents)) throw new Error("The YAML is not a mapping of keys to values.");
  return doc;
}

/** Where a new key goes: the commented-out `# key: ...` line of its section, else after the section's last key. */
function insertionPoint(text: string, doc: Document.Parsed, key: string): { at: number; replaceTo?: number } {
  const section = KEY_SPECS[key]?.section;
  const headers = [...text.matchAll(/^###[ \t]*([A-Za-z]+)[^\n]*$/gm)].map((m) => ({ at: m.index, name: (m[1] ?? "").toLowerCase() }));
  const idx = headers.findIndex((h) => h.name === section);
  const pairs = isMap(doc.contents) ? doc.contents.items : [];
  const endOfPair = (p: Pair) => {
    const end = (p.value as { range?: [number, number, number] } | null)?.range?.[1] ?? (p.key as { range?: [number, number, number] }).range?.[1] ?? 0;
    return lineEnd(text, Math.max(end - 1, 0));
  };
  if (idx === -1) {
    const last = pairs[pairs.length - 1];
    return { at: last ? endOfPair(last) : text.length };
  }
  const from = headers[idx]!.at;
  const to = headers[idx + 1]?.at ?? text.length;
  const commented = new RegExp(`^#[ \\t]*${key}[ \\t]*:[^\\n]*$`, "m").exec(text.slice(from, to));
  if (commented) return { at: from + commented.index, replaceTo: from + commented.index + commented[0].length };
  const inSection = pairs.filter((p) => {
    const start = (p.key as { range?: [number, number, number] }).range?.[0] ?? -1;
    return start > from && start < to;
  });
  const last = inSection[inSection.length - 1];
  return { at: last ? endOfPair(last) : lineEnd(text, from) };
}

/**
 * Sets one top-level key and returns the new text: an existing key's value is replaced in place (its
 * inline comment stays); a new key replaces its commented-out line or goes at the end of its section.
 */
export function setKey(text: string, key: string, value: unknown): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new Error(`"${key}" is not a valid key name`);
  const doc = editableDoc(text);
  const rendered = renderValueFor(key, value);
  const pair = topPair(doc, key);
  if (pair) {
    const v = pair.value as (YAML.Node & { range?: [number, number, number] }) | null;
    if (isScalar(v) && v.range && v.range[1] > v.range[0]) {
      return text.slice(0, v.range[0]) + rendered + text.slice(v.range[1]);
    }
    // Empty (`key:`) or block values: rewrite from after the colon to the end of the value.
    const keyEnd = (pair.key as { range: [number, number, number] }).range[1];
    const colon = text.indexOf(":", keyEnd);
    const end = v?.range ? lineEnd(text, Math.max(v.range[1] - 1, colon)) : lineEnd(text, colon);
    return `${text.slice(0, colon + 1)} ${rendered}${text.slice(end)}`;
  }
  const line = `${key}: ${rendered}`;
  const { at, replaceTo } = insertionPoint(text, doc, key);
  if (replaceTo !== undefined) return text.slice(0, at) + line + text.slice(replaceTo);
  if (at >= text.length) return `${text}${text.length > 0 && !text.endsWith("\n") ? "\n" : ""}${line}\n`;
  return `${text.slice(0, at)}\n${line}${text.slice(at)}`;
}

/** Removes a top-level key's line(s); a missing key leaves the text unchanged. */
export function deleteKey(text: string, key: string): string {
  const doc = editableDoc(text);
  const pair = topPair(doc, key);
  if (!pair) return text;
  const start = lineStart(text, (pair.key as { range: [number, number, number] }).range[0]);
  const v = pair.value as { range?: [number, number, number] } | null;
  const endAt = v?.range ? Math.max(v.range[1] - 1, start) : (pair.key as { range: [number, number, number] }).range[1];
  const end = lineEnd(text, endAt);
  return text.slice(0, start) + text.slice(Math.min(end + 1, text.length));
}
