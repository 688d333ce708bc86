// Each node of a multi-node run gets the run's YAML with its own output_dir (nodes need not share a
// filesystem; only global rank 0 writes there, HF's should_save). buildRunYaml writes output_dir as one
// top-level line, so replacing that line keeps every other byte (floats in LF's spelling included).
import YAML from "yaml";

export function withOutputDir(yaml: string, outputDir: string): string {
  const lines = yaml.split("\n");
  const at = lines.findIndex((l) => /^output_dir:/.test(l));
  if (at < 0) throw new Error("the run's YAML has no top-level output_dir line");
  lines[at] = `output_dir: ${YAML.stringify(outputDir).trimEnd()}`;
  return lines.join("\n");
}
