// Test-only: users of each role with API tokens, a host row (no SSH needed) and a preset, all
// tagged so cleanup removes exactly what a test made. Handlers are called in-process with real
// NextRequests against the real database.
import { randomBytes } from "node:crypto";
import { NextRequest } from "next/server";
import { prisma } from "@/lib/db";
import { hashApiToken, newApiToken } from "@/lib/tokens/token-format";
import { SIM_YAML } from "@/lib/runs/testing/run-fixtures";
import { offlineProfileData } from "@/lib/hosts/profile/testing/offline-profile";
import type { TRole } from "@/lib/auth/roles";

export type TApiFixture = {
  tag: string;
  users: Record<TRole, { id: string; token: string; email: string }>;
  hostId: string; hostName: string; presetId: string; presetName: string; presetVersionId: string;
  cleanup(): Promise<void>;
};

export async function setupApiFixture(): Promise<TApiFixture> {
  const tag = `apit${randomBytes(4).toString("hex")}`;
  const users = {} as TApiFixture["users"];
  for (const role of ["VIEWER", "OPERATOR", "ADMIN"] as const) {
    const email = `${tag}-${role.toLowerCase()}@test.local`;
    const u = await prisma.user.create({ data: { email, name: `${tag} ${role.toLowerCase()}`, role, passwordHash: "x" } });
    const token = newApiToken();
    await prisma.apiToken.create({ data: { userId: u.id, name: "test", tokenHash: hashApiToken(token) } });
    users[role] = { id: u.id, token, email };
  }
  const host = await prisma.host.create({
    data: { name: `${tag}-host`, address: "127.0.0.1", port: 1, username: "nobody", privateKeyEnc: "SECRET-KEY-MATERIAL", hostKeyFingerprint: "SHA256:unused",
      gpus: [0, 1].map((index) => ({ index, name: "NVIDIA A100-SXM4-80GB", memoryTotalMiB: 81920, memoryUsedMiB: 0, utilization: 0 })), ...offlineProfileData() },
  });
  const preset = await prisma.preset.create({ data: { name: `${tag}-preset`, versions: { create: { version: 1, yaml: SIM_YAML } } }, include: { versions: true } });
  const ids = Object.values(users).map((u) => u.id);
  return {
    tag, users, hostId: host.id, hostName: host.name, presetId: preset.id, presetName: preset.name, presetVersionId: preset.versions[0]!.id,
    async cleanup() {
      await prisma.run.deleteMany({ where: { hostId: host.id, parentRunId: { not: null } } });
      await prisma.run.deleteMany({ where: { hostId: host.id } });
      await prisma.host.delete({ where: { id: host.id } });
      await prisma.preset.deleteMany({ where: { name: { startsWith: tag } } });
      await prisma.auditEvent.deleteMany({ where: { actorId: { in: ids } } });
      await prisma.user.deleteMany({ where: { id: { in: ids } } });
    },
  };
}

type THandler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** Calls a route handler the way Next does. `auth`: a bearer token, or null for an anonymous caller. */
export async function call(handler: THandler, o: { url: string; method?: string; auth: string | null; body?: unknown; rawBody?: string; params?: Record<string, string> }): Promise<{ status: number; json: any; text: string }> {
  // x-ff-peer is what instrumentation.ts sets from the socket in the real server.
  const headers = new Headers({ "user-agent": "api-int-test", "x-ff-peer": "203.0.113.7", "x-forwarded-for": "6.6.6.6" });
  if (o.auth) headers.set("authorization", `Bearer ${o.auth}`);
  const body = o.rawBody ?? (o.body === undefined ? undefined : JSON.stringify(o.body));
  if (body !== undefined) headers.set("content-type", o.rawBody !== undefined ? "application/yaml" : "application/json");
  const req = new NextRequest(new URL(o.url, "http://127.0.0.1:3999"), { method: o.method ?? "GET", headers, ...(body !== undefined ? { body } : {}) });
  const res = await handler(req, { params: Promise.resolve(o.params ?? {}) });
  const text = await res.text();
  let json: any = null;
  try { json = JSON.parse(text); } catch { /* YAML or empty */ }
  return { status: res.status, json, text };
}
