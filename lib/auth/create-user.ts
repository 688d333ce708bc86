// Used by seeds, the e2e global setup and (later) the admin page. Idempotent on email so
// running the demo twice is safe; an existing user's password and role are updated.
import { z } from "zod";
import { prisma } from "@/lib/db";
import { hashPassword } from "@/lib/auth/password";
import { ROLES } from "@/lib/auth/roles";

export const ZCreateUser = z.object({
  email: z.string().trim().toLowerCase().email(),
  name: z.string().trim().min(1).max(100),
  password: z.string().min(8, "password must be at least 8 characters").max(200),
  role: z.enum(ROLES),
});

export async function upsertUser(input: z.input<typeof ZCreateUser>): Promise<{ id: string }> {
  const u = ZCreateUser.parse(input);
  const passwordHash = await hashPassword(u.password);
  return prisma.user.upsert({
    where: { email: u.email },
    create: { email: u.email, name: u.name, passwordHash, role: u.role },
    update: { name: u.name, passwordHash, role: u.role },
    select: { id: true },
  });
}
