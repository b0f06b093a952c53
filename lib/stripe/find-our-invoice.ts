// Which of our invoices a Stripe invoice is: a copy we mirrored names ours in its metadata; an invoice
// Stripe issued itself is recorded under its own id (stripe_invoice_id, unique).
import { eq } from 'drizzle-orm';
import type Stripe from 'stripe';
import type { Queryable } from '@/lib/db/client';
import { invoices } from '@/lib/db/schema';
import { ourIdInMetadata } from './stripe-fields';

/** The invoice id mirroring put in the Stripe copy's metadata (lib/stripe/mirror-invoice.ts), if any. */
export function mirroredInvoiceId(stripeInvoice: Pick<Stripe.Invoice, 'metadata'>): string | null {
  const id = stripeInvoice.metadata?.invoice_id;
  return id ? id : null;
}

/** Our invoice for a Stripe invoice, locked for this transaction: by the id in its metadata, else by its Stripe id. */
export async function findOurInvoice(tx: Queryable, stripeInvoice: Pick<Stripe.Invoice, 'id' | 'metadata'>) {
  const ours = ourIdInMetadata(stripeInvoice.metadata, 'invoice_id');
  const [row] = await tx
    .select()
    .from(invoices)
    .where(ours ? eq(invoices.id, ours) : eq(invoices.stripeInvoiceId, stripeInvoice.id))
    .for('update');
  return row ?? null;
}
