// Page guard: unauthenticated visitors go to the sign-in page and come back afterwards; a user who
// still has an invite's temporary password is sent to change it first.
import { redirect } from "next/navigation";
import { headers } from "next/headers";
import { getCurrentUser, type TCurrentUser } from "@/lib/auth/current-user";
import { safeNextPath } from "@/lib/auth/safe-next-path";

export const CHANGE_PASSWORD_PATH = "/account";

export async function requireUser(): Promise<TCurrentUser> {
  const user = await getCurrentUser();
  // proxy.ts forwards the path it saw so server components can build ?next=.
  const h = await headers();
  const next = safeNextPath(h.get("x-ff-path"));
  if (user) {
    const path = next.split("?")[0];
    if (user.mustChangePassword && path !== CHANGE_PASSWORD_PATH) {
      redirect(`${CHANGE_PASSWORD_PATH}?first=1${next === "/" ? "" : `&next=${encodeURIComponent(next)}`}`);
    }
    return user;
  }
  redirect(next === "/" ? "/signin" : `/signin?next=${encodeURIComponent(next)}`);
}
