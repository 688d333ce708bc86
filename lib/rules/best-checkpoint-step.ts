// HF saves checkpoint-N at every multiple of save_steps and at the final step (save_strategy
// "steps"), so the checkpoint holding the best weights is the first save at or after the best step.
// save_steps < 1 is a ratio of the total steps (HF semantics).
export function bestCheckpointStep(bestStep: number | null, saveSteps: number | null, totalSteps: number | null): number | null {
  if (bestStep === null || saveSteps === null || !(saveSteps > 0)) return null;
  const every = saveSteps < 1 ? (totalSteps ? Math.ceil(saveSteps * totalSteps) : null) : Math.round(saveSteps);
  if (!every) return null;
  const at = Math.ceil(bestStep / every) * every;
  return totalSteps !== null && at > totalSteps ? totalSteps : at;
}
