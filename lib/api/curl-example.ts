// The API page's per-route examples: a curl command and a minimal request body built from the
// route's own JSON Schema (required fields only), so the examples cannot drift from the API.
type TSchema = Record<string, unknown>;

/** A smallest valid-looking value for a schema: required properties, first enum value, minimums. */
export function exampleFromSchema(s: TSchema, name = "value"): unknown {
  if (s.default !== undefined) return s.default;
  // A schema's own example wins (the launch body needs `host` or `cluster`, neither required alone).
  if (Array.isArray(s.examples) && s.examples.length > 0) return s.examples[0];
  if (Array.isArray(s.enum)) return s.enum[0];
  if (s.const !== undefined) return s.const;
  if (Array.isArray(s.anyOf)) return exampleFromSchema(s.anyOf[0] as TSchema, name);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== "null") : s.type;
  switch (type) {
    case "object": {
      const props = (s.properties ?? {}) as Record<string, TSchema>;
      const required = (s.required ?? []) as string[];
      return Object.fromEntries(required.filter((k) => props[k]).map((k) => [k, exampleFromSchema(props[k]!, k)]));
    }
    case "array": return [exampleFromSchema((s.items ?? {}) as TSchema, name)];
    case "integer": case "number": return typeof s.minimum === "number" ? s.minimum : 0;
    case "boolean": return false;
    case "string": return `<${name}>`;
    default: return null;
  }
}

/** Single-quoted for a POSIX shell: the example is meant to be pasted as is. */
const sq = (v: string) => `'${v.replace(/'/g, `'\\''`)}'`;

export function curlExample(o: { method: string; url: string; body?: unknown; contentType?: string }): string {
  const lines = [`curl -sS${o.method.toUpperCase() === "GET" ? "" : ` -X ${o.method.toUpperCase()}`} ${sq(o.url)}`, `  -H "Authorization: Bearer $FF_TOKEN"`];
  if (o.body !== undefined) {
    lines.push(`  -H ${sq(`Content-Type: ${o.contentType ?? "application/json"}`)}`);
    lines.push(`  --data ${sq(typeof o.body === "string" ? o.body : JSON.stringify(o.body))}`);
  }
  return lines.join(" \\\n");
}
