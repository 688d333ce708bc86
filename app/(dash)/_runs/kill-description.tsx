// One description of Kill for every place that asks to confirm it (runs list, run page), matching
// what lib/runs/kill-run.ts does with a KILL request.
export function killTitle(name: string, hostName: string): string {
  return `Kill run "${name}" on ${hostName}?`;
}

export function KillDescription({ hostName, many = false }: { hostName?: string; many?: boolean }) {
  const where = hostName ? <> on <b>{hostName}</b></> : null;
  return (
    <p data-testid="kill-description">
      Kill does not wait for a checkpoint: SIGABRT asks LLaMA-Factory to stop at the next step, and if the process group{where} is
      still there a moment later it gets SIGTERM, then SIGKILL, until <code>ps</code> shows no process of {many ? "the runs" : "the run"} is
      left. A process killed this way writes no final metrics. Each signal shows in the timeline, and the GPUs are freed once{" "}
      {many ? "each run is" : "the run is"} verified gone. Use Stop to let it save first.
    </p>
  );
}
