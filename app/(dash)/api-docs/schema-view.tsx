// A JSON Schema as an indented field list (name, type, required, description): readable without a
// Swagger bundle, which we cannot add offline.
type TSchema = Record<string, unknown>;

function label(s: TSchema): string {
  if (Array.isArray(s.enum)) return s.enum.map((v) => JSON.stringify(v)).join(" | ");
  if (Array.isArray(s.anyOf)) return (s.anyOf as TSchema[]).map(label).join(" | ");
  if (s.type === "array") return `${label((s.items ?? {}) as TSchema)}[]`;
  if (s.type === "object" && !s.properties) return "object";
  if (Array.isArray(s.type)) return s.type.join(" | "); // ["string","null"] reads "string | null", like anyOf
  return String(s.type ?? (s.const !== undefined ? JSON.stringify(s.const) : "any"));
}

export function SchemaView({ schema, depth = 0 }: { schema: TSchema; depth?: number }) {
  const obj = schema.type === "array" ? ((schema.items ?? {}) as TSchema) : schema;
  const props = obj.properties as Record<string, TSchema> | undefined;
  if (!props) return <p className="mt-1 font-mono text-xs text-zinc-600 dark:text-zinc-400">{label(schema)}</p>;
  const required = new Set((obj.required ?? []) as string[]);
  return (
    <ul className={`mt-1 space-y-0.5 font-mono text-xs ${depth ? "ml-4 border-l border-zinc-200 pl-2 dark:border-zinc-800" : ""}`}>
      {Object.entries(props).map(([name, p]) => {
        const inner = p.type === "array" ? ((p.items ?? {}) as TSchema) : p;
        return (
          <li key={name}>
            <span className="text-zinc-900 dark:text-zinc-100">{name}</span>
            {required.has(name) ? <span className="text-red-600 dark:text-red-400" title="required">*</span> : null}
            <span className="text-zinc-500">: {label(p)}</span>
            {p.default !== undefined && <span className="text-zinc-400"> = {JSON.stringify(p.default)}</span>}
            {typeof p.description === "string" && <span className="font-sans text-zinc-500"> · {p.description}</span>}
            {inner.properties && depth < 3 ? <SchemaView schema={inner} depth={depth + 1} /> : null}
          </li>
        );
      })}
    </ul>
  );
}
