// Action/handler guard: throws AppError so the caller maps it to 401/403 or an action result.
import { AppError } from "@/lib/errors";
import { getCurrentUser, type TCurrentUser } from "@/lib/auth/current-user";
import { hasRole, type TRole } from "@/lib/auth/roles";

export function assertRole(user: TCurrentUser | null, role: TRole): TCurrentUser {
  if (!user) throw new AppError("unauthorized", "Sign in first.");
  if (!hasRole(user.role, role)) {
    throw new AppError("forbidden", `This needs the ${role.toLowerCase()} role; you are ${user.role.toLowerCase()}.`);
  }
  return user;
}

export async function requireRole(role: TRole = "VIEWER"): Promise<TCurrentUser> {
  return assertRole(await getCurrentUser(), role);
}
