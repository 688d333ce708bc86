import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/require-user";
import { listFinishedRuns } from "@/lib/backtest/list-finished-runs";
import { listPresetRules } from "@/lib/rules-settings/list-preset-rules";
import { PageHeader } from "@/app/components/page-header";
import { BacktestForm } from "./backtest-form";

export const metadata: Metadata = { title: "Backtest" };

export default async function BacktestPage({ searchParams }: { searchParams: Promise<{ preset?: string }> }) {
  await requireUser();
  const [runs, presets, sp] = await Promise.all([listFinishedRuns(), listPresetRules(), searchParams]);
  const initialPresetId = sp.preset && presets.some((x) => x.id === sp.preset) ? sp.preset : null;
  return (
    <div>
      <PageHeader title="Backtest" description="Replay the early-stop rules over finished runs: where each would have stopped, what it saves, and which healthy runs it would have cut short." />
      <BacktestForm runs={runs} presets={presets} initialPresetId={initialPresetId} />
    </div>
  );
}
