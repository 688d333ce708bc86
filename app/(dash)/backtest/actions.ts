"use server";
// Backtest page actions: replaying history is read-only (any signed-in user); changing a preset's
// rules is an operator's job and leaves an audit row.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { authAction, inputField } from "@/lib/auth/auth-action";
import { requestMeta } from "@/lib/auth/request-meta";
import { runBacktest, ZRunBacktest } from "@/lib/backtest/run-backtest";
import { savePresetRules } from "@/lib/rules-settings/save-preset-rules";

export const runBacktestAction = authAction({ role: "VIEWER", schema: ZRunBacktest }, async (input) => runBacktest(input));

export const savePresetRulesAction = authAction(
  { role: "OPERATOR", audit: { action: "preset.rules.update", targetType: "preset", targetId: inputField("presetId") }, schema: z.object({ presetId: z.string().min(1).max(64), rules: z.unknown() }) },
  async (input, { user }) => {
    const meta = await requestMeta();
    const r = await savePresetRules({ presetId: input.presetId, rules: input.rules, userId: user.id, ip: meta.ip, userAgent: meta.userAgent });
    revalidatePath(`/presets/${input.presetId}`);
    revalidatePath("/backtest");
    return r;
  },
);
