"use client";
// The console as a terminal would show it (tqdm's \r redraws collapsed), last lines only, with search.
import { useEffect, useMemo, useRef, useState } from "react";
import { renderConsoleLines } from "@/lib/logs/render-console-lines";

const MAX_LINES = 400;

export function ConsoleTail({ text }: { text: string }) {
  const [q, setQ] = useState("");
  const box = useRef<HTMLPreElement>(null);
  const lines = useMemo(() => renderConsoleLines(text), [text]);
  const shown = useMemo(() => {
    if (!q) return lines.slice(-MAX_LINES);
    const needle = q.toLowerCase();
    return lines.filter((l) => l.toLowerCase().includes(needle)).slice(-MAX_LINES);
  }, [lines, q]);
  useEffect(() => {
    const el = box.current;
    if (el && !q) el.scrollTop = el.scrollHeight; // follow the tail unless searching
  }, [shown, q]);
  return (
    <section className="rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900">
      <div className="mb-2 flex items-center justify-between gap-3">
        <h3 className="text-sm font-medium">Console</h3>
        <input className="ff-input max-w-64 py-1" placeholder="Search console…" value={q} onChange={(e) => setQ(e.target.value)} data-testid="console-search" />
      </div>
      {q && <p className="mb-1 text-xs text-zinc-500">{shown.length} matching line{shown.length === 1 ? "" : "s"}</p>}
      <pre ref={box} data-testid="console" className="h-72 overflow-auto rounded bg-zinc-950 p-2 font-mono text-[11px] leading-4 text-zinc-200">
        {shown.length === 0 ? <span className="text-zinc-500">{q ? "No matching lines." : "No console output yet."}</span> : shown.join("\n")}
      </pre>
    </section>
  );
}
