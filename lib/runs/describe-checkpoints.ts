// The resume dialog's choices: every resumable checkpoint of a run with its step, whether it is the
// latest or the best, which one Resume takes by default (pickResumeCheckpoint) and how many of the
// parent's logged steps the child trains again.
import { CHECKPOINT_NAME, pickResumeCheckpoint } from "@/lib/runs/pick-resume-checkpoint";

export type TCheckpointChoice = { name: string; step: number; latest: boolean; best: boolean; isDefault: boolean; redoSteps: number };

export function describeCheckpoints(o: { available: string[]; bestCheckpoint: string | null; lastStep: number | null }): TCheckpointChoice[] {
  const fallback = pickResumeCheckpoint({ available: o.available, bestCheckpoint: o.bestCheckpoint });
  const stepOf = (n: string) => Number(CHECKPOINT_NAME.exec(n)![2]);
  const maxStep = Math.max(...o.available.map(stepOf));
  const bestStep = o.bestCheckpoint ? CHECKPOINT_NAME.exec(o.bestCheckpoint.replace(/\/+$/, "").split("/").at(-1) ?? "")?.[2] : undefined;
  return o.available.map((name) => {
    const step = stepOf(name);
    return {
      name,
      step,
      latest: step === maxStep,
      best: name.startsWith("best-") || (bestStep !== undefined && Number(bestStep) === step),
      isDefault: name === fallback,
      redoSteps: Math.max(0, (o.lastStep ?? step) - step),
    };
  }).sort((a, b) => b.step - a.step || a.name.localeCompare(b.name));
}
