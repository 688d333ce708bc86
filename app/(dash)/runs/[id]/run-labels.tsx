"use client";
// Tags and notes under the run's name, with an inline editor (rename, tags, notes) for operators.
import { useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Button } from "@/app/components/button";
import { FormError } from "@/app/components/form-error";
import { updateRunLabelsAction } from "@/app/(dash)/_runs/label-actions";

const INPUT = "w-full rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-950";

export function RunLabels({ runId, name, tags, notes, canEdit }: { runId: string; name: string; tags: string[]; notes: string; canEdit: boolean }) {
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [form, setForm] = useState({ name, tags: tags.join(", "), notes });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    setBusy(true);
    setError(null);
    const r = await updateRunLabelsAction({ runId, name: form.name, tags: form.tags, notes: form.notes });
    setBusy(false);
    if (!r.ok) return setError(r.error.message);
    setEditing(false);
    router.refresh();
  };
  if (editing) {
    return (
      <form className="mt-3 grid gap-2 sm:grid-cols-[12rem_1fr]" data-testid="labels-form" onSubmit={(e) => { e.preventDefault(); void save(); }}>
        <label className="text-xs text-zinc-500 sm:pt-1.5" htmlFor="run-name-input">Name</label>
        <input id="run-name-input" className={INPUT} value={form.name} maxLength={80} onChange={(e) => setForm({ ...form, name: e.target.value })} />
        <label className="text-xs text-zinc-500 sm:pt-1.5" htmlFor="run-tags-input">Tags <span className="text-zinc-400">(comma or space separated)</span></label>
        <input id="run-tags-input" className={INPUT} value={form.tags} placeholder="baseline, lr-sweep" onChange={(e) => setForm({ ...form, tags: e.target.value })} />
        <label className="text-xs text-zinc-500 sm:pt-1.5" htmlFor="run-notes-input">Notes</label>
        <textarea id="run-notes-input" className={`${INPUT} min-h-20`} value={form.notes} maxLength={10_000} onChange={(e) => setForm({ ...form, notes: e.target.value })} />
        <div className="flex items-center gap-2 sm:col-start-2">
          <Button type="submit" variant="primary" size="sm" disabled={busy}>{busy ? "Saving…" : "Save"}</Button>
          <Button size="sm" variant="ghost" onClick={() => { setEditing(false); setError(null); setForm({ name, tags: tags.join(", "), notes }); }}>Cancel</Button>
        </div>
        {error && <div className="sm:col-start-2"><FormError message={error} /></div>}
      </form>
    );
  }
  return (
    <div className="mt-2 flex flex-wrap items-center gap-1.5 text-xs" data-testid="run-labels">
      {tags.map((t) => (
        <Link key={t} href={`/?tag=${encodeURIComponent(t)}`} className="rounded bg-accent-50 px-1.5 py-0.5 text-accent-700 hover:bg-accent-100 dark:bg-accent-500/15 dark:text-accent-300" data-tag={t}>{t}</Link>
      ))}
      {notes && <p className="w-full whitespace-pre-wrap text-sm text-zinc-700 dark:text-zinc-300" data-testid="run-notes">{notes}</p>}
      {canEdit && (
        <button type="button" onClick={() => setEditing(true)} className="text-accent-600 hover:underline dark:text-accent-400" data-testid="edit-labels">
          {tags.length || notes ? "Edit name, tags, notes" : "Rename, add tags or notes"}
        </button>
      )}
    </div>
  );
}
