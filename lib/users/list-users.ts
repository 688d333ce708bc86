import { prisma } from "@/lib/db";
import type { TRole } from "@/lib/auth/roles";

export type TUserDto = {
  id: string; email: string; name: string; role: TRole; createdAt: Date; lastSeenAt: Date | null; activeTokens: number;
  disabledAt: Date | null; mustChangePassword: boolean; passwordExpiresAt: Date | null;
};

/** The admin page's list: no password hashes; "last seen" is the newest session start. */
export async function listUsers(): Promise<TUserDto[]> {
  const rows = await prisma.user.findMany({
    orderBy: [{ role: "desc" }, { email: "asc" }],
    select: {
      id: true, email: true, name: true, role: true, createdAt: true, disabledAt: true, mustChangePassword: true, passwordExpiresAt: true,
      sessions: { orderBy: { createdAt: "desc" }, take: 1, select: { createdAt: true } },
      _count: { select: { apiTokens: { where: { revokedAt: null } } } },
    },
  });
  return rows.map(({ sessions, _count, ...u }) => ({ ...u, lastSeenAt: sessions[0]?.createdAt ?? null, activeTokens: _count.apiTokens }));
}
