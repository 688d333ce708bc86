// Page guard: unauthenticated visitors go to the sign-in page and come back afterwards.
import { redirect } from "next/navigation";
import { headers } from "next/headers";
import { getCurrentUser, type TCurrentUser } from "@/lib/auth/current-user";
import { safeNextPath } from "@/lib/auth/safe-next-path";

export async function requireUser(): Promise<TCurrentUser> {
  const user = await getCurrentUser();
  if (user) return user;
  // proxy.ts forwards the path it saw so server components can build ?next=.
  const h = await headers();
  const next = safeNextPath(h.get("x-ff-path"));
  redirect(next === "/" ? "/signin" : `/signin?next=${encodeURIComponent(next)}`);
}
