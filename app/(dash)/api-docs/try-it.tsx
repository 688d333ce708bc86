"use client";
// "Try it" on the API page: sends the request from this browser with the API token pasted at the
// top of the page (kept for this tab only, in sessionStorage) and without the session cookie, so
// the answer is exactly what a script with that token gets.
import { useEffect, useState } from "react";
import { Button } from "@/app/components/button";

const TOKEN_KEY = "ff-api-try-token";

export function TokenField() {
  const [token, setToken] = useState("");
  useEffect(() => setToken(sessionStorage.getItem(TOKEN_KEY) ?? ""), []); // after hydration: the server has no sessionStorage
  return (
    <div className="ff-card flex flex-wrap items-center gap-3 p-3 text-sm">
      <label htmlFor="api-try-token" className="font-medium">Your API token</label>
      <input id="api-try-token" type="password" autoComplete="off" spellCheck={false} placeholder="ffp_…" value={token}
        onChange={(e) => { setToken(e.target.value); sessionStorage.setItem(TOKEN_KEY, e.target.value.trim()); }}
        className="ff-input w-80 max-w-full font-mono text-xs" />
      <span className="text-xs text-zinc-500 dark:text-zinc-400">Used by every “Try it” below, kept in this tab only. Create one in <a className="text-accent-600 underline dark:text-accent-400" href="/settings">Settings</a>.</span>
    </div>
  );
}

export function TryIt({ method, base, path, pathParams, exampleBody }: { method: string; base: string; path: string; pathParams: string[]; exampleBody: string | null }) {
  const [open, setOpen] = useState(false);
  const [params, setParams] = useState<Record<string, string>>({});
  const [query, setQuery] = useState("");
  const [body, setBody] = useState(exampleBody ?? "");
  const [result, setResult] = useState<{ status: number; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!open) return <Button size="sm" onClick={() => setOpen(true)} data-testid="try-it-open">Try it</Button>;
  const send = async () => {
    setError(null);
    const token = sessionStorage.getItem(TOKEN_KEY) ?? "";
    if (!token) return setError("Paste your API token at the top of the page first.");
    const missing = pathParams.find((p) => !params[p]?.trim());
    if (missing) return setError(`Fill in ${missing}.`);
    const url = base + path.replace(/\{(\w+)\}/g, (_, k: string) => encodeURIComponent(params[k]!.trim())) + (query.trim() ? `?${query.trim().replace(/^\?/, "")}` : "");
    setBusy(true);
    try {
      const r = await fetch(url, {
        method: method.toUpperCase(), credentials: "omit", cache: "no-store",
        headers: { authorization: `Bearer ${token}`, ...(exampleBody !== null ? { "content-type": "application/json" } : {}) },
        ...(exampleBody !== null ? { body } : {}),
      });
      const text = await r.text();
      let pretty = text;
      try { pretty = JSON.stringify(JSON.parse(text), null, 2); } catch { /* not JSON: show as is */ }
      setResult({ status: r.status, text: pretty.length > 20_000 ? `${pretty.slice(0, 20_000)}\n… (${pretty.length.toLocaleString("en-US")} characters, cut)` : pretty });
    } catch (e) {
      setError(`The request did not complete: ${(e as Error).message}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="mt-3 space-y-2 rounded-md border border-zinc-200 p-3 text-xs dark:border-zinc-700" data-testid="try-it">
      <div className="flex flex-wrap items-end gap-2">
        {pathParams.map((p) => (
          <label key={p} className="flex flex-col gap-1"><span className="font-mono">{p}</span>
            <input className="ff-input w-64 font-mono text-xs" value={params[p] ?? ""} onChange={(e) => setParams((s) => ({ ...s, [p]: e.target.value }))} aria-label={`${p} for ${method.toUpperCase()} ${path}`} /></label>
        ))}
        {method === "get" && (
          <label className="flex flex-col gap-1"><span>query string</span>
            <input className="ff-input w-64 font-mono text-xs" placeholder="status=RUNNING" value={query} onChange={(e) => setQuery(e.target.value)} /></label>
        )}
      </div>
      {exampleBody !== null && (
        <label className="block"><span className="mb-1 block">JSON body</span>
          <textarea className="ff-input h-28 font-mono text-xs" spellCheck={false} value={body} onChange={(e) => setBody(e.target.value)} /></label>
      )}
      <div className="flex items-center gap-2">
        <Button size="sm" variant="primary" onClick={() => void send()} disabled={busy}>{busy ? "Sending…" : `Send ${method.toUpperCase()}`}</Button>
        {method !== "get" && <span className="text-amber-700 dark:text-amber-400">This really does it (launch, stop, kill…) with your token&apos;s role.</span>}
        {error && <span role="alert" className="text-red-600 dark:text-red-400">{error}</span>}
      </div>
      {result && (
        <div data-testid="try-it-result">
          <p className={`font-mono font-semibold ${result.status < 300 ? "text-emerald-700 dark:text-emerald-400" : "text-red-700 dark:text-red-400"}`}>HTTP {result.status}</p>
          <pre className="mt-1 max-h-80 overflow-auto rounded bg-zinc-50 p-2 font-mono text-[11px] dark:bg-zinc-950">{result.text}</pre>
        </div>
      )}
    </div>
  );
}
