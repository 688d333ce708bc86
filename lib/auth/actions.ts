"use server";
// Sign-in/out server actions (the only actions that run without a signed-in user).
import { redirect } from "next/navigation";
import { z } from "zod";
import { prisma } from "@/lib/db";
import { hashPassword, needsRehash, verifyPassword } from "@/lib/auth/password";
import { requestMeta } from "@/lib/auth/request-meta";
import { signinThrottle } from "@/lib/auth/rate-limiter";
import { endSession, startSession } from "@/lib/auth/session";
import { safeNextPath } from "@/lib/auth/safe-next-path";

const ZSignIn = z.object({
  email: z.string().trim().toLowerCase().email("Enter a valid email address."),
  password: z.string().min(1, "Enter your password.").max(200),
  next: z.string().optional(),
});

export type TSignInState = { error?: string; field?: "email" | "password"; email?: string };

export async function signIn(_prev: TSignInState, form: FormData): Promise<TSignInState> {
  const parsed = ZSignIn.safeParse({
    email: form.get("email") ?? "",
    password: form.get("password") ?? "",
    next: form.get("next") ?? undefined,
  });
  const typedEmail = String(form.get("email") ?? "");
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path[0] === "password" ? "password" : "email";
    return { error: issue?.message ?? "Invalid input.", field, email: typedEmail };
  }
  const { email, password, next } = parsed.data;
  const meta = await requestMeta();
  const throttle = signinThrottle();
  // Checked before the user lookup and the hash: a throttled attempt costs the server nothing.
  const gate = throttle.check(email, meta.ip);
  if (!gate.allowed) {
    const minutes = Math.ceil(gate.retryAfterMs / 60_000);
    return { error: `Too many failed attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`, email };
  }
  const user = await prisma.user.findUnique({ where: { email }, select: { id: true, passwordHash: true, disabledAt: true, mustChangePassword: true, passwordExpiresAt: true } });
  const ok = await verifyPassword(password, user?.passwordHash ?? null);
  if (!user || !ok) {
    throttle.recordFailure(email, meta.ip);
    return { error: "Wrong email or password.", email };
  }
  // Only someone who knows the password learns these.
  if (user.disabledAt) return { error: "This account has been disabled. Ask an admin if you need access again.", email };
  if (user.passwordExpiresAt && user.passwordExpiresAt.getTime() <= Date.now()) {
    return { error: "This temporary password has expired. Ask an admin to invite you again.", email };
  }
  throttle.reset(email, meta.ip);
  if (needsRehash(user.passwordHash)) {
    // Old bcrypt (or weaker) hash: replaced now that we have the password, best effort.
    await prisma.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(password) } }).catch(() => undefined);
  }
  await startSession(user.id, meta);
  const dest = safeNextPath(next);
  redirect(user.mustChangePassword ? `/account?first=1${dest === "/" ? "" : `&next=${encodeURIComponent(dest)}`}` : dest);
}

export async function signOut(): Promise<void> {
  await endSession();
  redirect("/signin");
}
