// Shell text sent to GPU hosts. Every dynamic piece goes through shQuote; user values never
// appear here at all (they live in the uploaded YAML). Fixed scripts take their inputs as
// positional parameters ("$1") so nothing is spliced into nested quotes.
import { shQuote } from "@/lib/ssh/quote";
import { profileScript } from "@/lib/hosts/profile/profile-script";
import type { TProfile } from "@/lib/hosts/profile/profile-input";
import { distEnvVars, type TDistEnv } from "@/lib/runs/multi-node/dist-env";

export const PID_FILE = "ffloor.pid";
export const EXIT_FILE = "exit_code";
export const CONSOLE_FILE = "console.log";
export const CONFIG_FILE = "config.yaml";
const LAUNCH_LOCK = ".ffloor-launched";

function pgidArg(pgid: number): string {
  // Never let 0, 1 or a negative slip into `kill -- -PGID` (that would hit every process we own).
  if (!Number.isInteger(pgid) || pgid <= 1) throw new Error(`refusing to signal process group ${pgid}`);
  return String(pgid);
}

export function mkdirCommand(dir: string): string {
  return `mkdir -p -- ${shQuote(dir)} && cd -- ${shQuote(dir)} && pwd -P`;
}

export type TLaunchEnv = { FORCE_TORCHRUN?: "1"; ALLOW_EXTRA_ARGS?: "1" };

/**
 * Starts training detached in its own session, exactly once per run folder: a mkdir lock makes a
 * retried launch (worker killed mid-launch) read the existing pid instead of starting again. The
 * wrapper writes its own pid (= pgid, it is the session leader) before anything is reported, then
 * goes where the host profile says LF runs (activation, env vars, cd into the LF checkout) and
 * starts llamafactory-cli there. A failing activation or a missing checkout ends the run with exit 1
 * and a line in console.log saying which.
 * Prints the pid, or NOPID if a launch holds the lock but never wrote one.
 */
export function startCommand(o: { dir: string; gpuIndices: number[]; profile: Pick<TProfile, "activation" | "lfDir" | "envVars">; launchEnv?: TLaunchEnv; dist?: TDistEnv }): string {
  const gpus = o.gpuIndices.map((g) => String(Math.trunc(g))).join(",");
  const ps = profileScript(o.profile);
  const giveUp = (why: string) => `{ echo ${shQuote(`[ffloor] ${why}`)} >> "$1/${CONSOLE_FILE}"; echo 1 > "$1/${EXIT_FILE}.tmp" && mv "$1/${EXIT_FILE}.tmp" "$1/${EXIT_FILE}"; exit 1; }`;
  const inner = [
    `echo $$ > "$1/${PID_FILE}.tmp" && mv "$1/${PID_FILE}.tmp" "$1/${PID_FILE}"`,
    `: > "$1/${CONSOLE_FILE}"`,
    `{ ${ps.activate}; } >> "$1/${CONSOLE_FILE}" 2>&1 < /dev/null || ${giveUp("the host profile's activation line failed; nothing was started")}`,
    ps.exports,
    `${ps.cd} >> "$1/${CONSOLE_FILE}" 2>&1 || ${giveUp("the host profile's LF working directory cannot be entered; nothing was started")}`,
    `llamafactory-cli train "$1/${CONFIG_FILE}" >> "$1/${CONSOLE_FILE}" 2>&1 < /dev/null`,
    `echo $? > "$1/${EXIT_FILE}.tmp" && mv "$1/${EXIT_FILE}.tmp" "$1/${EXIT_FILE}"`,
  ].join("\n");
  const switches = Object.entries(o.launchEnv ?? {})
    .filter(([k, v]) => (k === "FORCE_TORCHRUN" || k === "ALLOW_EXTRA_ARGS") && v === "1")
    .map(([k]) => ` ${k}=1`).join("");
  // A multi-node rank: the generated torchrun variables, and no inherited RANK (see dist-env).
  const dist = o.dist ? ` -u RANK${Object.entries(distEnvVars(o.dist)).map(([k, v]) => ` ${k}=${shQuote(v)}`).join("")}` : "";
  return [
    `D=${shQuote(o.dir)}`,
    `if mkdir -- "$D/${LAUNCH_LOCK}" 2>/dev/null; then`,
    `  setsid env${dist} LLAMABOARD_ENABLED=1 LLAMABOARD_WORKDIR="$D" CUDA_VISIBLE_DEVICES=${shQuote(gpus)}${switches} bash -c ${shQuote(inner)} ffloor-run "$D" > /dev/null 2>&1 < /dev/null &`,
    `fi`,
    `i=0; while [ ! -s "$D/${PID_FILE}" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done`,
    `cat -- "$D/${PID_FILE}" 2>/dev/null || echo NOPID`,
  ].join("\n");
}

