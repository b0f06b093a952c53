import { convergeInvoice } from './converge-invoice';
import type { WebhookHandler } from './webhook-handler';

/** The invoice is paid at Stripe (a card, or a SEPA debit that settled): ours is paid, the payment recorded with its method, and the customer reactivated if that settles them. */
export const invoicePaid: WebhookHandler<'invoice.paid'> = async (tx, event, context) => {
  await convergeInvoice(tx, event.data.object, context);
};
