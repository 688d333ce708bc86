import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";

const g = globalThis as unknown as { prisma?: PrismaClient };

function create(): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: env().DATABASE_URL }) });
}

/** One client per process; Next's dev reloads reuse it through globalThis. */
export const prisma: PrismaClient = new Proxy({} as PrismaClient, {
  get(_t, prop) {
    g.prisma ??= create();
    const v = (g.prisma as any)[prop];
    return typeof v === "function" ? v.bind(g.prisma) : v;
  },
});

export * from "@/lib/generated/prisma/client";
