// The OpenAPI 3.1 document, generated from the route specs' zod schemas (zod 4 emits JSON Schema
// 2020-12, which is what OpenAPI 3.1 uses).
import { z } from "zod";
import { API } from "@/lib/api/routes";
import { ZErrorResponse } from "@/lib/api/schemas/common";
import { ZNone, type TRouteSpec } from "@/lib/api/define-route";

type TJson = Record<string, unknown>;

function schemaOf(s: z.ZodType, io: "input" | "output"): TJson {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io, unrepresentable: "any" }) as TJson;
  // zod leaves a schema's own examples out of the input-side JSON Schema of an object with defaults.
  const examples = z.globalRegistry.get(s)?.examples;
  return examples && !rest.examples ? { ...rest, examples } : rest;
}

function parameters(spec: TRouteSpec<z.ZodType, z.ZodType, z.ZodType, z.ZodType>): TJson[] {
  const out: TJson[] = [];
  for (const [where, s] of [["path", spec.params], ["query", spec.query]] as const) {
    if (s === ZNone) continue;
    const js = schemaOf(s, "input");
    const props = (js.properties ?? {}) as Record<string, TJson>;
    const required = new Set((js.required ?? []) as string[]);
    for (const [name, p] of Object.entries(props)) {
      const { description, ...schema } = p;
      out.push({ name, in: where, required: where === "path" || required.has(name), schema, ...(description ? { description } : {}) });
    }
  }
  return out;
}

const ERROR_STATUSES: Record<string, string> = { "400": "Invalid input (the message names the field)", "401": "No or bad credentials", "403": "Your role may not do this (recorded in the audit log)", "404": "Not found", "409": "Conflict with the current state" };

export function buildOpenApi(opts: { serverUrl?: string } = {}): TJson {
  const paths: Record<string, TJson> = {};
  for (const [name, spec] of Object.entries(API) as [string, TRouteSpec<z.ZodType, z.ZodType, z.ZodType, z.ZodType>][]) {
    const op: TJson = {
      operationId: name,
      summary: spec.summary,
      ...(spec.description ? { description: spec.description } : {}),
      tags: [spec.tag],
      "x-required-role": spec.role,
      parameters: parameters(spec),
      responses: {
        [String(spec.status)]: spec.responseKind === "yaml"
          ? { description: "YAML text", content: { "application/yaml": { schema: { type: "string" } } } }
          : { description: "OK", content: { "application/json": { schema: schemaOf(spec.response, "output") } } },
        ...Object.fromEntries(Object.entries(ERROR_STATUSES).map(([code, description]) =>
          [code, { description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } }])),
      },
    };
    if (spec.bodyKind === "json") op.requestBody = { required: true, content: { "application/json": { schema: schemaOf(spec.body, "input") } } };
    if (spec.bodyKind === "yaml") op.requestBody = { required: true, content: { "application/yaml": { schema: { type: "string" } }, "text/plain": { schema: { type: "string" } } } };
    paths[spec.path] = { ...(paths[spec.path] ?? {}), [spec.method.toLowerCase()]: op };
  }
  return {
    openapi: "3.1.0",
    info: { title: "Factory Floor API", version: "1", description: "Runs, presets, hosts and sweeps of a Factory Floor installation. Authenticate with `Authorization: Bearer <token>` (create one under Settings → API tokens)." },
    servers: [{ url: `${(opts.serverUrl ?? "").replace(/\/$/, "")}/api/v1` }],
    security: [{ bearer: [] }, { session: [] }],
    tags: [{ name: "runs" }, { name: "presets" }, { name: "hosts" }, { name: "sweeps" }, { name: "meta" }],
    paths,
    components: {
      schemas: { Error: schemaOf(ZErrorResponse, "output") },
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "A personal API token (ffp_…)." },
        session: { type: "apiKey", in: "cookie", name: "ff_session" },
      },
    },
  };
}
