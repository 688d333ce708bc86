// Seeds what a new installation needs: the admin user, the sandbox GPU hosts named on the command line
// (read from .sandbox/hosts.json, probed over SSH and pinned to their host keys) and the starter preset.
// Idempotent: existing rows are left as they are.
// Usage: tsx scripts/seed.ts [--hosts gpu-a,gpu-b] [--no-detect gpu-c] [--admin-password PW] [--slurm CLUSTER:LOGIN_HOST]
// --slurm registers a Slurm cluster (scripts/sandbox/slurm.sh) whose login node is that sandbox host.
import "dotenv/config";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { z } from "zod";
import { prisma } from "@/lib/db";
import { hashPassword } from "@/lib/auth/password";
import { probeHost } from "@/lib/hosts/probe-host";
import { createHost } from "@/lib/hosts/create-host";
import { connectSsh } from "@/lib/ssh/connect";
import { detectOver } from "@/lib/hosts/profile/detect-host-profile";
import { DEFAULT_PROFILE } from "@/lib/hosts/profile/profile-input";
import { saveHostProfile } from "@/lib/hosts/profile/save-profile";
import { createPreset } from "@/lib/presets/create-preset";
import { STARTER_PRESET_NAME, STARTER_PRESET_YAML } from "@/lib/presets/starter";
import { createRun } from "@/lib/runs/create-run";
import { createCluster } from "@/lib/slurm/create-cluster";
import { closeQueues } from "@/lib/queue/enqueue";
import { closeAllHostConnections } from "@/lib/ssh/host-pool";

// Demo runs show each state the dashboard tells apart: a healthy run, one that overfits its tiny data,
// one whose learning rate is too high, and one that blows up to NaN. The worker starts them.
const DEMO_RUNS = [
  { name: "starter-healthy", host: 0, gpu: 0, overrides: ["eval_steps=20", "save_steps=20", "logging_steps=5"] },
  { name: "tiny-data-15-epochs", host: 0, gpu: 1, overrides: ["max_samples=80", "num_train_epochs=15", "eval_steps=10", "save_steps=10", "logging_steps=2", "save_total_limit=3"] },
  { name: "lr-5e-2-too-high", host: 1, gpu: 0, overrides: ["learning_rate=5.0e-2", "eval_steps=20", "save_steps=20", "logging_steps=5"] },
  { name: "lr-3-blows-up", host: 1, gpu: 1, overrides: ["learning_rate=3.0", "eval_steps=20", "save_steps=20", "logging_steps=5"] },
] as const;

const ZSandboxHost = z.object({
  name: z.string(), address: z.string(), port: z.number().int(), username: z.string(),
  privateKeyPath: z.string(), hostKeyFingerprint: z.string(),
});

const ADMIN_EMAIL = "admin@factory.local";

