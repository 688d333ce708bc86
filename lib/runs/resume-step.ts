// The step a resumed run continues from, read back from the resume_from_checkpoint its YAML
// uploaded (".../checkpoint-140" or ".../best-checkpoint-140"). Null for a run that is no resume.
import { parseDocument } from "yaml";
import { CHECKPOINT_NAME } from "@/lib/runs/pick-resume-checkpoint";

export function resumeStepOf(configYaml: string): number | null {
  let v: unknown;
  try {
    v = parseDocument(configYaml).get("resume_from_checkpoint");
  } catch {
    return null;
  }
  if (typeof v !== "string") return null;
  const m = CHECKPOINT_NAME.exec(v.replace(/\/+$/, "").split("/").at(-1) ?? "");
  return m ? Number(m[2]) : null;
}
