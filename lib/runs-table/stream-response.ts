// An async generator of text chunks as a download Response (backpressure: pulled as the client reads).
export function streamDownload(gen: AsyncGenerator<string>, o: { filename: string; format: "csv" | "json" }): Response {
  const enc = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(ctrl) {
      try {
        const { value, done } = await gen.next();
        if (done) ctrl.close();
        else ctrl.enqueue(enc.encode(value));
      } catch (err) {
        ctrl.error(err);
      }
    },
    async cancel() {
      await gen.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      "content-type": o.format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="${o.filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
      "cache-control": "no-store",
    },
  });
}
