// Shared by the presets tests: committed copies of LF's own example files (split by what the fixtures
// README says they are) and of real users' configs (testdata/wild-presets/MANIFEST.md says what each shows).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export const EXAMPLES_DIR = path.join(import.meta.dirname, "testdata/llamafactory-examples");
export const WILD_DIR = path.join(import.meta.dirname, "testdata/wild-presets");
const TRAINING_DIRS = ["train_lora", "train_full", "train_qlora", "extras"];
const NOT_TRAINING_IN_EXTRAS = ["extras/multi_tokens/tokens_cfg.yaml", "extras/nlg_eval/llama3_lora_predict.yaml"];

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith(".yaml") ? [path.join(dir, e.name)] : []);
}

export const allExamples = () => walk(EXAMPLES_DIR).map((f) => path.relative(EXAMPLES_DIR, f)).sort();
export const trainingExamples = () =>
  allExamples().filter((f) => TRAINING_DIRS.includes(f.split("/")[0]!) && !NOT_TRAINING_IN_EXTRAS.includes(f));
export const nonTrainingExamples = () => allExamples().filter((f) => !trainingExamples().includes(f));
export const readExample = (rel: string) => readFileSync(path.join(EXAMPLES_DIR, rel), "utf8");
export const wildPresets = () => readdirSync(WILD_DIR).filter((f) => f.endsWith(".yaml")).sort();
export const readWild = (name: string) => readFileSync(path.join(WILD_DIR, name), "utf8");
