import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/require-user";
import { buildOpenApi } from "@/lib/api/openapi";
import { env } from "@/lib/env";
import { PageHeader } from "@/app/components/page-header";
import { Badge } from "@/app/components/badge";
import { SchemaView } from "@/app/(dash)/api-docs/schema-view";
import { TokenField, TryIt } from "@/app/(dash)/api-docs/try-it";
import { curlExample, exampleFromSchema } from "@/lib/api/curl-example";

export const metadata: Metadata = { title: "API" };

type TOp = { operationId: string; summary: string; description?: string; "x-required-role": string; parameters: { name: string; in: string; required: boolean; description?: string; schema: Record<string, unknown> }[];
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> }; responses: Record<string, { description: string; content?: Record<string, { schema: Record<string, unknown> }> }> };

const METHOD_TONE = { get: "green", post: "accent", put: "amber" } as const;
// The index uses the same colours as the badges on each section, as text.
const METHOD_TEXT: Record<string, string> = { get: "text-emerald-700 dark:text-emerald-400", post: "text-accent-600 dark:text-accent-400", put: "text-amber-700 dark:text-amber-400" };

// Rendered from the same generated document /api/v1/openapi.json serves.
export default async function ApiDocsPage() {
  await requireUser();
  const doc = buildOpenApi({ serverUrl: env().APP_URL }) as { servers: { url: string }[]; paths: Record<string, Record<string, TOp>> };
  const base = doc.servers[0]!.url;
  return (
    <div className="max-w-5xl space-y-5">
      <PageHeader title="REST API" description={<>Base URL <code className="font-mono text-xs">{base}</code> · authenticate with <code className="font-mono text-xs">Authorization: Bearer &lt;token&gt;</code> (create one in <a className="text-accent-600 underline dark:text-accent-400" href="/settings">Settings</a>) · <a className="text-accent-600 underline dark:text-accent-400" href="/api/v1/openapi.json">openapi.json</a></>} />
      <p className="text-sm text-zinc-600 dark:text-zinc-400">Errors are JSON: <code className="font-mono text-xs">{`{"error":{"code":"invalid","message":"gpus: pick at least one GPU","field":"gpus"}}`}</code>. Non-finite metric values travel as the strings <code className="font-mono text-xs">"NaN"</code>, <code className="font-mono text-xs">"Infinity"</code>.</p>
      <TokenField />
      <nav aria-label="Endpoints" className="ff-card p-3 text-sm">
        <ul className="grid gap-1 sm:grid-cols-2">
          {Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([m, op]) => (
            <li key={op.operationId}><a href={`#${op.operationId}`} className="group flex items-baseline gap-2 rounded px-1 py-0.5 hover:bg-zinc-50 dark:hover:bg-zinc-800/60" title={op.summary}>
              <span className={`w-10 shrink-0 font-mono text-[11px] font-semibold uppercase ${METHOD_TEXT[m] ?? "text-zinc-500"}`}>{m}</span>
              <span className="font-mono text-xs group-hover:underline">{path}</span>
              <span className="hidden min-w-0 truncate text-xs text-zinc-500 lg:inline dark:text-zinc-400">{op.summary}</span></a></li>
          )))}
        </ul>
      </nav>
      {Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => (
        <section key={op.operationId} id={op.operationId} className="ff-card scroll-mt-16 p-4" aria-label={`${method.toUpperCase()} ${path}`}>
          <div className="flex flex-wrap items-center gap-2">
            <Badge tone={METHOD_TONE[method as keyof typeof METHOD_TONE] ?? "neutral"}>{method.toUpperCase()}</Badge>
            <code className="font-mono text-sm font-semibold">{path}</code>
            <span className="ml-auto text-xs text-zinc-500">needs <Badge>{op["x-required-role"].toLowerCase()}</Badge></span>
          </div>
          <p className="mt-2 text-sm">{op.summary}</p>
          {op.description && <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">{op.description}</p>}
          {op.parameters.length > 0 && (
            <table className="ff-table mt-3 text-xs">
              <thead className="text-zinc-500"><tr><th className="py-1 font-medium">Parameter</th><th className="font-medium">In</th><th className="font-medium">Type</th><th className="font-medium">Notes</th></tr></thead>
              <tbody>{op.parameters.map((p) => (
                <tr key={p.in + p.name}><td className="py-1 font-mono">{p.name}{p.required && <span className="text-red-600 dark:text-red-400" title="required">*</span>}</td><td>{p.in}</td><td className="font-mono">{typeLabel(p.schema)}</td><td className="text-zinc-500">{p.description ?? ""}</td></tr>
              ))}</tbody>
            </table>
          )}
          {op.requestBody && Object.entries(op.requestBody.content).slice(0, 1).map(([ct, c]) => (
            <div key={ct} className="mt-3"><h3 className="text-xs font-semibold text-zinc-500">Request body <span className="font-mono font-normal">{ct}</span></h3><SchemaView schema={c.schema} /></div>
          ))}
          {Object.entries(op.responses).filter(([code]) => code.startsWith("2")).map(([code, r]) => (
            <div key={code} className="mt-3"><h3 className="text-xs font-semibold text-zinc-500">Response {code} {r.content ? <span className="font-mono font-normal">{Object.keys(r.content)[0]}</span> : null}</h3>
              {r.content && <SchemaView schema={Object.values(r.content)[0]!.schema} />}</div>
          ))}
          <Example base={base} path={path} method={method} op={op} />
        </section>
      )))}
    </div>
  );
}

// A curl line per route (with $FF_TOKEN), and "Try it" with the token pasted at the top.
function Example({ base, path, method, op }: { base: string; path: string; method: string; op: TOp }) {
  const json = op.requestBody?.content["application/json"];
  const body = json ? exampleFromSchema(json.schema) : undefined;
  const yamlOnly = !json && op.requestBody ? Object.keys(op.requestBody.content)[0] : undefined;
  const curl = curlExample({ method, url: base + path, ...(body !== undefined ? { body } : yamlOnly ? { body: "@config.yaml", contentType: yamlOnly } : {}) })
    .replace(`--data '@config.yaml'`, "--data-binary @config.yaml");
  return (
    <div className="mt-3">
      <h3 className="text-xs font-semibold text-zinc-500">Example</h3>
      <pre className="mt-1 overflow-x-auto rounded bg-zinc-50 p-2 font-mono text-[11px] leading-snug dark:bg-zinc-950" data-testid="curl-example">{curl}</pre>
      {!yamlOnly && <div className="mt-2"><TryIt method={method} base={base} path={path} pathParams={op.parameters.filter((p) => p.in === "path").map((p) => p.name)}
        exampleBody={body !== undefined ? JSON.stringify(body, null, 2) : method === "get" ? null : "{}"} /></div>}
    </div>
  );
}

function typeLabel(s: Record<string, unknown>): string {
  if (Array.isArray(s.enum)) return s.enum.join(" | ");
  if (Array.isArray(s.type)) return s.type.join(" | ");
  return String(s.type ?? "any");
}
