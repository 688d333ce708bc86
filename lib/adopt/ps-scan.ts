// The one remote exec that finds hand-started LLaMA-Factory trainings, and the parse of what it
// prints. Only the login user's processes are listed: those are the ones we can read (/proc cwd,
// environ) and signal. For each candidate the script adds its working directory (LF resolves a
// relative YAML path and output_dir against it), its stdout target and the few environment
// variables that decide how it can be stopped (LLAMABOARD_ENABLED arms LF's SIGABRT handler).
export type TProc = { pid: number; ppid: number; pgid: number; etimeS: number; args: string };
export type TCandidateInfo = { cwd: string | null; stdout: string | null; env: Record<string, string> };
export type TPsScan = { procs: Map<number, TProc>; info: Map<number, TCandidateInfo> };

/** `llamafactory-cli`/`lmf` (the sim's `llamafactory-cli.mjs`), or LF's torchrun entry `launcher.py`. */
export const LF_ARGS_RE = /(^|[/ ])(llamafactory-cli|lmf)(\.mjs)?( |$)|[/ ]?launcher\.(py|mjs)( |$)/;
const ENV_KEYS = ["LLAMABOARD_ENABLED", "LLAMABOARD_WORKDIR", "CUDA_VISIBLE_DEVICES", "FORCE_TORCHRUN"];

export function psScanCommand(): string {
  // A broad filter on the host (the exact match, LF_ARGS_RE, is applied here): one awk, no escaping games.
  const awk = `{ a = $0; sub(/^ *[0-9]+ +[0-9]+ +[0-9]+ +[0-9]+ +/, "", a); if (a ~ /llamafactory-cli|lmf|launcher[.](py|mjs)/) print $1 }`;
  return [
    `L=$(ps -o pid=,ppid=,pgid=,etimes=,args= -u "$(id -u)") || { echo NOPS; exit 3; }`,
    `printf '%s\\n' "$L" | sed 's/^ */P /'`,
    `for p in $(printf '%s\\n' "$L" | awk '${awk}'); do`,
    `  printf 'C %s %s\\n' "$p" "$(readlink "/proc/$p/cwd" 2>/dev/null)"`,
    `  printf 'O %s %s\\n' "$p" "$(readlink "/proc/$p/fd/1" 2>/dev/null)"`,
    `  printf 'E %s %s\\n' "$p" "$(tr '\\0' '\\n' < "/proc/$p/environ" 2>/dev/null | grep -E '^(${ENV_KEYS.join("|")})=' | tr '\\n' '\\t')"`,
    `done`,
    `exit 0`,
  ].join("\n");
}

export function parsePsScan(stdout: string): TPsScan | { error: string } {
  if (stdout.trim() === "NOPS") return { error: "ps failed on the host." };
  const procs = new Map<number, TProc>();
  const info = new Map<number, TCandidateInfo>();
  const infoOf = (pid: number) => {
    let i = info.get(pid);
    if (!i) info.set(pid, (i = { cwd: null, stdout: null, env: {} }));
    return i;
  };
  for (const line of stdout.split("\n")) {
    const p = /^P (\d+) +(\d+) +(\d+) +(\d+) (.*)$/.exec(line);
    if (p) {
      procs.set(Number(p[1]), { pid: Number(p[1]), ppid: Number(p[2]), pgid: Number(p[3]), etimeS: Number(p[4]), args: p[5]!.trim() });
      continue;
    }
    const c = /^([COE]) (\d+) ?(.*)$/.exec(line);
    if (!c) continue;
    const i = infoOf(Number(c[2]));
    const v = c[3] ?? "";
    if (c[1] === "C") i.cwd = v.startsWith("/") ? v : null;
    else if (c[1] === "O") i.stdout = v.startsWith("/") && !v.startsWith("/dev/") ? v : null;
    else
      for (const kv of v.split("\t")) {
        const eq = kv.indexOf("=");
        if (eq > 0 && ENV_KEYS.includes(kv.slice(0, eq))) i.env[kv.slice(0, eq)] = kv.slice(eq + 1);
      }
  }
  return { procs, info };
}

export function isLfProcess(args: string): boolean {
  return LF_ARGS_RE.test(args);
}

export function isTorchrun(args: string): boolean {
  return /(^|[/ ])torchrun(\.mjs)?( |$)|torch\.distributed\.run/.test(args);
}

/** Descendants of pid (not pid itself). */
export function descendants(procs: Map<number, TProc>, pid: number): TProc[] {
  const kids = new Map<number, TProc[]>();
  for (const p of procs.values()) {
    const arr = kids.get(p.ppid);
    if (arr) arr.push(p);
    else kids.set(p.ppid, [p]);
  }
  const out: TProc[] = [];
  const stack = [...(kids.get(pid) ?? [])];
  while (stack.length) {
    const p = stack.pop()!;
    out.push(p);
    stack.push(...(kids.get(p.pid) ?? []));
  }
  return out;
}

export function ancestors(procs: Map<number, TProc>, pid: number): TProc[] {
  const out: TProc[] = [];
  const seen = new Set<number>([pid]);
  let cur = procs.get(pid);
  while (cur && !seen.has(cur.ppid)) {
    const up = procs.get(cur.ppid);
    if (!up) break;
    out.push(up);
    seen.add(up.pid);
    cur = up;
  }
  return out;
}

/** LF processes with no LF ancestor: one per training (torchrun's children and ranks belong to it). */
export function trainingRoots(scan: TPsScan): TProc[] {
  return [...scan.procs.values()]
    .filter((p) => isLfProcess(p.args) && !ancestors(scan.procs, p.pid).some((a) => isLfProcess(a.args)))
    .sort((a, b) => a.pid - b.pid);
}
