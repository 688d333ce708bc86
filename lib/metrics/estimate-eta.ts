// Our own ETA. LLaMA-Factory's remaining_time divides by global_step, which after a resume includes
// steps done before it, while elapsed_time restarted at 0, so it is too low (reference §1). We measure
// steps/s from (wall time, step) samples of the current segment only, over a trailing window so the
// estimate follows speed changes (e.g. after the first eval) without jumping on one noisy sample.

export type TProgressSample = { step: number; wallS: number };

export type TEta = { stepsPerS: number; remainingSteps: number; remainingS: number };

export type TEtaOptions = {
  /** Samples of the current segment, in order (older segments must not be passed). */
  samples: readonly TProgressSample[];
  totalSteps: number;
  /** Use only samples within this many seconds of the newest one (default 600). */
  windowS?: number;
};

export function estimateEta({ samples, totalSteps, windowS = 600 }: TEtaOptions): TEta | null {
  const newest = samples[samples.length - 1];
  if (!newest) return null;
  const remainingSteps = Math.max(0, totalSteps - newest.step);
  if (remainingSteps === 0) return { stepsPerS: 0, remainingSteps: 0, remainingS: 0 };
  let oldest = newest;
  for (let i = samples.length - 2; i >= 0; i--) {
    const s = samples[i]!;
    if (newest.wallS - s.wallS > windowS && oldest !== newest) break;
    oldest = s;
  }
  const dt = newest.wallS - oldest.wallS;
  const ds = newest.step - oldest.step;
  // elapsed_time has 1 s resolution; below a couple of seconds the rate is noise.
  if (dt < 2 || ds <= 0) return null;
  const stepsPerS = ds / dt;
  return { stepsPerS, remainingSteps, remainingS: remainingSteps / stepsPerS };
}
