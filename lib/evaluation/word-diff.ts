// Word diff of a prediction against its label (pure; the predictions viewer runs it in the browser).
// Tokens are words and the whitespace between them, so the output rejoins to the exact texts; the
// LCS table is O(n·m), so past MAX_TOKENS a side is shown as one replaced block instead.
export type TDiffOp = { op: "same" | "del" | "add"; text: string };

const MAX_TOKENS = 1500;

function tokens(s: string): string[] {
  return s.match(/\s+|[^\s]+/g) ?? [];
}

function push(out: TDiffOp[], op: TDiffOp["op"], text: string) {
  const last = out[out.length - 1];
  if (last && last.op === op) last.text += text;
  else out.push({ op, text });
}

/** `del` = in the label but not the prediction (missed), `add` = in the prediction only. */
export function wordDiff(label: string, predict: string): TDiffOp[] {
  const a = tokens(label), b = tokens(predict);
  if (a.length > MAX_TOKENS || b.length > MAX_TOKENS) {
    if (label === predict) return [{ op: "same", text: label }];
    return [...(label ? [{ op: "del" as const, text: label }] : []), ...(predict ? [{ op: "add" as const, text: predict }] : [])];
  }
  const n = a.length, m = b.length;
  const dp = new Uint16Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      dp[i * (m + 1) + j] = a[i] === b[j] ? dp[(i + 1) * (m + 1) + j + 1]! + 1 : Math.max(dp[(i + 1) * (m + 1) + j]!, dp[i * (m + 1) + j + 1]!);
    }
  }
  const out: TDiffOp[] = [];
  let i = 0, j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) { push(out, "same", a[i]!); i++; j++; }
    else if (dp[(i + 1) * (m + 1) + j]! >= dp[i * (m + 1) + j + 1]!) { push(out, "del", a[i]!); i++; }
    else { push(out, "add", b[j]!); j++; }
  }
  while (i < n) push(out, "del", a[i++]!);
  while (j < m) push(out, "add", b[j++]!);
  return out;
}

/** Share of the label's words the prediction kept (for a sortable "match" column). */
export function wordMatch(ops: TDiffOp[]): number {
  const words = (s: string) => (s.match(/[^\s]+/g) ?? []).length;
  const same = ops.filter((o) => o.op === "same").reduce((s, o) => s + words(o.text), 0);
  const del = ops.filter((o) => o.op === "del").reduce((s, o) => s + words(o.text), 0);
  return same + del === 0 ? 1 : same / (same + del);
}
