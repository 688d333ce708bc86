// Detect for a registered host: runs the fixed detection script over SSH and returns the layouts
// found, best first (a venv in the checkout, then conda envs, then the login PATH).
import { connectHost } from "@/lib/hosts/profile/probe-runtime";
import { detectCommand, parseDetect, type TDetected } from "@/lib/hosts/profile/detect-profile";
import { sshErrorToAppError } from "@/lib/hosts/ssh-error-to-app-error";
import type { TSshConnection } from "@/lib/ssh/connect";

export async function detectOver(conn: TSshConnection): Promise<{ candidates: TDetected[]; checkouts: string[] }> {
  const r = await conn.exec(detectCommand(), { timeoutMs: 30_000 });
  return parseDetect(r.stdout);
}

export async function detectHostProfile(hostId: string): Promise<{ candidates: TDetected[]; checkouts: string[] }> {
  const conn = await connectHost(hostId);
  try {
    return await detectOver(conn);
  } catch (e) {
    throw sshErrorToAppError(e);
  } finally {
    conn.close();
  }
}
