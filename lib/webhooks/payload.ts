// The JSON body of every webhook POST. Built once at fan-out and stored on the delivery row, so
// retries send the same bytes; `run` is the run as it was then, `event` the run event itself.
import { z } from "zod";
import type { RunEventType, RunStatus } from "@/lib/generated/prisma/enums";
import { WIRE_TYPES, wireName, webhookEventFor } from "@/lib/webhooks/event-types";

export const ZWebhookRun = z.object({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  url: z.string().url(),
  host: z.object({ id: z.string(), name: z.string() }),
  gpuIndices: z.array(z.number().int()),
  verdict: z.string().nullable(),
  stopRule: z.string().nullable(),
  stopReason: z.string().nullable(),
  exitCode: z.number().int().nullable(),
  startedAt: z.string().datetime().nullable(),
  finishedAt: z.string().datetime().nullable(),
});

export const ZWebhookPayload = z.object({
  /** Stable per run event across endpoints and retries ("evt_<run event id>"): receivers dedupe on it. */
  id: z.string().min(1),
  type: z.enum(WIRE_TYPES),
  createdAt: z.string().datetime(),
  run: ZWebhookRun.nullable(),
  event: z.object({
    id: z.string().nullable(),
    kind: z.string(),
    message: z.string(),
    data: z.unknown().nullable(),
  }),
});
export type TWebhookPayload = z.infer<typeof ZWebhookPayload>;

export type TPayloadRun = {
  id: string; name: string; status: RunStatus; gpuIndices: number[]; verdict: string | null; stopRule: string | null;
  stopReason: string | null; exitCode: number | null; startedAt: Date | null; finishedAt: Date | null; host: { id: string; name: string };
};
export type TPayloadEvent = { id: bigint; type: RunEventType; message: string; data: unknown; createdAt: Date };

export function buildRunEventPayload(o: { event: TPayloadEvent; run: TPayloadRun; appUrl: string }): TWebhookPayload {
  const kind = webhookEventFor(o.event.type);
  if (!kind) throw new Error(`run event type ${o.event.type} is not sent to webhooks`);
  const r = o.run;
  return ZWebhookPayload.parse({
    id: `evt_${o.event.id}`,
    type: wireName(kind),
    createdAt: o.event.createdAt.toISOString(),
    run: {
      id: r.id, name: r.name, status: r.status, url: new URL(`/runs/${r.id}`, o.appUrl).toString(), host: r.host, gpuIndices: r.gpuIndices,
      verdict: r.verdict, stopRule: r.stopRule, stopReason: r.stopReason, exitCode: r.exitCode,
      startedAt: r.startedAt?.toISOString() ?? null, finishedAt: r.finishedAt?.toISOString() ?? null,
    },
    event: { id: String(o.event.id), kind: o.event.type, message: o.event.message, data: o.event.data ?? null },
  });
}

export function buildTestPayload(o: { id: string; webhookName: string; now: Date }): TWebhookPayload {
  return ZWebhookPayload.parse({
    id: `evt_test_${o.id}`,
    type: "test",
    createdAt: o.now.toISOString(),
    run: null,
    event: { id: null, kind: "TEST", message: `Test delivery to “${o.webhookName}” from Factory Floor`, data: null },
  });
}
