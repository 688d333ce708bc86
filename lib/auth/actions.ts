"use server";
// Sign-in/out server actions (the only actions that run without a signed-in user).
import { redirect } from "next/navigation";
import { z } from "zod";
import { prisma } from "@/lib/db";
import { verifyPassword } from "@/lib/auth/password";
import { requestMeta } from "@/lib/auth/request-meta";
import { signinKey, signinLimiter } from "@/lib/auth/rate-limiter";
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
  const key = signinKey(email, meta.ip);
  const limiter = signinLimiter();
  const gate = limiter.check(key);
  if (!gate.allowed) {
    const minutes = Math.ceil(gate.retryAfterMs / 60_000);
    return { error: `Too many failed attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`, email };
  }
  const user = await prisma.user.findUnique({ where: { email }, select: { id: true, passwordHash: true } });
  const ok = await verifyPassword(password, user?.passwordHash ?? null);
  if (!user || !ok) {
    limiter.recordFailure(key);
    return { error: "Wrong email or password.", email };
  }
  limiter.reset(key);
  await startSession(user.id, meta);
  redirect(safeNextPath(next));
}

export async function signOut(): Promise<void> {
  await endSession();
  redirect("/signin");
}