async function main() {
  const { values } = parseArgs({ options: {
    hosts: { type: "string", default: "" }, slurm: { type: "string", default: "" }, "no-detect": { type: "string", default: "" }, "admin-password": { type: "string" }, "demo-runs": { type: "boolean", default: false },
  } });
  const password = values["admin-password"] ?? process.env.ADMIN_PASSWORD ?? "factory-floor-admin";

  const admin = (await prisma.user.findUnique({ where: { email: ADMIN_EMAIL } }))
    ?? (await prisma.user.create({
      data: { email: ADMIN_EMAIL, name: "Admin", role: "ADMIN", passwordHash: await hashPassword(password) },
    }));

  const wanted = values.hosts.split(",").map((s) => s.trim()).filter(Boolean);
  const noDetect = new Set(values["no-detect"].split(",").map((s) => s.trim()).filter(Boolean));
  if (wanted.length > 0) {
    const sandbox = z.array(ZSandboxHost).parse(JSON.parse(readFileSync(".sandbox/hosts.json", "utf8")));
    for (const name of wanted) {
      const h = sandbox.find((s) => s.name === name);
      if (!h) throw new Error(`sandbox host ${name} is not in .sandbox/hosts.json (start it with scripts/sandbox/hosts.sh up)`);
      const privateKey = readFileSync(h.privateKeyPath, "utf8");
      const conn = { address: h.address, port: h.port, username: h.username, privateKey };
      const existing = await prisma.host.findUnique({ where: { name }, select: { id: true, hostKeyFingerprint: true, _count: { select: { profiles: true } } } });
      if (existing) {
        // Registered before hosts had runtime profiles: give it the detected one (a database from an older demo).
        if (existing._count.profiles === 0 && !noDetect.has(name)) {
          const c = await connectSsh({ ...conn, expectedFingerprint: existing.hostKeyFingerprint, timeoutMs: 10_000 });
          const found = await detectOver(c).finally(() => c.close());
          const best = found.candidates[0];
          if (best) {
            const r = await saveHostProfile({ hostId: existing.id, userId: admin.id, input: { activation: best.activation, lfDir: best.lfDir, runsDir: DEFAULT_PROFILE.runsDir } });
            console.log(`[seed] host ${name}: detected profile ${best.activation || "(login PATH)"}: ${r.runtime?.ok ? "LF starts" : r.runtime?.problem ?? r.probeError}`);
          }
        }
        continue;
      }
      // The sandbox registry tells us the key the host should present; the probe proves it does.
      const probe = await probeHost({ ...conn, expectedFingerprint: h.hostKeyFingerprint });
      // The runtime profile comes from Detect over SSH (as the hosts page's button does), unless the
      // host is listed in --no-detect: it then starts with the default profile and needs one set by hand.
      let profile: { activation: string; lfDir: string; runsDir: string } | undefined;
      if (!noDetect.has(name)) {
        const c = await connectSsh({ ...conn, expectedFingerprint: probe.fingerprint, timeoutMs: 10_000 });
        try {
          const found = (await detectOver(c)).candidates[0];
          if (found) profile = { activation: found.activation, lfDir: found.lfDir, runsDir: DEFAULT_PROFILE.runsDir };
        } finally { c.close(); }
      }
      const dto = await createHost({ ...conn, name, hostKeyFingerprint: probe.fingerprint, userId: admin.id }, {}, profile ? { profile } : {});
      const rt = dto.runtime;
      console.log(`[seed] host ${name}: ${probe.gpus.length} GPUs, ${probe.fingerprint}; profile ${profile ? `detected (${profile.activation || "login PATH"})` : "default"}: ${rt?.ok ? `LF ${rt.lfVersion}, ${rt.datasets.length} datasets` : rt?.problem ?? "not probed"}`);
    }
  }

  if (values.slurm) {
    const [clusterName, loginName] = values.slurm.split(":");
    if (!clusterName || !loginName) throw new Error("--slurm wants CLUSTER:LOGIN_HOST, e.g. lab-slurm:slurm-login");
    const sandbox = z.array(ZSandboxHost.extend({ profile: z.object({ activation: z.string(), lfDir: z.string(), runsDir: z.string() }).optional() }))
      .parse(JSON.parse(readFileSync(".sandbox/hosts.json", "utf8")));
    const h = sandbox.find((s) => s.name === loginName);
    if (!h) throw new Error(`sandbox host ${loginName} is not in .sandbox/hosts.json (start it with scripts/sandbox/hosts.sh up)`);
    if (!(await prisma.slurmCluster.findUnique({ where: { name: clusterName } }))) {
      const c = await createCluster({ name: clusterName, address: h.address, port: h.port, username: h.username, privateKey: readFileSync(h.privateKeyPath, "utf8"),
        hostKeyFingerprint: h.hostKeyFingerprint, partition: "gpu", timeLimitMin: 240, userId: admin.id }, {}, h.profile ? { profile: { ...h.profile, runsDir: DEFAULT_PROFILE.runsDir } } : {});
      console.log(`[seed] Slurm cluster ${clusterName}: login ${c.loginHost.name}, partition ${c.partition}, ${c.gpusPerNode} GPUs per node`);
    }
  }

  if (!(await prisma.preset.findFirst({ where: { name: STARTER_PRESET_NAME } }))) {
    await createPreset({ name: STARTER_PRESET_NAME, description: "LoRA SFT of a 7B model on one 24 GB GPU: a careful default.",
      yaml: STARTER_PRESET_YAML, userId: admin.id });
    console.log(`[seed] preset ${STARTER_PRESET_NAME}`);
  }
  if (values["demo-runs"] && wanted.length >= 2 && (await prisma.run.count()) === 0) {
    const preset = await prisma.preset.findFirstOrThrow({ where: { name: STARTER_PRESET_NAME }, include: { versions: { orderBy: { version: "desc" }, take: 1 } } });
    const hosts = await Promise.all(wanted.slice(0, 2).map((name) => prisma.host.findUniqueOrThrow({ where: { name } })));
    for (const r of DEMO_RUNS) {
      await createRun({ presetVersionId: preset.versions[0]!.id, hostId: hosts[r.host]!.id, gpuIndices: [r.gpu],
        overrides: [...r.overrides], name: r.name, priority: 0, userId: admin.id });
      console.log(`[seed] demo run ${r.name}`);
    }
  }
  console.log(`[seed] admin ${ADMIN_EMAIL}`);
}

// The launch preflight leaves pooled SSH connections open; close them or the process never exits.
main().then(async () => { await closeAllHostConnections(); await closeQueues(); await prisma.$disconnect(); }).catch(async (e: unknown) => {
  console.error(`[seed] ${e instanceof Error ? e.message : String(e)}`);
  await prisma.$disconnect();
  process.exit(1);
});
