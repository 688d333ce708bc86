// Test-only: a real OpenSSH sshd on a loopback port with its own host key, login user and home.
// Integration tests of lib/ssh, lib/hosts, lib/runs and workers use it when the shared sandbox
// (scripts/sandbox/hosts.sh) is not running. Must run as root (sshd needs it).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, chmodSync } from "node:fs";
import path from "node:path";

export type TThrowawaySshd = {
  address: string;
  port: number;
  username: string;
  home: string;
  privateKey: string;
  hostKeyFingerprint: string;
  /** Another host key's fingerprint, to test pinning. */
  otherFingerprint: string;
  stop(): void;
  /** Runs a shell command on the host as the login user (locally; it is the same machine). */
  sh(cmd: string): string;
  /** With `sim`: the runtime profile for the installed layout (LF in a venv off the login PATH). */
  profile: { activation: string; lfDir: string; runsDir: string } | null;
};

function run(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

function fingerprintOfFile(pub: string): string {
  const m = /(SHA256:\S+)/.exec(run("ssh-keygen", ["-lf", pub]));
  if (!m?.[1]) throw new Error(`ssh-keygen -lf ${pub} printed no fingerprint`);
  return m[1];
}

const SIM_DIR = path.resolve(import.meta.dirname, "../../../scripts/sim");

/** Wrappers that put the simulators (scripts/sim) on the login PATH (a host whose LF needs no activation). */
export function simulatorBin(): Record<string, string> {
  const wrap = (file: string) => `#!/bin/sh\nexec node ${SIM_DIR}/${file} "$@"\n`;
  return { "llamafactory-cli": wrap("llamafactory-cli.mjs"), "nvidia-smi": wrap("nvidia-smi.mjs") };
}

export function startThrowawaySshd(o: { port: number; bin?: Record<string, string>; sim?: { gpus: number; stepSeconds: number; layout?: "venv" | "conda" }; env?: Record<string, string> }): TThrowawaySshd {
  const dir = `/tmp/ffh4-sshd/${o.port}`;
  const home = path.join(dir, "home");
  const username = `ffh4u${o.port}`;
  const pidFile = path.join(dir, "sshd.pid");
  if (existsSync(pidFile)) {
    try {
      process.kill(Number(readFileSync(pidFile, "utf8").trim()));
    } catch {}
  }
  try {
    run("pkill", ["-KILL", "-u", username]);
  } catch {}
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(home, "bin"), { recursive: true });
  mkdirSync("/run/sshd", { recursive: true });
  try {
    run("id", [username]);
  } catch {
    run("useradd", ["-M", "-d", home, "-s", "/bin/bash", username]);
  }
  // A fresh useradd account is locked ("!"), which sshd refuses without PAM; "*" means no password but not locked.
  run("usermod", ["-d", home, "-p", "*", username]);
  for (const k of ["host_ed25519", "other_ed25519", "client_ed25519"])
    run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", k, "-f", path.join(dir, k)]);
  writeFileSync(path.join(dir, "authorized_keys"), readFileSync(path.join(dir, "client_ed25519.pub")));
  chmodSync(path.join(dir, "authorized_keys"), 0o644);
  let profile: TThrowawaySshd["profile"] = null;
  if (o.sim) {
    mkdirSync(path.join(home, ".sim"), { recursive: true });
    const gpus = Array.from({ length: o.sim.gpus }, () => ({ name: "NVIDIA A100-SXM4-80GB", memoryMiB: 81920 }));
    writeFileSync(path.join(home, ".sim", "host.json"), JSON.stringify({ gpus, stepSeconds: o.sim.stepSeconds }));
    // As real hosts have it: LF in a venv beside its checkout, not on the login PATH; nvidia-smi is.
    const p = JSON.parse(run(process.execPath, [path.join(SIM_DIR, "install-host.mjs"), "--home", home, "--layout", o.sim.layout ?? "venv"]));
    profile = { activation: p.activation, lfDir: p.lfDir, runsDir: p.runsDir };
  }
  for (const [name, body] of Object.entries(o.bin ?? {})) {
    writeFileSync(path.join(home, "bin", name), body);
    chmodSync(path.join(home, "bin", name), 0o755);
  }
  writeFileSync(
    path.join(dir, "sshd_config"),
    [
      `Port ${o.port}`,
      "ListenAddress 127.0.0.1",
      `HostKey ${dir}/host_ed25519`,
      `PidFile ${pidFile}`,
      "PubkeyAuthentication yes",
      "PasswordAuthentication no",
      "KbdInteractiveAuthentication no",
      "UsePAM no",
      `AuthorizedKeysFile ${dir}/authorized_keys`,
      "StrictModes no",
      "Subsystem sftp internal-sftp",
      `SetEnv PATH=${home}/bin:/usr/local/bin:/usr/bin:/bin${Object.entries(o.env ?? {}).map(([k, v]) => ` ${k}=${v}`).join("")}`,
      "MaxSessions 100",
      "MaxStartups 100:30:200",
      "LogLevel ERROR",
      "",
    ].join("\n"),
  );
  run("chown", ["-R", `${username}:`, home]);
  run("/usr/sbin/sshd", ["-f", path.join(dir, "sshd_config"), "-E", path.join(dir, "sshd.log")]);
  const privateKey = readFileSync(path.join(dir, "client_ed25519"), "utf8");
  return {
    address: "127.0.0.1",
    port: o.port,
    username,
    home,
    privateKey,
    hostKeyFingerprint: fingerprintOfFile(path.join(dir, "host_ed25519.pub")),
    otherFingerprint: fingerprintOfFile(path.join(dir, "other_ed25519.pub")),
    sh: (cmd) => run("su", ["-s", "/bin/sh", username, "-c", cmd]),
    profile,
    stop() {
      try {
        process.kill(Number(readFileSync(pidFile, "utf8").trim()));
      } catch {}
      try {
        run("pkill", ["-KILL", "-u", username]);
      } catch {}
    },
  };
}

/** A minimal nvidia-smi for tests that only need the CSV query (the real simulator lives in scripts/sim). */
export const FAKE_NVIDIA_SMI_2XA100 = `#!/bin/sh
case "$*" in
  *--query-gpu*) printf '0, NVIDIA A100-SXM4-80GB, 81920, 3, 0\\n1, NVIDIA A100-SXM4-80GB, 81920, 40000, 97\\n' ;;
  *) echo "NVIDIA-SMI 550.54.15" ;;
esac
`;
