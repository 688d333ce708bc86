// The one way to build a dashboard server action: schema in, role check, lib call, typed result.
// Expected failures come back as {ok:false, error} (never thrown to the client), so forms can
// show the message next to the field it names. Mutating actions pass `audit`: a refused caller
// (signed out or without the role) is then recorded too, with where the attempt came from.
import { z } from "zod";
import { AppError, toErrorBody, type TErrorBody } from "@/lib/errors";
import { getCurrentUser, type TCurrentUser } from "@/lib/auth/current-user";
import { assertRole } from "@/lib/auth/require-role";
import { requestMeta } from "@/lib/auth/request-meta";
import { recordRefusal, type TAuditMeta } from "@/lib/audit/record-audit";
import type { TRole } from "@/lib/auth/roles";

export type TActionResult<T> = { ok: true; data: T } | { ok: false; error: TErrorBody };

export type TActionAudit = {
  /** e.g. "run.stop"; the same action name the lib function audits on success. */
  action: string;
  targetType: string;
  /** The target id from the raw (unparsed) input, when there is one. */
  targetId?: (input: unknown) => string | null | undefined;
};

export type TActionContext = { user: TCurrentUser; meta: Required<TAuditMeta> };

/** Reads `key` from untrusted input without trusting its shape (refusals happen before parsing). */
export function inputField(key: string): (input: unknown) => string | null {
  return (input) => {
    const v = input && typeof input === "object" ? (input as Record<string, unknown>)[key] : undefined;
    return typeof v === "string" ? v.slice(0, 200) : null;
  };
}

async function safeMeta(): Promise<Required<TAuditMeta>> {
  try {
    const m = await requestMeta();
    return { ip: m.ip.slice(0, 100), userAgent: m.userAgent?.slice(0, 300) ?? null };
  } catch {
    return { ip: null, userAgent: null }; // outside a request (tests, scripts)
  }
}

export function authAction<S extends z.ZodType, R>(
  opts: { role: TRole; schema: S; audit?: TActionAudit },
  fn: (input: z.output<S>, ctx: TActionContext) => Promise<R>,
): (input: z.input<S>) => Promise<TActionResult<R>> {
  return async (input) => {
    try {
      const meta = await safeMeta();
      let current: TCurrentUser | null = null;
      try {
        current = await getCurrentUser();
        assertRole(current, opts.role);
      } catch (e) {
        if (opts.audit && e instanceof AppError && (e.code === "unauthorized" || e.code === "forbidden")) {
          await recordRefusal({ actorId: current?.id ?? null, action: opts.audit.action, targetType: opts.audit.targetType,
            targetId: opts.audit.targetId?.(input) ?? null, reason: e.message,
            data: { via: "action", role: current?.role ?? "anonymous" }, ...meta });
        }
        throw e;
      }
      const user = current!;
      const parsed = opts.schema.parse(input);
      return { ok: true, data: await fn(parsed, { user, meta }) };
    } catch (err) {
      const body = toErrorBody(err);
      if (body.code === "internal") console.error("[ACTION] unexpected error", err);
      return { ok: false, error: body };
    }
  };
}
