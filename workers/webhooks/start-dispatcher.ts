// The webhook dispatcher loop: about once a second, fan new run events out into delivery rows and
// jobs. At start and then every 30 s it also re-enqueues PENDING rows whose job may be lost, the
// way the supervisor's first sweep re-delivers QUEUED runs after a restart. Passes never overlap.
import { fanOutRunEvents, newFanOutState } from "@/lib/webhooks/fan-out-run-events";
import { requeuePendingDeliveries } from "@/lib/webhooks/requeue-pending";
import { createLogger } from "@/lib/logger";
import { repeatPasses } from "../repeat-passes";

const log = createLogger("WEBHOOKS");

export type TDispatcherOptions = { intervalMs?: number; requeueEveryMs?: number; graceMs?: number };

export function startWebhookDispatcher(o: TDispatcherOptions = {}): { stop(): Promise<void> } {
  const every = o.intervalMs ?? 1_000;
  const requeueEvery = o.requeueEveryMs ?? 30_000;
  const state = newFanOutState();
  let lastRequeue = 0;
  const pass = async () => {
    if (Date.now() - lastRequeue >= requeueEvery) {
      const n = await requeuePendingDeliveries();
      if (n && lastRequeue === 0) log.info("re-enqueued pending deliveries", { count: n });
      lastRequeue = Date.now();
    }
    const r = await fanOutRunEvents({ state, ...(o.graceMs !== undefined ? { graceMs: o.graceMs } : {}) });
    if (r.deliveryIds.length) log.info("fanned out", { deliveries: r.deliveryIds.length, cursor: r.cursor });
  };
  return repeatPasses({ everyMs: every, pass, onError: (err) => log.error("dispatch pass failed", { err }) });
}
