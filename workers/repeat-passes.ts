// A worker loop that runs one pass, waits `everyMs`, runs the next: passes never overlap, a failed
// pass is logged and the loop goes on, and stop() returns only once the pass in flight has finished.
export function repeatPasses(o: { everyMs: number; pass: () => Promise<void>; onError: (e: Error) => void }): { stop(): Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();
  const tick = () => {
    current = o.pass()
      .catch((e) => o.onError(e as Error))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, o.everyMs);
      });
  };
  tick();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current;
    },
  };
}
