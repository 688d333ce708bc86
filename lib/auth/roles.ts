// VIEWER < OPERATOR < ADMIN. A higher role can do everything a lower one can.
import type { Role } from "@/lib/generated/prisma/enums";

export type TRole = Role;
export const ROLES = ["VIEWER", "OPERATOR", "ADMIN"] as const satisfies readonly TRole[];

const RANK: Record<TRole, number> = { VIEWER: 0, OPERATOR: 1, ADMIN: 2 };

export function hasRole(actual: TRole, required: TRole): boolean {
  return RANK[actual] >= RANK[required];
}
