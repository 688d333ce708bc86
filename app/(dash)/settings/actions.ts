"use server";
// Personal API tokens. Any signed-in user manages their own; a token carries its owner's role.
import { revalidatePath } from "next/cache";
import { authAction, inputField } from "@/lib/auth/auth-action";
import { requestMeta } from "@/lib/auth/request-meta";
import { createApiToken, ZTokenName } from "@/lib/tokens/create-token";
import { revokeApiToken } from "@/lib/tokens/revoke-token";
import { z } from "zod";

export const createTokenAction = authAction({ role: "VIEWER", audit: { action: "token.create", targetType: "token" }, schema: z.object({ name: ZTokenName }) }, async ({ name }, { user }) => {
  const meta = await requestMeta();
  const t = await createApiToken({ userId: user.id, name }, { ip: meta.ip, userAgent: meta.userAgent });
  revalidatePath("/settings");
  return t;
});

export const revokeTokenAction = authAction({ role: "VIEWER", audit: { action: "token.revoke", targetType: "token", targetId: inputField("tokenId") }, schema: z.object({ tokenId: z.string().min(1).max(64) }) }, async ({ tokenId }, { user }) => {
  const meta = await requestMeta();
  const r = await revokeApiToken({ userId: user.id, tokenId }, { ip: meta.ip, userAgent: meta.userAgent });
  revalidatePath("/settings");
  return { id: r.id };
});
