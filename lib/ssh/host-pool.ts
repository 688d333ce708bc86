// One cached, multiplexed SSH connection per host for the worker process. ssh2 multiplexes many
// exec/SFTP channels over one TCP connection, so supervising N runs on a host costs one handshake.
import { open } from "@/lib/crypto/secret-box";
import { env } from "@/lib/env";
import { connectSsh, type TSshConnection } from "@/lib/ssh/connect";

export type THostConnectRow = {
  id: string;
  address: string;
  port: number;
  username: string;
  privateKeyEnc: string;
  hostKeyFingerprint: string;
};

type TEntry = { signature: string; conn: Promise<TSshConnection>; pending: boolean };
const pool = new Map<string, TEntry>();

function signatureOf(h: THostConnectRow): string {
  return [h.address, h.port, h.username, h.hostKeyFingerprint, h.privateKeyEnc].join("\u0001");
}

/** Returns the host's live connection, connecting (pinned to the stored fingerprint) when needed. */
export function getHostConnection(host: THostConnectRow, opts: { timeoutMs?: number } = {}): Promise<TSshConnection> {
  const sig = signatureOf(host);
  const existing = pool.get(host.id);
  if (existing && existing.signature === sig) {
    return existing.conn.then((c) => (c.closed ? reconnect(host, sig, opts) : c));
  }
  if (existing) void existing.conn.then((c) => c.close()).catch(() => {});
  return reconnect(host, sig, opts);
}

function reconnect(host: THostConnectRow, signature: string, opts: { timeoutMs?: number }): Promise<TSshConnection> {
  const current = pool.get(host.id);
  // Two callers noticing the same dead connection share one new handshake.
  if (current && current.signature === signature && current.pending) return current.conn;
  const conn = connectSsh({
    address: host.address,
    port: host.port,
    username: host.username,
    privateKey: open(host.privateKeyEnc, env().HOST_KEY_SECRET),
    expectedFingerprint: host.hostKeyFingerprint,
    timeoutMs: opts.timeoutMs ?? 8_000,
  });
  const entry: TEntry = { signature, conn, pending: true };
  pool.set(host.id, entry);
  conn.then(
    (c) => {
      entry.pending = false;
      c.onClose(() => {
        if (pool.get(host.id) === entry) pool.delete(host.id);
      });
    },
    () => {
      // A failed handshake is not cached: the next call tries again.
      if (pool.get(host.id) === entry) pool.delete(host.id);
    },
  );
  return conn;
}

/** Drops a connection that misbehaved (e.g. an exec timed out) so the next call reconnects. */
export function dropHostConnection(hostId: string): void {
  const e = pool.get(hostId);
  pool.delete(hostId);
  if (e) void e.conn.then((c) => c.close()).catch(() => {});
}

export async function closeAllHostConnections(): Promise<void> {
  const entries = [...pool.values()];
  pool.clear();
  await Promise.allSettled(entries.map((e) => e.conn.then((c) => c.close())));
}
