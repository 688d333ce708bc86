"use client";
// "Show YAML" on the launch form: the config this run would upload, built by the same function the
// launch uses (lib/runs/build-run-yaml) from the preset version and the overrides typed so far.
// Overridden lines are marked; output_dir is the run's own folder, chosen at launch.
import { useMemo } from "react";
import { buildRunYaml } from "@/lib/runs/build-run-yaml";
import { parseOverrides } from "@/lib/runs/parse-overrides";

const OUTPUT_DIR_PLACEHOLDER = "<the run's own folder, set at launch>";

export function ResolvedYaml({ presetYaml, overrides, allowExtraKeys }: { presetYaml: string; overrides: string; allowExtraKeys: boolean }) {
  const r = useMemo(() => {
    // Same strictness as the launch: an override key LF would refuse is an error unless the preset allows extra keys.
    const ov = parseOverrides(overrides, { allowExtraKeys });
    const built = buildRunYaml({ presetYaml, overrides: ov.values, outputDir: OUTPUT_DIR_PLACEHOLDER, lint: { allowExtraKeys } });
    const keys = new Set([...Object.keys(ov.values), "output_dir", "overwrite_output_dir"]);
    return { ov, built, keys };
  }, [presetYaml, overrides, allowExtraKeys]);
  const n = Object.keys(r.ov.values).length;
  return (
    <div className="mt-3" data-testid="resolved-yaml">
      <p className="mb-1 text-zinc-500 dark:text-zinc-400">
        {n === 0 ? "The preset as it will run (no overrides)." : `The preset with ${n} override${n === 1 ? "" : "s"} applied, as it will be uploaded.`}
        {" "}<span className="rounded bg-amber-100 px-1 text-amber-900 dark:bg-amber-900/50 dark:text-amber-100">Marked</span> lines are set by this launch.
      </p>
      {r.ov.errors.length > 0 && (
        <ul className="mb-2 list-inside list-disc text-red-700 dark:text-red-400" data-testid="resolved-yaml-errors">
          {r.ov.errors.map((e, i) => <li key={i}>{e.key ? <code>{e.key}</code> : "line"}: {e.message} (left out below)</li>)}
        </ul>
      )}
      <pre className="max-h-[28rem] overflow-auto rounded bg-zinc-50 p-2 font-mono text-[11px] leading-snug dark:bg-zinc-950">
        {r.built.yaml.split("\n").map((line, i) => {
          const key = /^([A-Za-z_][A-Za-z0-9_]*):/.exec(line)?.[1];
          const marked = key !== undefined && r.keys.has(key);
          return <div key={i} data-overridden={marked || undefined} className={marked ? "-mx-2 bg-amber-100 px-2 text-amber-950 dark:bg-amber-900/40 dark:text-amber-100" : undefined}>{line || "\u00a0"}</div>;
        })}
      </pre>
    </div>
  );
}
