import { convergeInvoice } from './converge-invoice';
import type { WebhookHandler } from './webhook-handler';

/** Stripe's other announcement of a payment that paid the invoice; handled as invoice.paid, once. */
export const invoicePaymentSucceeded: WebhookHandler<'invoice.payment_succeeded'> = async (tx, event, context) => {
  await convergeInvoice(tx, event.data.object, context);
};
