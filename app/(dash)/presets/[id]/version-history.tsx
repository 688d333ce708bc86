"use client";
import { useMemo, useState } from "react";
import { diffLines, diffStats } from "@/lib/presets/diff-versions";
import { Button } from "@/app/components/button";
import { downloadYaml, yamlFileName } from "@/app/(dash)/presets/[id]/download-yaml";
import { formatDateTime } from "@/lib/format/format-time";

type TVersion = { id: string; version: number; yaml: string; message: string; createdAt: string; createdBy: string | null };

/** Newest-first list; pick any two versions (A = older side, B = newer side) to see their line diff. */
export function VersionHistory({ presetName, versions }: { presetName: string; versions: TVersion[] }) {
  const [a, setA] = useState(versions[1]?.version ?? versions[0]?.version ?? 1);
  const [b, setB] = useState(versions[0]?.version ?? 1);
  const va = versions.find((v) => v.version === a);
  const vb = versions.find((v) => v.version === b);
  const diff = useMemo(() => (va && vb ? diffLines(va.yaml, vb.yaml) : []), [va, vb]);
  const stats = diffStats(diff);
  return (
    <section aria-label="Version history" className="space-y-3">
      <h2 className="text-sm font-semibold text-zinc-900 dark:text-zinc-100">Version history</h2>
      <table className="w-full text-sm">
        <thead className="text-left text-xs text-zinc-500 dark:text-zinc-400">
          <tr><th className="w-10 px-2">A</th><th className="w-10 px-2">B</th><th className="px-2">Version</th><th className="px-2">Message</th><th className="px-2">When</th><th className="px-2">By</th><th /></tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.id} data-testid="version-row" className="border-t border-zinc-100 dark:border-zinc-800">
              <td className="px-2"><input type="radio" name="diff-a" aria-label={`Compare from version ${v.version}`} checked={a === v.version} onChange={() => setA(v.version)} /></td>
              <td className="px-2"><input type="radio" name="diff-b" aria-label={`Compare to version ${v.version}`} checked={b === v.version} onChange={() => setB(v.version)} /></td>
              <td className="px-2 font-mono text-xs">v{v.version}</td>
              <td className="px-2 text-xs">{v.message || <span className="text-zinc-400">-</span>}</td>
              <td className="px-2 text-xs text-zinc-500 dark:text-zinc-400">{formatDateTime(v.createdAt)}</td>
              <td className="px-2 text-xs text-zinc-500 dark:text-zinc-400">{v.createdBy ?? "-"}</td>
              <td className="px-2 text-right"><Button size="sm" variant="ghost" onClick={() => downloadYaml(yamlFileName(presetName, v.version), v.yaml)}>Export</Button></td>
            </tr>
          ))}
        </tbody>
      </table>
      <div aria-label="Diff" data-testid="version-diff" className="overflow-x-auto rounded-md border border-zinc-200 dark:border-zinc-800">
        <div className="border-b border-zinc-200 px-3 py-1.5 text-xs text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
          v{a} → v{b}: <span className="text-emerald-700 dark:text-emerald-400">+{stats.added}</span> <span className="text-red-700 dark:text-red-400">−{stats.removed}</span>
        </div>
        <pre className="text-xs leading-5">
          {diff.map((l, i) => (
            <div key={i} data-op={l.op} className={l.op === "add" ? "bg-emerald-50 text-emerald-900 dark:bg-emerald-950/50 dark:text-emerald-200" : l.op === "del" ? "bg-red-50 text-red-900 dark:bg-red-950/50 dark:text-red-200" : "text-zinc-600 dark:text-zinc-400"}>
              <span className="inline-block w-10 select-none pr-2 text-right text-zinc-400">{l.oldNo ?? ""}</span>
              <span className="inline-block w-10 select-none pr-2 text-right text-zinc-400">{l.newNo ?? ""}</span>
              <span className="select-none pr-1">{l.op === "add" ? "+" : l.op === "del" ? "-" : " "}</span>{l.text}
            </div>
          ))}
        </pre>
      </div>
    </section>
  );
}
