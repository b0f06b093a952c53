// Sending webhooks, whole: the queued events are fanned out into deliveries, then every due delivery
// is attempted. The automation run calls this as its webhook part, and so may a request right after it
// queued events (an endpoint hears of them in seconds rather than at the next run).
import type { Db } from '@/lib/db/client';
import { deliverDueWebhooks, type DeliverWebhooksOptions } from './deliver-due-webhooks';
import { fanOutWebhookEvents } from './fan-out-webhook-events';

export type DeliverWebhooksResult = {
  /** events fanned out, and the deliveries they made */
  events: number;
  deliveries: number;
  /** deliveries that succeeded, attempts that failed (events that could not be built included) */
  done: number;
  failed: number;
  /** events still queued plus deliveries still due */
  remaining: number;
};

export async function deliverWebhooks(db: Db, options: Omit<DeliverWebhooksOptions, 'only'> & { fanOutLimit?: number }): Promise<DeliverWebhooksResult> {
  const timeLeft = () => options.deadline === undefined || Date.now() < options.deadline;
  let events = 0;
  let deliveries = 0;
  let unbuildable = 0;
  let queued = 0;
  // every queued event first, batch by batch, so deliveries go out oldest event first
  do {
    const batch = await fanOutWebhookEvents(db, { now: options.now, limit: options.fanOutLimit });
    events += batch.events;
    deliveries += batch.deliveries;
    unbuildable += batch.failed;
    queued = batch.remaining;
    // nothing claimed although rows are queued: another run holds them
    if (batch.events + batch.failed === 0) break;
  } while (queued > 0 && timeLeft());
  const delivered = await deliverDueWebhooks(db, options);
  return { events, deliveries, done: delivered.done, failed: delivered.failed + unbuildable, remaining: queued + delivered.remaining };
}
