// Reads a request body up to a byte cap, refusing (413) before reading when the declared length is
// over it and as soon as a streamed body passes it, so a 100 MB upload costs at most the cap.
import { AppError } from "@/lib/errors";

export const MAX_BODY_BYTES = 1024 * 1024;

function tooLarge(limit: number): AppError {
  return new AppError("too_large", `The request body is too large: at most ${limit / (1024 * 1024)} MiB.`, "body");
}

export async function readCappedText(req: Request, limit = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(req.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
