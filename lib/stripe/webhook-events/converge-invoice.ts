// What every invoice event does first: re-read the invoice from Stripe (the payload may be older than
// other deliveries) and bring our copy to its state. A copy we mirrored gets its Stripe id and links, and
// is paid or voided when Stripe's is; an invoice Stripe issued itself is recorded (source 'stripe').
// An invoice never moves back from paid, and one that is not ours is left alone.
import { eq } from 'drizzle-orm';
import type Stripe from 'stripe';
import { moneyString } from '@/lib/billing/money';
import type { Queryable } from '@/lib/db/client';
import { writeAuditEntries } from '@/lib/audit/write-audit-entries';
import { invoices } from '@/lib/db/schema';
import { reactivateIfSettled } from '@/lib/dunning/reactivate';
import { findStripePayment, stripePaymentInPayload } from '@/lib/payments/find-stripe-payment';
import { recordStripePayment } from '@/lib/payments/record-stripe-payment';
import { findOurInvoice } from '../find-our-invoice';
import { recordStripeIssuedInvoice } from '../record-stripe-issued-invoice';
import { isMissingAtStripe, type WebhookContext } from './webhook-handler';

type InvoiceRow = typeof invoices.$inferSelect;

/** The invoice as Stripe has it now, or null when Stripe no longer has it (a deleted draft). */
async function currentInvoice(payload: Stripe.Invoice, stripe: Stripe | null): Promise<Stripe.Invoice | null> {
  if (!stripe) return payload;
  try {
    return await stripe.invoices.retrieve(payload.id);
  } catch (error) {
    if (isMissingAtStripe(error)) return null;
    throw error;
  }
}

/** A copy we mirrored: Stripe's id and its hosted page and PDF, kept once known. */
async function storeMirrorLinks(tx: Queryable, invoice: InvoiceRow, current: Stripe.Invoice, now: Date) {
  await tx
    .update(invoices)
    .set({ stripeInvoiceId: current.id, hostedInvoiceUrl: current.hosted_invoice_url ?? invoice.hostedInvoiceUrl, invoicePdf: current.invoice_pdf ?? invoice.invoicePdf, updatedAt: now })
    .where(eq(invoices.id, invoice.id));
}

async function voidMirrored(tx: Queryable, invoice: InvoiceRow, current: Stripe.Invoice, now: Date) {
  if (invoice.status === 'paid' || invoice.status === 'void') return;
  await tx.update(invoices).set({ status: 'void', voidedAt: now, amountDue: '0', updatedAt: now }).where(eq(invoices.id, invoice.id));
  await writeAuditEntries(tx, { type: 'stripe', id: current.id }, [
    { action: 'invoice.voided', entityType: 'invoice', entityId: invoice.id, customerId: invoice.customerId, details: { before: { status: invoice.status, amount_due: moneyString(invoice.amountDue, invoice.currency) }, after: { status: 'void', amount_due: moneyString(0, invoice.currency) }, reason: 'voided in Stripe' } },
  ]);
}

/** Returns Stripe's current invoice and our row (locked), or null when the invoice is not ours or is gone. */
export async function convergeInvoice(tx: Queryable, payload: Stripe.Invoice, context: WebhookContext): Promise<{ current: Stripe.Invoice; invoice: InvoiceRow } | null> {
  const { stripe, now, config } = context;
  const current = await currentInvoice(payload, stripe);
  if (!current) return null;
  const found = await findOurInvoice(tx, current);
  let invoice: InvoiceRow | null = found;
  if (!found || found.source === 'stripe') invoice = await recordStripeIssuedInvoice(tx, current, context);
  else await storeMirrorLinks(tx, found, current, now);
  if (!invoice) return null;

  if (current.status === 'paid' && invoice.status !== 'paid' && invoice.status !== 'void') {
    const payment = stripe ? await findStripePayment(stripe, current.id) : stripePaymentInPayload(current);
    const customerId = await recordStripePayment(tx, current, { now, payment });
    if (customerId) await reactivateIfSettled(tx, [customerId], { now, config, actor: { type: 'stripe', id: current.id } });
  } else if (current.status === 'void' && invoice.source === 'meterbill') {
    await voidMirrored(tx, invoice, current, now);
  }
  const [converged] = await tx.select().from(invoices).where(eq(invoices.id, invoice.id));
  return { current, invoice: converged! };
}
