// Python's json.dumps writes non-finite floats as bare NaN / Infinity / -Infinity tokens, which
// JSON.parse rejects. We rewrite those tokens (outside strings only) to sentinel strings, parse,
// and turn the sentinels back into numbers, so a diverged run's most important lines survive.
const SENTINEL_PREFIX = "\u0000ff:";
const SENTINELS: Record<string, number> = {
  [`${SENTINEL_PREFIX}NaN`]: Number.NaN,
  [`${SENTINEL_PREFIX}Inf`]: Number.POSITIVE_INFINITY,
  [`${SENTINEL_PREFIX}-Inf`]: Number.NEGATIVE_INFINITY,
};

function rewriteTokens(text: string): string {
  let out = "";
  let from = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
      continue;
    }
    if (c === 34) { inString = true; continue; }
    let token: string | null = null;
    let len = 0;
    if (c === 78 /* N */ && text.startsWith("NaN", i)) { token = "NaN"; len = 3; }
    else if (c === 73 /* I */ && text.startsWith("Infinity", i)) { token = "Inf"; len = 8; }
    else if (c === 45 /* - */ && text.startsWith("-Infinity", i)) { token = "-Inf"; len = 9; }
    if (token === null) continue;
    out += text.slice(from, i) + `"\\u0000ff:${token}"`;
    i += len - 1;
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

function restore(value: unknown): unknown {
  if (typeof value === "string") {
    const n = SENTINELS[value];
    return n === undefined ? value : n;
  }
  if (Array.isArray(value)) return value.map(restore);
  if (value !== null && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    for (const key of Object.keys(obj)) obj[key] = restore(obj[key]);
  }
  return value;
}

/** JSON.parse that also accepts Python's bare NaN / Infinity / -Infinity. Throws SyntaxError like JSON.parse. */
export function parseRelaxedJson(text: string): unknown {
  // Fast path: most lines have no non-finite token.
  if (!text.includes("NaN") && !text.includes("Infinity")) return JSON.parse(text);
  return restore(JSON.parse(rewriteTokens(text)));
}

/** A JSON object file's content (trainer_state.json, all_results.json), or null if absent or not an object. */
export function relaxedJsonObject(text: string | null): Record<string, unknown> | null {
  if (text === null) return null;
  try {
    const v = parseRelaxedJson(text);
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
