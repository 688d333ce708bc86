// One colour per compared run: the ten hand-picked ones first, then golden-angle hues (distinct at 50 runs).
export const BASE_COLORS = ["#2563eb", "#ea580c", "#059669", "#7c3aed", "#db2777", "#0891b2", "#ca8a04", "#4b5563", "#dc2626", "#65a30d"];

export function runColor(i: number): string {
  if (i < BASE_COLORS.length) return BASE_COLORS[i]!;
  const h = Math.round((i * 137.508) % 360);
  const l = 38 + ((i * 7) % 3) * 8;
  return hslToHex(h, 70, l);
}

function hslToHex(h: number, s: number, l: number): string {
  const a = (s / 100) * Math.min(l / 100, 1 - l / 100);
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    const c = l / 100 - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(255 * c).toString(16).padStart(2, "0");
  };
  return `#${f(0)}${f(8)}${f(4)}`;
}
