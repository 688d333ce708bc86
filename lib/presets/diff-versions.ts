// Line diff between two preset versions (LCS). Presets are a few hundred lines at most, so the
// quadratic table is small; inputs past the cap fall back to a whole-text replace.
export type TDiffLine = { op: "same" | "add" | "del"; text: string; oldNo?: number; newNo?: number };

const MAX_CELLS = 4_000_000;

export function diffLines(oldText: string, newText: string): TDiffLine[] {
  const a = oldText.split("\n");
  const b = newText.split("\n");
  if (a.length * b.length > MAX_CELLS) {
    return [...a.map((text, i) => ({ op: "del" as const, text, oldNo: i + 1 })), ...b.map((text, i) => ({ op: "add" as const, text, newNo: i + 1 }))];
  }
  const w = b.length + 1;
  const lcs = new Uint32Array((a.length + 1) * w);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * w + j] = a[i] === b[j] ? lcs[(i + 1) * w + j + 1]! + 1 : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
    }
  }
  const out: TDiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) { out.push({ op: "same", text: a[i]!, oldNo: i + 1, newNo: j + 1 }); i++; j++; }
    else if (i < a.length && (j >= b.length || lcs[(i + 1) * w + j]! >= lcs[i * w + j + 1]!)) { out.push({ op: "del", text: a[i]!, oldNo: i + 1 }); i++; }
    else { out.push({ op: "add", text: b[j]!, newNo: j + 1 }); j++; }
  }
  return out;
}

export function diffStats(lines: TDiffLine[]): { added: number; removed: number } {
  return { added: lines.filter((l) => l.op === "add").length, removed: lines.filter((l) => l.op === "del").length };
}
