// One SSH connection to a GPU host: exec with a timeout, SFTP helpers, pinned host key.
// Errors are translated into messages a user can act on (the hosts page shows them verbatim).
import { createHash } from "node:crypto";
import ssh2, { type ClientChannel, type SFTPWrapper } from "ssh2";

// ssh2 is CommonJS: named value imports fail under Node ESM, so take them off the default export.
const { Client, utils } = ssh2;
type Client = InstanceType<typeof Client>;

export type TSshConnectOptions = {
  address: string;
  port: number;
  username: string;
  privateKey: string;
  /** "SHA256:..." as `ssh-keygen -lf` prints it; a different server key refuses the connection. */
  expectedFingerprint?: string;
  timeoutMs?: number;
};

export type TExecResult = { stdout: string; stderr: string; code: number | null; signal?: string };
export type TRemoteStat = { size: number; mtimeMs: number; isDirectory: boolean; mode: number };

export type TSshConnection = {
  /** Server host key fingerprint, "SHA256:<base64 without =>". */
  fingerprint: string;
  exec(cmd: string, opts?: { timeoutMs?: number }): Promise<TExecResult>;
  /** Reads up to maxBytes from offset; an empty Buffer when the file does not exist (yet). */
  readFrom(path: string, offset: number, maxBytes: number): Promise<Buffer>;
  /** null when the path does not exist. */
  stat(path: string): Promise<TRemoteStat | null>;
  writeFile(path: string, data: string | Buffer, mode?: number): Promise<void>;
  close(): void;
  readonly closed: boolean;
  onClose(listener: (err?: Error) => void): void;
};

export class SshError extends Error {
  constructor(
    public readonly code: "HOST_KEY_CHANGED" | "DNS" | "REFUSED" | "TIMEOUT" | "AUTH" | "BAD_KEY" | "UNREACHABLE" | "EXEC_TIMEOUT" | "CLOSED" | "OTHER",
    message: string,
  ) {
    super(message);
    this.name = "SshError";
  }
}

export function fingerprintOf(rawKey: Buffer): string {
  return "SHA256:" + createHash("sha256").update(rawKey).digest("base64").replace(/=+$/, "");
}

const SFTP_NO_SUCH_FILE = 2;
const MAX_EXEC_OUTPUT = 16 * 1024 * 1024;

function translate(err: Error & { code?: string; level?: string }, o: TSshConnectOptions, hostKeyChanged: string | null): SshError {
  const where = `${o.address}:${o.port}`;
  if (hostKeyChanged)
    return new SshError("HOST_KEY_CHANGED", `The host key of ${where} changed: expected ${o.expectedFingerprint}, got ${hostKeyChanged}. Refusing to connect (the host may have been reinstalled, or someone is intercepting the connection).`);
  if (err.code === "ENOTFOUND" || err.code === "EAI_AGAIN")
    return new SshError("DNS", `Cannot resolve the address "${o.address}" (check the host name).`);
  if (err.code === "ECONNREFUSED") return new SshError("REFUSED", `Connection refused by ${where} (is sshd running on that port?).`);
  if (err.code === "EHOSTUNREACH" || err.code === "ENETUNREACH")
    return new SshError("UNREACHABLE", `${where} is unreachable from this server (${err.code}).`);
  if (err.code === "ETIMEDOUT" || /timed out/i.test(err.message))
    return new SshError("TIMEOUT", `Timed out connecting to ${where} (firewall, wrong address or host down?).`);
  if (err.level === "client-authentication")
    return new SshError("AUTH", `Authentication failed for user "${o.username}" on ${where}: the server did not accept this private key.`);
  if (/lost before handshake/i.test(err.message))
    return new SshError("UNREACHABLE", `${where} closed the connection before the SSH handshake (not an SSH server, or blocked).`);
  if (err.code === "ECONNRESET") return new SshError("UNREACHABLE", `Connection to ${where} was reset.`);
  return new SshError("OTHER", `SSH connection to ${where} failed: ${err.message}`);
}

/** Parses the key up front so a pasted garbage key gets a clear message instead of an ssh2 stack. */
export function checkPrivateKey(privateKey: string): void {
  const parsed = utils.parseKey(privateKey);
  if (parsed instanceof Error)
    throw new SshError("BAD_KEY", `The private key could not be read (${parsed.message}). Paste an unencrypted OpenSSH or PEM private key.`);
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!key || key.isPrivateKey() !== true) throw new SshError("BAD_KEY", "The pasted key is a public key; paste the private key.");
}

