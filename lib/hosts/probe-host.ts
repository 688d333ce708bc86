// Connects to a candidate or registered host and reads its GPU inventory.
import { AppError } from "@/lib/errors";
import { connectSsh, type TSshConnection } from "@/lib/ssh/connect";
import { NVIDIA_SMI_QUERY, parseNvidiaSmi, type TGpu } from "@/lib/hosts/parse-nvidia-smi";
import { sshErrorToAppError } from "@/lib/hosts/ssh-error-to-app-error";

export type TProbeInput = {
  address: string;
  port: number;
  username: string;
  privateKey: string;
  expectedFingerprint?: string;
  timeoutMs?: number;
  /** A Slurm login node need not have GPUs: connect and pin the key only. */
  skipGpus?: boolean;
};

const NO_SMI_EXIT = 127;

/** Reads the GPU list over an open connection (shared by probe and refresh). */
export async function readGpus(conn: TSshConnection): Promise<TGpu[]> {
  // `command -v` first: a missing binary must give its own message, not a parse error on the shell's "not found".
  const r = await conn.exec(`command -v nvidia-smi >/dev/null 2>&1 || exit ${NO_SMI_EXIT}; ${NVIDIA_SMI_QUERY}`, { timeoutMs: 20_000 });
  if (r.code === NO_SMI_EXIT) throw new AppError("invalid", "nvidia-smi not found on the host (is the NVIDIA driver installed?)");
  if (r.code !== 0) {
    const why = (r.stderr || r.stdout).trim().split("\n").slice(-3).join(" ").slice(0, 300);
    throw new AppError("invalid", `nvidia-smi failed on the host (exit ${r.code ?? r.signal}): ${why}`);
  }
  try {
    return parseNvidiaSmi(r.stdout);
  } catch (e) {
    throw new AppError("invalid", `Could not read the GPU list: ${(e as Error).message}`);
  }
}

export async function probeHost(input: TProbeInput): Promise<{ fingerprint: string; gpus: TGpu[] }> {
  let conn: TSshConnection;
  try {
    conn = await connectSsh({ ...input, timeoutMs: input.timeoutMs ?? 10_000 });
  } catch (e) {
    throw sshErrorToAppError(e);
  }
  try {
    return { fingerprint: conn.fingerprint, gpus: input.skipGpus ? [] : await readGpus(conn) };
  } catch (e) {
    throw sshErrorToAppError(e);
  } finally {
    conn.close();
  }
}
