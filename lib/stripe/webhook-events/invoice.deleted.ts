import { deleteStripeIssuedDraft } from '../record-stripe-issued-invoice';
import type { WebhookHandler } from './webhook-handler';

/** Stripe deleted a draft: a Stripe-issued draft recorded here goes too (nothing issued is ever deleted). */
export const invoiceDeleted: WebhookHandler<'invoice.deleted'> = async (tx, event) => {
  await deleteStripeIssuedDraft(tx, event.data.object.id);
};
