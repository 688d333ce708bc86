// What the run page's "exit code" says. A killed run usually has none (its shell wrapper, which
// writes exit_code, died with it), and a number above 128 is a signal: spell both out.
const SIGNALS: Record<number, string> = { 2: "SIGINT", 6: "SIGABRT", 9: "SIGKILL", 15: "SIGTERM" };

export function describeExitCode(o: { status: string; exitCode: number | null }): string {
  const { status, exitCode } = o;
  if (exitCode === null) {
    if (status === "KILLED") return "none: killed, the process never exited on its own";
    if (status === "CANCELLED") return "none: never started";
    if (["QUEUED", "STARTING", "RUNNING", "UNREACHABLE", "STOPPING"].includes(status)) return "– (still running)";
    return "none recorded";
  }
  if (exitCode > 128 && SIGNALS[exitCode - 128]) return `${exitCode} (${SIGNALS[exitCode - 128]})`;
  if (exitCode === 0) return "0 (success)";
  return String(exitCode);
}
