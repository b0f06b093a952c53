// Mirroring a finalized invoice to Stripe, so the customer can pay it by card or SEPA debit on Stripe's
// hosted page. Our invoice stays the legal document; Stripe's copy carries the same lines and total.
//
// Every Stripe write carries an idempotency key derived from our ids, and each Stripe id is stored as
// soon as it exists: a run killed at any point and rerun finds the objects already made (by id, or by
// Stripe replaying the keyed request) and never creates a second customer or invoice.
import { asc, eq } from 'drizzle-orm';
import Stripe from 'stripe';
import { ExactDecimal } from '@/lib/billing/exact-decimal';
import { decimalString, toMinorUnits } from '@/lib/billing/money';
import type { Queryable } from '@/lib/db/client';
import { customers, invoiceLines, invoices } from '@/lib/db/schema';
import { formatTaxRate } from '@/lib/format/format-number';
import { notFound } from '@/lib/errors/billing-error';
import { DAY_MS } from '@/lib/time/utc-day';

type CustomerRow = typeof customers.$inferSelect;
type LineRow = typeof invoiceLines.$inferSelect;

/** The customer's Stripe id, creating the Stripe customer on first use. */
export async function ensureStripeCustomer(db: Queryable, stripe: Stripe, customer: CustomerRow): Promise<string> {
  if (customer.stripeCustomerId) return customer.stripeCustomerId;
  const created = await stripe.customers.create(
    { name: customer.name, email: customer.email, metadata: { customer_id: customer.id } },
    { idempotencyKey: `customer-${customer.id}` },
  );
  await db.update(customers).set({ stripeCustomerId: created.id, updatedAt: new Date() }).where(eq(customers.id, customer.id));
  return created.id;
}

/**
 * An invoice item for one of our lines. Stripe multiplies an integer quantity by a decimal unit amount
 * (sub-cent prices as unit_amount_decimal) and rounds; when that could differ from our line, which
 * was rounded half-up once, the item carries our amount instead, with the quantity in its description.
 */
export function invoiceItemFor(line: Pick<LineRow, 'description' | 'quantity' | 'unitPrice' | 'amount'>, currency: string) {
  const amountMinor = toMinorUnits(line.amount, currency);
  const quantity = new ExactDecimal(line.quantity);
  const unitMinor = toMinorUnits(line.unitPrice, currency);
  const product = quantity.times(unitMinor);
  const fraction = product.minus(product.floor());
  const exactForStripe = quantity.isInteger() && quantity.gt(0) && unitMinor.decimalPlaces() <= 12 && !fraction.eq('0.5') && product.toDecimalPlaces(0, ExactDecimal.ROUND_HALF_UP).eq(amountMinor);
  if (exactForStripe) {
    return { description: line.description, quantity: quantity.toNumber(), unit_amount_decimal: Stripe.Decimal.from(decimalString(unitMinor)) };
  }
  return { description: `${line.description} (${decimalString(line.quantity)} × ${decimalString(line.unitPrice)})`, amount: amountMinor.toNumber() };
}

export type MirroredInvoice = { stripeInvoiceId: string; hostedInvoiceUrl: string | null; invoicePdf: string | null };

/** Creates (or finds) the Stripe copy of a finalized invoice and stores its ids and links. */
export async function mirrorInvoiceToStripe(db: Queryable, stripe: Stripe, invoiceId: string): Promise<MirroredInvoice> {
  const [invoice] = await db.select().from(invoices).where(eq(invoices.id, invoiceId));
  if (!invoice) throw notFound('Invoice');
  if (invoice.status === 'draft') throw new Error(`invoice ${invoiceId} is a draft; only finalized invoices go to Stripe`);
  // Stripe issued it and collects it itself: a copy would be a second Stripe invoice for the same money
  if (invoice.source === 'stripe') throw new Error(`invoice ${invoiceId} was issued by Stripe; it is not mirrored`);
  if (invoice.stripeInvoiceId && invoice.hostedInvoiceUrl) {
    return { stripeInvoiceId: invoice.stripeInvoiceId, hostedInvoiceUrl: invoice.hostedInvoiceUrl, invoicePdf: invoice.invoicePdf };
  }
  const [customer] = await db.select().from(customers).where(eq(customers.id, invoice.customerId));
  const stripeCustomerId = await ensureStripeCustomer(db, stripe, customer!);
  const keyed = (what: string) => ({ idempotencyKey: `${what}-${invoice.id}` });

  let stripeInvoice: Stripe.Invoice;
  if (invoice.stripeInvoiceId) {
    stripeInvoice = await stripe.invoices.retrieve(invoice.stripeInvoiceId);
  } else {
    const byTransfer = customer!.paymentMethod === 'bank_transfer';
    stripeInvoice = await stripe.invoices.create(
      {
        customer: stripeCustomerId,
        currency: invoice.currency,
        collection_method: byTransfer ? 'send_invoice' : 'charge_automatically',
        ...(byTransfer && invoice.dueDate ? { days_until_due: Math.max(0, Math.round((invoice.dueDate.getTime() - (invoice.issuedAt ?? invoice.createdAt).getTime()) / DAY_MS)) } : {}),
        auto_advance: false,
        pending_invoice_items_behavior: 'exclude',
        description: invoice.reverseCharge ? 'Reverse charge: VAT to be accounted for by the recipient' : undefined,
        metadata: { invoice_id: invoice.id, number: invoice.number ?? '' },
      },
      keyed('invoice'),
    );
    await db.update(invoices).set({ stripeInvoiceId: stripeInvoice.id, updatedAt: new Date() }).where(eq(invoices.id, invoice.id));
  }

  if (stripeInvoice.status === 'draft') {
    const lines = await db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, invoice.id)).orderBy(asc(invoiceLines.position));
    for (const line of lines) {
      await stripe.invoiceItems.create(
        { customer: stripeCustomerId, invoice: stripeInvoice.id, currency: invoice.currency, ...invoiceItemFor(line, invoice.currency), metadata: { invoice_id: invoice.id, position: String(line.position) } },
        { idempotencyKey: `invoiceitem-${invoice.id}-${line.position}` },
      );
    }
    // Our tax is computed once on the subtotal; it travels as one item so Stripe's total is ours.
    if (new ExactDecimal(invoice.tax).gt(0)) {
      await stripe.invoiceItems.create(
        { customer: stripeCustomerId, invoice: stripeInvoice.id, currency: invoice.currency, description: `VAT ${formatTaxRate(invoice.taxRate)}`, amount: toMinorUnits(invoice.tax, invoice.currency).toNumber(), metadata: { invoice_id: invoice.id, position: 'tax' } },
        { idempotencyKey: `invoiceitem-${invoice.id}-tax` },
      );
    }
    stripeInvoice = await stripe.invoices.finalizeInvoice(stripeInvoice.id, { auto_advance: false }, keyed('finalize'));
  }
  const mirrored = { stripeInvoiceId: stripeInvoice.id, hostedInvoiceUrl: stripeInvoice.hosted_invoice_url ?? null, invoicePdf: stripeInvoice.invoice_pdf ?? null };
  await db
    .update(invoices)
    .set({ stripeInvoiceId: mirrored.stripeInvoiceId, hostedInvoiceUrl: mirrored.hostedInvoiceUrl, invoicePdf: mirrored.invoicePdf, updatedAt: new Date() })
    .where(eq(invoices.id, invoice.id));
  return mirrored;
}