/** LAUNCHED once a start command took the run folder's launch lock (a retried launch must not re-check ports). */
export function launchedCommand(dir: string): string {
  return `[ -d ${shQuote(dir)}/${LAUNCH_LOCK} ] && echo LAUNCHED || echo NEW`;
}

/** One line per run: `RUN <key> <live process count> <exit code or ->`. Zombies count as dead. */
export function statusCommand(runs: { key: string; dir: string; pgid: number }[]): string {
  const lines = runs.map(
    (r) =>
      `n=$(printf '%s\\n' "$PS" | awk -v g=${pgidArg(r.pgid)} '$1==g && $2 !~ /^Z/' | wc -l); ` +
      `e=$(cat -- ${shQuote(r.dir)}/${EXIT_FILE} 2>/dev/null || echo -); echo RUN ${shQuote(r.key)} $n "$e"`,
  );
  return [`PS=$(ps -eo pgid=,stat=)`, ...lines].join("\n");
}

export function parseStatusOutput(stdout: string): Map<string, { alive: number; exitCode: number | null }> {
  const out = new Map<string, { alive: number; exitCode: number | null }>();
  for (const line of stdout.split("\n")) {
    const m = /^RUN (\S+) (\d+) (\S+)\s*$/.exec(line.trim());
    if (!m) continue;
    const code = /^-?\d+$/.test(m[3]!) ? Number(m[3]) : null;
    out.set(m[1]!, { alive: Number(m[2]), exitCode: code });
  }
  return out;
}

export function tailCommand(dir: string, lines = 30, maxBytes = 8000): string {
  return `tail -n ${Math.trunc(lines)} -- ${shQuote(dir)}/${CONSOLE_FILE} 2>/dev/null | tail -c ${Math.trunc(maxBytes)}`;
}

/**
 * SIGABRT to every descendant of the wrapper, children first (as LlamaBoard's abort_process does),
 * but not to the wrapper itself: it must survive to record the exit code of a graceful stop. An
 * adopted run has no wrapper of ours: its root is the llamafactory-cli process, which gets it last.
 */
export function abortTreeCommand(pgid: number, o: { includeRoot?: boolean } = {}): string {
  const awk = `{ kids[$2] = kids[$2] " " $1 }
function walk(p,  i, n, c) { n = split(kids[p], c, " "); for (i = 1; i <= n; i++) walk(c[i]); if (p != root || incl) print p }
END { walk(root) }`;
  return `for p in $(ps -eo pid=,ppid= | awk -v root=${pgidArg(pgid)} -v incl=${o.includeRoot ? 1 : 0} ${shQuote(awk)}); do kill -s ABRT "$p" 2>/dev/null; done; echo sent`;
}

/** `kill -s SIG -- -PGID` is the one spelling both bash and dash accept for a process group. */
export function signalGroupCommand(pgid: number, signal: "TERM" | "KILL"): string {
  return `kill -s ${signal} -- -${pgidArg(pgid)} 2>/dev/null; echo sent`;
}

/** Number of live (non-zombie) processes left in the group. */
export function countGroupCommand(pgid: number): string {
  return `ps -eo pgid=,stat= | awk -v g=${pgidArg(pgid)} '$1==g && $2 !~ /^Z/' | wc -l`;
}

/** Checkpoint folders in a run folder, newest step last. */
export function listCheckpointsCommand(dir: string): string {
  return `cd -- ${shQuote(dir)} 2>/dev/null && for d in checkpoint-*; do [ -d "$d" ] && echo "$d"; done | sort -t- -k2 -n`;
}

/**
 * For a stop that arrives before the launch recorded a pid: either take the launch lock first
 * (then no launch can ever start this run: prints BLOCKED) or read the pid the launch wrote.
 */
export function blockOrReadPidCommand(dir: string): string {
  return [
    `D=${shQuote(dir)}`,
    `mkdir -p -- "$D" || exit 1`,
    `if mkdir -- "$D/${LAUNCH_LOCK}" 2>/dev/null; then echo BLOCKED; exit 0; fi`,
    `i=0; while [ ! -s "$D/${PID_FILE}" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done`,
    `cat -- "$D/${PID_FILE}" 2>/dev/null || echo NOPID`,
  ].join("\n");
}
