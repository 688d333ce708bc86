"use client";
// generated_predictions.jsonl rows (the stored first rows): prompt, prediction and label, the prediction
// diffed word by word against the label (struck = missed, underlined = added), with paging and search.
import { useEffect, useMemo, useState } from "react";
import { wordDiff, wordMatch } from "@/lib/evaluation/word-diff";
import type { TPredictionsPage } from "@/lib/evaluation/list-predictions";

const PER = 10;

export function PredictionsViewer({ runId, lines, stored }: { runId: string; lines: number; stored: number }) {
  const [page, setPage] = useState(1);
  const [q, setQ] = useState("");
  const [query, setQuery] = useState("");
  const [data, setData] = useState<TPredictionsPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const t = setTimeout(() => { setQuery(q); setPage(1); }, 250);
    return () => clearTimeout(t);
  }, [q]);
  useEffect(() => {
    let gone = false;
    const qs = new URLSearchParams({ page: String(page), per: String(PER), ...(query ? { q: query } : {}) });
    fetch(`/api/runs/${runId}/predictions?${qs}`, { cache: "no-store" })
      .then(async (r) => (r.ok ? (r.json() as Promise<TPredictionsPage>) : Promise.reject(new Error(`HTTP ${r.status}`))))
      .then((d) => { if (!gone) { setData(d); setError(null); } })
      .catch((e: unknown) => { if (!gone) setError(e instanceof Error ? e.message : String(e)); });
    return () => { gone = true; };
  }, [runId, page, query]);
  const pages = data ? Math.max(1, Math.ceil(data.total / PER)) : 1;
  return (
    <section className="rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900" data-testid="predictions-viewer">
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <h3 className="text-sm font-medium">Generated predictions <span className="font-normal text-zinc-500">generated_predictions.jsonl</span></h3>
        <div className="flex items-center gap-2 text-xs text-zinc-500">
          <span data-testid="predictions-count">{stored < lines ? `first ${stored} of ${lines} lines kept` : `${lines} line${lines === 1 ? "" : "s"}`}</span>
          <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="Search prompt, prediction, label" aria-label="Search predictions"
            className="ff-input h-7 w-64 py-0.5 text-xs" data-testid="predictions-search" />
        </div>
      </div>
      <p className="mb-2 text-[11px] text-zinc-500"><span className="rounded bg-red-100 px-1 text-red-800 line-through dark:bg-red-950 dark:text-red-300">struck</span> = in the label, missed by the prediction · <span className="rounded bg-emerald-100 px-1 text-emerald-800 underline dark:bg-emerald-950 dark:text-emerald-300">underlined</span> = only in the prediction</p>
      {error && <p role="alert" className="text-sm text-red-600">Could not load predictions: {error}</p>}
      {data && data.rows.length === 0 && <p className="py-4 text-center text-sm text-zinc-500">{query ? "No stored row matches." : "No rows stored."}</p>}
      <ol className="space-y-2">
        {data?.rows.map((r) => <Row key={r.idx} r={r} />)}
      </ol>
      {data && data.total > PER && (
        <div className="mt-2 flex items-center justify-end gap-2 text-xs" data-testid="predictions-pager">
          <button type="button" className="rounded border border-zinc-300 px-2 py-0.5 disabled:opacity-40 dark:border-zinc-700" disabled={page <= 1} onClick={() => setPage(page - 1)}>Previous</button>
          <span data-testid="predictions-page">page {page} of {pages} · {data.total} row{data.total === 1 ? "" : "s"}</span>
          <button type="button" className="rounded border border-zinc-300 px-2 py-0.5 disabled:opacity-40 dark:border-zinc-700" disabled={page >= pages} onClick={() => setPage(page + 1)}>Next</button>
        </div>
      )}
    </section>
  );
}

function Row({ r }: { r: TPredictionsPage["rows"][number] }) {
  const ops = useMemo(() => wordDiff(r.label, r.predict), [r.label, r.predict]);
  const match = wordMatch(ops);
  return (
    <li className="rounded-md border border-zinc-200 p-2 text-sm dark:border-zinc-800" data-testid="prediction-row" data-idx={r.idx}>
      <div className="mb-1 flex items-center justify-between gap-2 text-[11px] text-zinc-500">
        <span>line {r.idx + 1}</span>
        <span className="tabular-nums" title="share of the label's words the prediction kept">{Math.round(match * 100)}% of label words</span>
      </div>
      {r.prompt && (
        <details className="mb-1">
          <summary className="cursor-pointer text-xs text-zinc-500">prompt</summary>
          <pre className="mt-1 max-h-40 overflow-auto whitespace-pre-wrap break-words rounded bg-zinc-50 p-1.5 font-mono text-xs text-zinc-700 dark:bg-zinc-950 dark:text-zinc-300" data-testid="prediction-prompt">{r.prompt}</pre>
        </details>
      )}
      <div className="grid gap-2 md:grid-cols-2">
        <div className="min-w-0">
          <div className="text-[11px] font-medium uppercase tracking-wide text-zinc-500">prediction vs label</div>
          <p className="whitespace-pre-wrap break-words" data-testid="prediction-diff">
            {ops.map((o, i) => o.op === "same" ? <span key={i}>{o.text}</span>
              : o.op === "del" ? <del key={i} className="mr-0.5 rounded bg-red-100 px-0.5 text-red-800 dark:bg-red-950 dark:text-red-300" data-op="del">{o.text}</del>
              : <ins key={i} className="rounded bg-emerald-100 px-0.5 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300" data-op="add">{o.text}</ins>)}
          </p>
        </div>
        <div className="min-w-0">
          <div className="text-[11px] font-medium uppercase tracking-wide text-zinc-500">label</div>
          <p className="whitespace-pre-wrap break-words text-zinc-700 dark:text-zinc-300" data-testid="prediction-label">{r.label}</p>
        </div>
      </div>
    </li>
  );
}
