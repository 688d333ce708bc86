// Axis tick labels with as few digits as the value needs: "1.8", not "1.8000"; "28.6k", not
// "2.860e+4"; "5e-5", not "5.000e-5". Chart.js picks round tick values, so trimming loses nothing.
export function fmtTick(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 1e6) return `${Number((v / 1e6).toPrecision(3))}M`;
  if (a >= 1e4) return `${Number((v / 1e3).toPrecision(3))}k`;
  if (a < 1e-3) return v.toExponential(2).replace(/\.?0+e/, "e");
  return String(Number(v.toPrecision(4)));
}
