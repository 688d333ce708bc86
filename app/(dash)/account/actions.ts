"use server";
// The signed-in user's own account: changing their password (required after an invite).
import { cookies } from "next/headers";
import { z } from "zod";
import { authAction } from "@/lib/auth/auth-action";
import { AppError } from "@/lib/errors";
import { SESSION_COOKIE } from "@/lib/auth/cookie-options";
import { changePassword } from "@/lib/users/change-password";

export const changePasswordAction = authAction(
  { role: "VIEWER", audit: { action: "user.password", targetType: "user" }, schema: z.object({ current: z.string().max(200), next: z.string().max(200), confirm: z.string().max(200) }) },
  async (input, { user, meta }) => {
    if (input.next !== input.confirm) throw new AppError("invalid", "The two new passwords differ.", "confirm");
    const keepSessionToken = (await cookies()).get(SESSION_COOKIE)?.value;
    await changePassword({ userId: user.id, current: input.current, next: input.next, ...(keepSessionToken ? { keepSessionToken } : {}) }, meta);
    return { changed: true };
  },
);
