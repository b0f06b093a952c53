import { convergeInvoice } from './converge-invoice';
import type { WebhookHandler } from './webhook-handler';

/** Stripe numbered and issued the invoice: its hosted page and PDF exist now. */
export const invoiceFinalized: WebhookHandler<'invoice.finalized'> = async (tx, event, context) => {
  await convergeInvoice(tx, event.data.object, context);
};