export function connectSsh(o: TSshConnectOptions): Promise<TSshConnection> {
  try {
    checkPrivateKey(o.privateKey);
  } catch (e) {
    return Promise.reject(e);
  }
  return new Promise((resolve, reject) => {
    const client = new Client();
    let fingerprint = "";
    let hostKeyChanged: string | null = null;
    let ready = false;
    let closed = false;
    const closeListeners: ((err?: Error) => void)[] = [];
    let lastError: Error | undefined;
    let sftpP: Promise<SFTPWrapper> | null = null;

    client.on("error", (err) => {
      lastError = err;
      if (!ready) reject(translate(err, o, hostKeyChanged));
    });
    client.on("close", () => {
      closed = true;
      sftpP = null;
      if (!ready) reject(lastError ? translate(lastError, o, hostKeyChanged) : new SshError("CLOSED", `Connection to ${o.address}:${o.port} closed during the handshake.`));
      for (const l of closeListeners.splice(0)) l(lastError);
    });

    const sftp = (): Promise<SFTPWrapper> => {
      sftpP ??= new Promise<SFTPWrapper>((res, rej) =>
        client.sftp((err, s) => {
          if (err) {
            sftpP = null;
            return rej(new SshError("OTHER", `SFTP is not available on ${o.address}: ${err.message}`));
          }
          s.on("close", () => (sftpP = null));
          res(s);
        }),
      );
      return sftpP;
    };

    const conn: TSshConnection = {
      get fingerprint() {
        return fingerprint;
      },
      get closed() {
        return closed;
      },
      onClose: (l) => void (closed ? l(lastError) : closeListeners.push(l)),
      close: () => client.end(),
      exec: (cmd, opts = {}) => execOn(client, cmd, opts.timeoutMs ?? 30_000, () => closed),
      async readFrom(path, offset, maxBytes) {
        const s = await sftp();
        return readAt(s, path, offset, maxBytes);
      },
      async stat(path) {
        const s = await sftp();
        return new Promise((res, rej) =>
          s.stat(path, (err, st) => {
            if (err) return (err as { code?: number }).code === SFTP_NO_SUCH_FILE ? res(null) : rej(err);
            res({ size: st.size, mtimeMs: st.mtime * 1000, isDirectory: st.isDirectory(), mode: st.mode });
          }),
        );
      },
      async writeFile(path, data, mode = 0o644) {
        const s = await sftp();
        await new Promise<void>((res, rej) => s.writeFile(path, data, { mode }, (err) => (err ? rej(err) : res())));
      },
    };

    // Nagle + delayed ACKs stall every small SFTP request/reply pair ~40 ms: an import of a saves/
    // tree (thousands of open/read/close round trips) took 7.6 s instead of under one.
    client.on("connect", () => client.setNoDelay(true));
    client.on("ready", () => {
      ready = true;
      resolve(conn);
    });

    try {
      client.connect({
        host: o.address,
        port: o.port,
        username: o.username,
        privateKey: o.privateKey,
        readyTimeout: o.timeoutMs ?? 10_000,
        // Detects a host that silently vanished (no RST) within ~15 s, so runs go UNREACHABLE.
        keepaliveInterval: 5_000,
        keepaliveCountMax: 3,
        hostVerifier: (key: Buffer) => {
          fingerprint = fingerprintOf(key);
          if (o.expectedFingerprint && o.expectedFingerprint !== fingerprint) {
            hostKeyChanged = fingerprint;
            return false;
          }
          return true;
        },
      });
    } catch (e) {
      reject(translate(e as Error, o, hostKeyChanged));
    }
  });
}

function execOn(client: Client, cmd: string, timeoutMs: number, isClosed: () => boolean): Promise<TExecResult> {
  if (isClosed()) return Promise.reject(new SshError("CLOSED", "SSH connection is closed."));
  return new Promise((resolve, reject) => {
    client.exec(cmd, (err, ch: ClientChannel) => {
      if (err) return reject(new SshError("OTHER", `Remote command could not start: ${err.message}`));
      const out: Buffer[] = [];
      const errOut: Buffer[] = [];
      let size = 0;
      let code: number | null = null;
      let signal: string | undefined;
      const timer = setTimeout(() => {
        ch.close();
        reject(new SshError("EXEC_TIMEOUT", `Remote command timed out after ${timeoutMs} ms.`));
      }, timeoutMs);
      const take = (arr: Buffer[]) => (d: Buffer) => {
        size += d.length;
        if (size <= MAX_EXEC_OUTPUT) arr.push(d);
      };
      ch.on("data", take(out));
      ch.stderr.on("data", take(errOut));
      ch.on("exit", (c: number | null, sig?: string) => {
        code = c;
        signal = sig ?? undefined;
      });
      ch.on("close", () => {
        clearTimeout(timer);
        const r: TExecResult = { stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(errOut).toString("utf8"), code };
        if (signal) r.signal = signal;
        resolve(r);
      });
    });
  });
}

function readAt(s: SFTPWrapper, path: string, offset: number, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    s.open(path, "r", (err, handle) => {
      if (err) return (err as { code?: number }).code === SFTP_NO_SUCH_FILE ? resolve(Buffer.alloc(0)) : reject(err);
      const buf = Buffer.alloc(maxBytes);
      let got = 0;
      const finish = (e?: Error) => s.close(handle, () => (e ? reject(e) : resolve(buf.subarray(0, got))));
      // SFTP servers cap a single read (OpenSSH: 256 KiB), so loop until EOF or maxBytes.
      const step = () => {
        if (got >= maxBytes) return finish();
        s.read(handle, buf, got, maxBytes - got, offset + got, (e, n) => {
          if (e) return (e as { code?: number }).code === 1 /* EOF */ ? finish() : finish(e);
          if (n === 0) return finish();
          got += n;
          step();
        });
      };
      step();
    });
  });
}
