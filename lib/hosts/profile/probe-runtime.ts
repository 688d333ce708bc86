// Runs the runtime probe for a registered host through its current profile and stores the result.
// An unreachable host keeps its last result; the caller sees the SSH error.
import { prisma, type Prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { open } from "@/lib/crypto/secret-box";
import { connectSsh, type TSshConnection } from "@/lib/ssh/connect";
import { sshErrorToAppError } from "@/lib/hosts/ssh-error-to-app-error";
import { getHostProfile, type TStoredProfile } from "@/lib/hosts/profile/host-profile";
import { parseRuntimeProbe, runtimeProbeCommand, type TRuntimeInfo } from "@/lib/hosts/profile/runtime-probe";
import { AppError } from "@/lib/errors";

export async function connectHost(hostId: string, timeoutMs = 10_000): Promise<TSshConnection> {
  const h = await prisma.host.findUnique({ where: { id: hostId } });
  if (!h) throw new AppError("not_found", "Host not found.", "hostId");
  let privateKey: string;
  try {
    privateKey = open(h.privateKeyEnc, env().HOST_KEY_SECRET);
  } catch {
    throw new AppError("invalid", "The stored SSH key cannot be decrypted (HOST_KEY_SECRET changed?); re-add the host.", "privateKey");
  }
  try {
    return await connectSsh({ address: h.address, port: h.port, username: h.username, privateKey, expectedFingerprint: h.hostKeyFingerprint, timeoutMs });
  } catch (e) {
    throw sshErrorToAppError(e);
  }
}

export async function runRuntimeProbe(conn: TSshConnection, profile: TStoredProfile): Promise<TRuntimeInfo> {
  const r = await conn.exec(runtimeProbeCommand(profile), { timeoutMs: 400_000 });
  return parseRuntimeProbe(r.stdout, profile);
}

export async function probeHostRuntime(o: { hostId: string; conn?: TSshConnection }): Promise<TRuntimeInfo> {
  const { profile } = await getHostProfile(o.hostId);
  if (!profile) throw new AppError("invalid", "This host has no runtime profile yet.", "profile");
  const conn = o.conn ?? (await connectHost(o.hostId));
  try {
    const info = await runRuntimeProbe(conn, profile);
    await prisma.host.update({ where: { id: o.hostId }, data: { runtime: info as unknown as Prisma.InputJsonValue } });
    return info;
  } catch (e) {
    throw sshErrorToAppError(e);
  } finally {
    if (!o.conn) conn.close();
  }
}
