// Admin input for a webhook. Only http(s) URLs: anything else (file:, javascript:, ftp:) is refused
// by name. Loopback and private addresses are refused unless an admin allowed private targets
// (createWebhook checks the URL against that setting; delivery re-checks after DNS resolution).
import { z } from "zod";
import { SUBSCRIBABLE_EVENTS, type TSubscribableEvent } from "@/lib/webhooks/event-types";

export const ZWebhookName = z.string().trim().min(1, "Name is required.").max(80, "Name is at most 80 characters.")
  .regex(/^[^\u0000-\u001f\u007f]+$/, "Name cannot contain control characters.");

export const ZWebhookUrl = z.string().trim().min(1, "URL is required.").max(2000, "URL is at most 2000 characters.")
  .refine((s) => URL.canParse(s), "Not a valid URL.")
  .refine((s) => !URL.canParse(s) || ["http:", "https:"].includes(new URL(s).protocol), "Only http:// and https:// URLs can receive webhooks.")
  .refine((s) => !URL.canParse(s) || (!new URL(s).username && !new URL(s).password), "Leave user:password out of the URL (fetch refuses it; verify the signature instead).");

const SUBSCRIBABLE = SUBSCRIBABLE_EVENTS.map((e) => e.type) as [TSubscribableEvent, ...TSubscribableEvent[]];
export const ZWebhookEvents = z.array(z.enum(SUBSCRIBABLE, "Unknown event kind.")).min(1, "Pick at least one event.")
  .transform((a) => [...new Set(a)]);

export const ZWebhookInput = z.object({ name: ZWebhookName, url: ZWebhookUrl, events: ZWebhookEvents });
export type TWebhookInput = z.input<typeof ZWebhookInput>;
