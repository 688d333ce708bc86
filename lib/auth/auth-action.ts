// The one way to build a dashboard server action: schema in, role check, lib call, typed result.
// Expected failures come back as {ok:false, error} (never thrown to the client), so forms can
// show the message next to the field it names.
import { z } from "zod";
import { toErrorBody, type TErrorBody } from "@/lib/errors";
import { requireRole } from "@/lib/auth/require-role";
import type { TCurrentUser } from "@/lib/auth/current-user";
import type { TRole } from "@/lib/auth/roles";

export type TActionResult<T> = { ok: true; data: T } | { ok: false; error: TErrorBody };

export function authAction<S extends z.ZodType, R>(
  opts: { role: TRole; schema: S },
  fn: (input: z.output<S>, ctx: { user: TCurrentUser }) => Promise<R>,
): (input: z.input<S>) => Promise<TActionResult<R>> {
  return async (input) => {
    try {
      const user = await requireRole(opts.role);
      const parsed = opts.schema.parse(input);
      return { ok: true, data: await fn(parsed, { user }) };
    } catch (err) {
      const body = toErrorBody(err);
      if (body.code === "internal") console.error("[ACTION] unexpected error", err);
      return { ok: false, error: body };
    }
  };
}
