// The preset-less config snapshot of an imported run. LLaMA-Board saves the exact args it ran with
// (training_args.yaml); a CLI run keeps no copy of its YAML (reference/llamafactory.md §2), so then the
// snapshot says so and carries what trainer_state.json knows about the schedule.
import { parse as parseYaml, stringify } from "yaml";

const STATE_TO_ARG: Record<string, string> = {
  logging_steps: "logging_steps", save_steps: "save_steps", eval_steps: "eval_steps", num_train_epochs: "num_train_epochs",
  max_steps: "max_steps", train_batch_size: "per_device_train_batch_size",
};

export function configSnapshot(o: { dir: string; trainingArgs: string | null; llamaboardConfig: string | null; trainerState: Record<string, unknown> | null }): string {
  if (o.trainingArgs !== null) {
    let valid = true;
    try {
      const v = parseYaml(o.trainingArgs) as unknown;
      valid = !!v && typeof v === "object" && !Array.isArray(v);
    } catch {
      valid = false;
    }
    const head = `# Imported from ${o.dir}/training_args.yaml${valid ? "" : " (it does not parse as a YAML mapping; kept verbatim)"}\n`;
    return head + o.trainingArgs + (o.trainingArgs.endsWith("\n") ? "" : "\n");
  }
  const known: Record<string, unknown> = { output_dir: o.dir };
  for (const [k, arg] of Object.entries(STATE_TO_ARG)) {
    const v = o.trainerState?.[k];
    if (typeof v === "number" && Number.isFinite(v) && !(k === "max_steps" && v <= 0)) known[arg] = v;
  }
  const lines = [
    `# Imported from ${o.dir}: no training_args.yaml there (a llamafactory-cli run keeps no copy of its YAML).`,
    o.trainerState ? "# The values below are what trainer_state.json records about the schedule." : "# No trainer_state.json either: only the output dir is known.",
  ];
  if (o.llamaboardConfig !== null) lines.push("# llamaboard_config.yaml (LLaMA-Board's form values) follows, commented:", ...o.llamaboardConfig.split("\n").filter(Boolean).map((l) => `#   ${l}`));
  return `${lines.join("\n")}\n${stringify(known)}`;
}
