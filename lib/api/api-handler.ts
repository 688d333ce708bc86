// Turns a route spec + a function into a Next route handler: withAuth resolves the caller (cookie or
// Bearer token), then parse → authorize → call lib → validate the response → JSON. Errors come out
// as {error:{code,message,field}}; a signed-in caller without the role is refused AND audited.
import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { withAuth } from "@/lib/auth/with-auth";
import { assertRole } from "@/lib/auth/require-role";
import type { TCurrentUser } from "@/lib/auth/current-user";
import { recordRefusal, type TAuditMeta } from "@/lib/audit/record-audit";
import { auditMetaFromHeaders } from "@/lib/audit/meta-from-headers";
import type { TRouteSpec } from "@/lib/api/define-route";
import { readCappedText } from "@/lib/api/read-capped-body";

export type TApiContext<P, Q, B> = { user: TCurrentUser; params: P; query: Q; body: B; meta: Required<TAuditMeta>; req: NextRequest };

/** Zod errors on params/query keep their field name; a prefix says where the field was. */
function parsePart<S extends z.ZodType>(schema: S, value: unknown, where: "path" | "query" | "body"): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const field = issue?.path.map(String).join(".") || where;
  throw new AppError("invalid", `${where === "body" ? "" : `${where} `}${field}: ${issue?.message ?? "invalid"}`, field);
}

async function readBody(req: NextRequest, kind: "none" | "json" | "yaml"): Promise<unknown> {
  if (kind === "none") return {};
  const text = await readCappedText(req);
  if (kind === "yaml") return text;
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("invalid", "The request body is not valid JSON.", "body");
  }
}

export function apiHandler<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType>(
  spec: TRouteSpec<P, Q, B, R>,
  fn: (ctx: TApiContext<z.output<P>, z.output<Q>, z.output<B>>) => Promise<z.input<R> | Response>,
) {
  return withAuth<Record<string, string>>(async (req, ctx) => {
    const meta = auditMetaFromHeaders(req.headers);
    const rawParams = await ctx.params;
    try {
      assertRole(ctx.user, spec.role);
    } catch (e) {
      if (e instanceof AppError && e.code === "forbidden" && spec.audit) {
        await recordRefusal({ actorId: ctx.user.id, action: spec.audit.action, targetType: spec.audit.targetType,
          targetId: rawParams?.id ?? null, reason: e.message, data: { ...spec.audit.data, via: "api", role: ctx.user.role }, ...meta });
      }
      throw e;
    }
    const params = parsePart(spec.params, rawParams ?? {}, "path");
    const query = parsePart(spec.query, Object.fromEntries(req.nextUrl.searchParams), "query");
    const body = parsePart(spec.body, await readBody(req, spec.bodyKind), "body");
    const out = await fn({ user: ctx.user, params, query, body, meta, req });
    if (out instanceof Response) return out;
    // The response schema is enforced, not just documented: unknown keys are stripped (no accidental leaks).
    const data = spec.response.parse(out);
    return NextResponse.json(data, { status: spec.status, headers: { "cache-control": "no-store" } });
  }, { role: "VIEWER" });
}
