// A path from a host profile as shell text: "~" and "~/x" expand to the login user's home, anything
// else is quoted literally (absolute, or relative to the current directory).
import { shQuote } from "@/lib/ssh/quote";

export function remotePath(p: string): string {
  if (p === "~") return `"$HOME"`;
  if (p.startsWith("~/")) return p.length === 2 ? `"$HOME"` : `"$HOME"/${shQuote(p.slice(2))}`;
  return shQuote(p);
}
