import { convergeInvoice } from './converge-invoice';
import type { WebhookHandler } from './webhook-handler';

/** The invoice was voided at Stripe; a paid invoice is never voided here. */
export const invoiceVoided: WebhookHandler<'invoice.voided'> = async (tx, event, context) => {
  await convergeInvoice(tx, event.data.object, context);
};
