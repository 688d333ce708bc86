import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { prisma } from "@/lib/db";
import { probeHost } from "@/lib/hosts/probe-host";
import { createHost } from "@/lib/hosts/create-host";
import { listHosts } from "@/lib/hosts/list-hosts";
import { refreshHostGpus } from "@/lib/hosts/refresh-host-gpus";
import { getHostConnection, closeAllHostConnections, dropHostConnection } from "@/lib/ssh/host-pool";
import { startThrowawaySshd, FAKE_NVIDIA_SMI_2XA100, type TThrowawaySshd } from "@/lib/ssh/testing/throwaway-sshd";

let gpu: TThrowawaySshd;
let bare: TThrowawaySshd;
const PREFIX = `h4-hosts-${process.pid}-`;
before(() => {
  gpu = startThrowawaySshd({ port: 22311, bin: { "nvidia-smi": FAKE_NVIDIA_SMI_2XA100 } });
  bare = startThrowawaySshd({ port: 22312 });
});
after(async () => {
  await closeAllHostConnections();
  await prisma.host.deleteMany({ where: { name: { startsWith: PREFIX } } });
  await prisma.auditEvent.deleteMany({ where: { action: "host.create", data: { path: ["name"], string_starts_with: PREFIX } } });
  gpu.stop();
  bare.stop();
  await prisma.$disconnect();
});

const input = (h: TThrowawaySshd) => ({ address: h.address, port: h.port, username: h.username, privateKey: h.privateKey });

test("probeHost returns the fingerprint and GPUs; no nvidia-smi gives the driver message", async () => {
  const p = await probeHost(input(gpu));
  assert.equal(p.fingerprint, gpu.hostKeyFingerprint);
  assert.deepEqual(p.gpus.map((g) => [g.index, g.memoryUsedMiB]), [[0, 3], [1, 40000]]);
  await assert.rejects(probeHost(input(bare)), /nvidia-smi not found on the host \(is the NVIDIA driver installed\?\)/);
});

test("createHost: wrong confirmed fingerprint, bad fields and errors save nothing; success saves and never returns the key", async () => {
  const name = `${PREFIX}a`;
  await assert.rejects(createHost({ ...input(gpu), name, hostKeyFingerprint: gpu.otherFingerprint, userId: null }), /host key .* changed/);
  await assert.rejects(createHost({ ...input(bare), name, hostKeyFingerprint: bare.hostKeyFingerprint, userId: null }), /nvidia-smi not found/);
  await assert.rejects(createHost({ ...input(gpu), port: 22399, name, hostKeyFingerprint: gpu.hostKeyFingerprint, userId: null }), /refused/);
  await assert.rejects(createHost({ ...input(gpu), name: "$(rm -rf /)", hostKeyFingerprint: gpu.hostKeyFingerprint, userId: null }), /name/);
  await assert.rejects(createHost({ ...input(gpu), address: "-oProxyCommand=x", name, hostKeyFingerprint: gpu.hostKeyFingerprint, userId: null }), /address/);
  assert.equal(await prisma.host.count({ where: { name } }), 0);
  const failedAudits = await prisma.auditEvent.count({ where: { action: "host.create", ok: false, data: { path: ["name"], equals: name } } });
  assert.equal(failedAudits, 3);

  const dto = await createHost({ ...input(gpu), name, hostKeyFingerprint: gpu.hostKeyFingerprint, userId: null });
  assert.equal(dto.gpus.length, 2);
  assert.equal(JSON.stringify(dto).includes("PRIVATE KEY"), false);
  assert.equal("privateKeyEnc" in dto, false);
  const row = await prisma.host.findUniqueOrThrow({ where: { name } });
  assert.ok(!row.privateKeyEnc.includes("PRIVATE KEY"), "key is encrypted at rest");
  await assert.rejects(createHost({ ...input(gpu), name, hostKeyFingerprint: gpu.hostKeyFingerprint, userId: null }), /already exists/);

  const listed = (await listHosts()).find((h) => h.name === name);
  assert.ok(listed);
  assert.equal(JSON.stringify(listed).includes(row.privateKeyEnc), false);

  const refreshed = await refreshHostGpus({ hostId: row.id });
  assert.equal(refreshed.status, "ONLINE");

  // The pool reuses one connection and reconnects after it is dropped.
  const c1 = await getHostConnection(row);
  assert.equal(await getHostConnection(row), c1);
  assert.equal((await c1.exec("echo pooled")).stdout, "pooled\n");
  dropHostConnection(row.id);
  const c2 = await getHostConnection(row);
  assert.notEqual(c2, c1);
  c2.close();
  await new Promise((r) => setTimeout(r, 100));
  const c3 = await getHostConnection(row);
  assert.notEqual(c3, c2);
  assert.equal((await c3.exec("echo again")).stdout, "again\n");

  // A host whose key changed after registration is refused by refresh and marked unreachable.
  await prisma.host.update({ where: { id: row.id }, data: { hostKeyFingerprint: gpu.otherFingerprint } });
  await assert.rejects(refreshHostGpus({ hostId: row.id }), /changed/);
  const after = await prisma.host.findUniqueOrThrow({ where: { id: row.id } });
  assert.equal(after.status, "UNREACHABLE");
  assert.match(after.lastError ?? "", /changed/);
});
