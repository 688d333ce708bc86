// Test-only: a sandbox sshd host with the simulators, registered as a Host row, plus a preset.
import net from "node:net";
import { prisma } from "@/lib/db";
import { createHost } from "@/lib/hosts/create-host";
import { simulatorBin, startThrowawaySshd, type TThrowawaySshd } from "@/lib/ssh/testing/throwaway-sshd";

export const SIM_YAML = `### model
model_name_or_path: Qwen/Qwen2.5-7B-Instruct
trust_remote_code: true

### method
stage: sft
do_train: true
finetuning_type: lora

### dataset
dataset: alpaca_en_demo
template: qwen
max_samples: 400
cutoff_len: 1024

### output
output_dir: saves/placeholder
logging_steps: 5
save_steps: 20
plot_loss: true

### train
per_device_train_batch_size: 2
gradient_accumulation_steps: 4
learning_rate: 1.0e-4
num_train_epochs: 2.0
lr_scheduler_type: cosine
warmup_ratio: 0.1
bf16: true
`;

export type TRunFixture = { sshd: TThrowawaySshd; hostId: string; presetVersionId: string; cleanup(): Promise<void> };

export async function setupRunFixture(o: { port: number; gpus: number; stepSeconds: number; tag: string }): Promise<TRunFixture> {
  const sshd = startThrowawaySshd({ port: o.port, sim: { gpus: o.gpus, stepSeconds: o.stepSeconds } });
  const name = `h4-${o.tag}-${process.pid}`;
  const host = await createHost({
    name,
    address: sshd.address,
    port: sshd.port,
    username: sshd.username,
    privateKey: sshd.privateKey,
    hostKeyFingerprint: sshd.hostKeyFingerprint,
    userId: null,
  }, {}, { profile: sshd.profile! });
  const preset = await prisma.preset.create({
    data: { name: `${name}-preset`, versions: { create: { version: 1, yaml: SIM_YAML } } },
    include: { versions: true },
  });
  return {
    sshd,
    hostId: host.id,
    presetVersionId: preset.versions[0]!.id,
    async cleanup() {
      sshd.stop();
      await prisma.run.deleteMany({ where: { hostId: host.id, parentRunId: { not: null } } });
      await prisma.run.deleteMany({ where: { hostId: host.id } });
      await prisma.host.delete({ where: { id: host.id } });
      await prisma.preset.delete({ where: { id: preset.id } });
    },
  };
}

export async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 30_000, everyMs = 200): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** A TCP port nothing listens on right now (for a run's MASTER_PORT). */
export async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

/**
 * For the crash tests: a 2-GPU sandbox host whose llamafactory-cli logs every start to ~/launches.log
 * (so a double launch cannot hide), LF on the login PATH started from the installed checkout, and a preset.
 */
export async function setupLaunchCountingHost(o: { port: number; tag: string }): Promise<{ sshd: TThrowawaySshd; hostId: string; presetId: string; presetVersionId: string }> {
  const bin = simulatorBin();
  bin["llamafactory-cli"] = bin["llamafactory-cli"]!.replace("exec node", 'echo "$*" >> "$HOME/launches.log"\nexec node');
  const sshd = startThrowawaySshd({ port: o.port, sim: { gpus: 2, stepSeconds: 0.03 }, bin });
  const name = `${o.tag}-${process.pid}`;
  const hostId = (await createHost({ name, address: sshd.address, port: sshd.port, username: sshd.username, privateKey: sshd.privateKey, hostKeyFingerprint: sshd.hostKeyFingerprint, userId: null },
    {}, { profile: { activation: "", lfDir: "~/LLaMA-Factory", runsDir: "~/ffloor-runs" } })).id;
  const preset = await prisma.preset.create({ data: { name: `${name}-preset`, versions: { create: { version: 1, yaml: SIM_YAML } } }, include: { versions: true } });
  return { sshd, hostId, presetId: preset.id, presetVersionId: preset.versions[0]!.id };
}
