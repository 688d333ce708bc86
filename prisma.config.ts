// Prisma 6.19 with the JS schema engine: everything comes from npm, nothing from Prisma's CDN.
// The three patches below are the workarounds of shared/reference/stack.md §2.3; they run only in
// the Prisma CLI process.
import "dotenv/config";
import { randomUUID } from "node:crypto";
import pg from "pg";
// @ts-expect-error -- pg ships no types for this internal module
import Result from "pg/lib/result";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

process.env.CHECKPOINT_DISABLE ??= "1";

// The wasm engine's introspection returns pg_catalog `name`/`"char"` columns adapter-pg cannot decode.
const AS_TEXT: Record<number, number> = { 18: 25, 19: 25, 24: 25, 2205: 25, 1002: 1009, 1003: 1009 };
const origAddFields = (Result as any).prototype.addFields;
(Result as any).prototype.addFields = function (fields: { dataTypeID: number }[]) {
  for (const f of fields) if (AS_TEXT[f.dataTypeID]) f.dataTypeID = AS_TEXT[f.dataTypeID]!;
  return origAddFields.call(this, fields);
};
// The engine arms long timers it never clears, which keeps a finished CLI alive for up to 60 s.
const origSetTimeout = globalThis.setTimeout;
globalThis.setTimeout = ((fn: (...a: any[]) => void, ms?: number, ...args: any[]) => {
  const t = origSetTimeout(fn, ms, ...args);
  if ((ms ?? 0) >= 5000) t.unref?.();
  return t;
}) as typeof setTimeout;

function pgConfig(): pg.PoolConfig {
  const u = new URL(process.env.DATABASE_URL!);
  return {
    host: u.hostname, port: Number(u.port || 5432), user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password), database: u.pathname.slice(1), allowExitOnIdle: true,
  };
}

// adapter-pg 6.19 would use the real database as the "shadow" one; make and drop our own.
class PrismaPgMigrate extends PrismaPg {
  async connectToShadowDb() {
    const base = pgConfig();
    const database = `prisma_shadow_${randomUUID().replaceAll("-", "")}`;
    const admin = new pg.Client(base); await admin.connect();
    await admin.query(`CREATE DATABASE "${database}"`); await admin.end();
    const shadow = await new PrismaPg({ ...base, database }).connect();
    const dispose = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await dispose();
      const a = new pg.Client(base); await a.connect();
      await a.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`); await a.end();
    };
    return shadow;
  }
}

export default defineConfig({
  experimental: { adapter: true },
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  engine: "js",
  adapter: async () => new PrismaPgMigrate(pgConfig()),
});
