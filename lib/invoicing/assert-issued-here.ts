import type { invoices } from '@/lib/db/schema';
import { BillingError } from '@/lib/errors/billing-error';

/**
 * Refuses to change an invoice Stripe issued (source 'stripe'): its state is Stripe's, recorded here by
 * the webhook. Marking it paid here would leave Stripe collecting it again, finalizing its draft would
 * give it one of our numbers, and a credit note here would not reduce what Stripe charges.
 */
export function assertIssuedHere(invoice: Pick<typeof invoices.$inferSelect, 'source'>): void {
  if (invoice.source === 'stripe') {
    throw new BillingError({ code: 'issued_by_stripe', status: 409, message: 'Stripe issued this invoice: change it in Stripe, and the change is recorded here' });
  }
}
