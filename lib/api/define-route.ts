// One declaration per REST endpoint: method, path, role, and the zod schemas of its params, query,
// body and response. The route handler parses with them and the OpenAPI document is generated from
// them, so the docs cannot drift from what the server accepts.
import { z } from "zod";
import type { TRole } from "@/lib/auth/roles";

export const ZNone = z.object({});
type TNone = typeof ZNone;

export type TRouteSpec<P extends z.ZodType = TNone, Q extends z.ZodType = TNone, B extends z.ZodType = TNone, R extends z.ZodType = z.ZodType> = {
  method: "GET" | "POST" | "PUT";
  /** OpenAPI-style path under /api/v1, e.g. "/runs/{id}/kill". */
  path: string;
  summary: string;
  description?: string;
  tag: "runs" | "presets" | "hosts" | "sweeps" | "meta";
  role: TRole;
  params: P;
  query: Q;
  body: B;
  /** "yaml": the body is the raw YAML text (Content-Type: application/yaml or text/plain). */
  bodyKind: "none" | "json" | "yaml";
  response: R;
  responseKind: "json" | "yaml";
  status: number;
  /** Recorded (ok=false) when a signed-in caller lacks the role: who tried what on which target. */
  audit?: { action: string; targetType: string; data?: Record<string, unknown> };
};

export function defineRoute<P extends z.ZodType = TNone, Q extends z.ZodType = TNone, B extends z.ZodType = TNone, R extends z.ZodType = z.ZodType>(
  s: Partial<Pick<TRouteSpec<P, Q, B, R>, "params" | "query" | "body" | "bodyKind" | "responseKind" | "status" | "description" | "audit">> &
    Pick<TRouteSpec<P, Q, B, R>, "method" | "path" | "summary" | "tag" | "role" | "response">,
): TRouteSpec<P, Q, B, R> {
  return {
    params: ZNone as unknown as P,
    query: ZNone as unknown as Q,
    body: ZNone as unknown as B,
    bodyKind: s.body ? "json" : "none",
    responseKind: "json",
    status: 200,
    ...s,
  };
}
