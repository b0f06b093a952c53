import { convergeInvoice } from './converge-invoice';
import type { WebhookHandler } from './webhook-handler';

/** Stripe gave up collecting (after its retries): a Stripe-issued invoice is uncollectible here too, and still counts as owed. */
export const invoiceMarkedUncollectible: WebhookHandler<'invoice.marked_uncollectible'> = async (tx, event, context) => {
  await convergeInvoice(tx, event.data.object, context);
};
