import { convergeInvoice } from './converge-invoice';
import type { WebhookHandler } from './webhook-handler';

/** A draft invoice was made at Stripe (a mirror of ours, or Stripe's own for a subscription). */
export const invoiceCreated: WebhookHandler<'invoice.created'> = async (tx, event, context) => {
  await convergeInvoice(tx, event.data.object, context);
};
