// GET /api/v1/hosts - registered GPU hosts (DTOs: never a private key).
import { apiHandler } from "@/lib/api/api-handler";
import { API } from "@/lib/api/routes";
import { listHosts } from "@/lib/hosts/list-hosts";

export const dynamic = "force-dynamic";

export const GET = apiHandler(API.hostsList, async () => {
  const hosts = await listHosts();
  return {
    hosts: hosts.map((h) => ({
      id: h.id, name: h.name, address: h.address, port: h.port, username: h.username, hostKeyFingerprint: h.hostKeyFingerprint,
      status: h.status, gpuCount: h.gpus.length, freeGpus: h.gpus.filter((g) => !g.busyRunId).map((g) => g.index),
      lastSeenAt: h.lastSeenAt?.toISOString() ?? null, lastError: h.lastError,
    })),
  };
});
