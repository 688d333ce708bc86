// One description of Kill for every place that asks to confirm it (runs list, run page), matching
// what lib/runs/kill-run.ts does with a KILL request.
export function killTitle(name: string, hostName: string): string {
  return `Kill run "${name}" on ${hostName}?`;
}

export function KillDescription({ hostName, many = false }: { hostName?: string; many?: boolean }) {
  const where = hostName ? <> on <b>{hostName}</b></> : null;
  return (
    <p data-testid="kill-description">
      Kill does not wait for a checkpoint: SIGABRT goes to the training processes, then SIGTERM and SIGKILL to the whole process
      group{where} within a few seconds, until <code>ps</code> shows no process of {many ? "the runs" : "the run"} is left. Each signal
      shows in the timeline, and the GPUs are freed once {many ? "each run is" : "the run is"} verified gone. Use Stop to let
      LLaMA-Factory save first.
    </p>
  );
}
