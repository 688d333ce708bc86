// What a webhook can subscribe to, and which RunEvent feeds each kind. The wire name ("run.started")
// is what receivers see in X-FF-Event and the body's `type`; the enum name is what Postgres stores.
import type { RunEventType, WebhookEventType } from "@/lib/generated/prisma/enums";

export type TWebhookEventInfo = { type: WebhookEventType; wire: string; label: string; from: RunEventType | null };

export const WEBHOOK_EVENTS = [
  { type: "RUN_STARTED", wire: "run.started", label: "Run started", from: "STARTED" },
  // Written by finish-run.ts only, i.e. on every terminal status; `event.data.status` says which.
  { type: "RUN_STATUS_CHANGED", wire: "run.status_changed", label: "Run finished (any final status)", from: "STATUS_CHANGED" },
  { type: "RUN_CANCELLED", wire: "run.cancelled", label: "Run cancelled while queued", from: "CANCELLED" },
  { type: "RUN_KILL_VERIFIED", wire: "run.kill_verified", label: "Kill verified", from: "KILL_VERIFIED" },
  { type: "RULE_ALERT", wire: "rule.alert", label: "Rule alert", from: "RULE_ALERT" },
  { type: "RULE_FIRED", wire: "rule.fired", label: "Rule stopped a run", from: "RULE_FIRED" },
  { type: "TEST", wire: "test", label: "Test", from: null },
] as const satisfies readonly TWebhookEventInfo[];

/** The kinds an endpoint may subscribe to (TEST is sent on demand only). */
export const SUBSCRIBABLE_EVENTS = WEBHOOK_EVENTS.filter((e) => e.from !== null);
export type TSubscribableEvent = (typeof SUBSCRIBABLE_EVENTS)[number]["type"];

export const WIRE_TYPES = WEBHOOK_EVENTS.map((e) => e.wire) as [string, ...string[]];

const BY_RUN_EVENT = new Map<RunEventType, WebhookEventType>(SUBSCRIBABLE_EVENTS.map((e) => [e.from, e.type]));

/** The webhook kind a run event becomes, or null when no webhook can want it. */
export function webhookEventFor(runEventType: RunEventType): WebhookEventType | null {
  return BY_RUN_EVENT.get(runEventType) ?? null;
}

/** Run event types worth reading at fan-out time. */
export const SOURCE_RUN_EVENT_TYPES: RunEventType[] = SUBSCRIBABLE_EVENTS.map((e) => e.from);

export function wireName(type: WebhookEventType): string {
  return WEBHOOK_EVENTS.find((e) => e.type === type)!.wire;
}
