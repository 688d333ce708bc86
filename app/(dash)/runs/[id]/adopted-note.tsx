// What an adopted run's page says about the process it watches and how a stop will go. LF arms its
// graceful stop (SIGABRT → save at the next step, then exit) only when LLAMABOARD_ENABLED (and
// LLAMABOARD_WORKDIR) are in the training's environment, as LLaMA-Board sets them; without them
// SIGABRT would kill it too, so the ladder starts at SIGTERM and nothing is saved.
type TInfo = { rootPid?: number; pgid?: number; command?: string; llamaboard?: boolean; torchrun?: boolean; ranks?: number; stdoutPath?: string | null };

function infoOf(raw: unknown): TInfo {
  return raw && typeof raw === "object" ? (raw as TInfo) : {};
}

export function adoptedStopNote(raw: unknown): string {
  const i = infoOf(raw);
  return i.llamaboard
    ? "This adopted process has LLAMABOARD_ENABLED set: LLaMA-Factory finishes the current step, saves the model and exits on SIGABRT. If it does not, SIGTERM and then SIGKILL follow after the grace period."
    : "This adopted process was started without LLAMABOARD_ENABLED, so LLaMA-Factory cannot stop gracefully (SIGABRT would kill it unsaved). The stop sends SIGTERM to its process group, then SIGKILL: the last saved checkpoint is what remains.";
}

export function AdoptedNote({ info: raw }: { info: unknown }) {
  const i = infoOf(raw);
  return (
    <div className="mt-2 max-w-3xl rounded-md border border-zinc-200 bg-zinc-50 px-3 py-2 text-xs text-zinc-700 dark:border-zinc-800 dark:bg-zinc-950 dark:text-zinc-300" data-testid="adopted-note">
      <p>
        Adopted from a process started by hand: pid {i.rootPid ?? "?"}, process group {i.pgid ?? "?"}
        {i.torchrun ? `, torchrun with ${i.ranks ?? "?"} rank${i.ranks === 1 ? "" : "s"}` : ""}
        {i.stdoutPath ? <>, its console goes to <code className="font-mono">{i.stdoutPath}</code></> : null}.
      </p>
      {i.command && <code className="mt-1 block truncate font-mono text-[11px] text-zinc-500 dark:text-zinc-400" title={i.command}>{i.command}</code>}
      <p className={`mt-1 ${i.llamaboard ? "" : "text-amber-800 dark:text-amber-300"}`} data-testid="adopted-stop-note">
        A graceful stop needs LLAMABOARD_ENABLED in the training&apos;s environment.{" "}
        {i.llamaboard ? "This process has it: Stop saves first, with SIGTERM/SIGKILL as the fallback." : "This process does not have it: Stop falls back to SIGTERM, then SIGKILL (no save)."}
      </p>
    </div>
  );
}
