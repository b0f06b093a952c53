// Invoices Stripe issues itself, for the Stripe subscription setup-subscription makes (the plan's
// recurring flat fee), recorded in our invoices table with source 'stripe' so the customer's and the
// admin's lists, the export, revenue and dunning see every invoice the customer receives.
//
// Stripe's events arrive at least once and in any order (created, finalized, paid, payment_failed,
// voided; paid before finalized), so recording converges: one row per Stripe invoice (unique on
// stripe_invoice_id), written from the invoice's current state, never moving back (draft → open →
// uncollectible; paid and void are final). Lines are Stripe's and are taken while the invoice is a
// draft here; once issued they never change, as Stripe's do not. The number is Stripe's: it is not in
// our series, so number_series/year/sequence stay null. Being paid is recordStripePayment's, which
// writes the payment row with it.
import { and, eq, or, sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import { ExactDecimal } from '@/lib/billing/exact-decimal';
import { fromMinorUnits, moneyString } from '@/lib/billing/money';
import type { BillingConfig } from '@/lib/config/billing-config';
import type { Queryable } from '@/lib/db/client';
import { writeAuditEntries } from '@/lib/audit/write-audit-entries';
import { customers, invoiceLines, invoices, subscriptions, type PartySnapshot } from '@/lib/db/schema';
import { addUtcDays } from '@/lib/time/utc-day';
import { mirroredInvoiceId } from './find-our-invoice';
import { fromUnixSeconds, ourIdInMetadata, stripeIdOf } from './stripe-fields';

type InvoiceRow = typeof invoices.$inferSelect;
type RecordedStatus = 'draft' | 'open' | 'uncollectible' | 'void';

/** How far along an invoice is; a state is only ever replaced by one at least as far along. */
const PROGRESS: Record<InvoiceRow['status'], number> = { draft: 0, open: 1, uncollectible: 2, paid: 3, void: 3 };
const FINAL = new Set<InvoiceRow['status']>(['paid', 'void']);
const AUDIT_ACTION: Record<RecordedStatus, string> = { draft: 'invoice.recorded', open: 'invoice.finalized', uncollectible: 'invoice.marked_uncollectible', void: 'invoice.voided' };

/** Stripe's status as recorded here before any payment: paid is recordStripePayment's, with its payment row. */
function recordedStatus(status: Stripe.Invoice.Status | null): RecordedStatus {
  switch (status) {
    case 'open':
    case 'paid':
      return 'open';
    case 'uncollectible':
      return 'uncollectible';
    case 'void':
      return 'void';
    default:
      return 'draft';
  }
}

/** Our customer (and subscription) for a Stripe invoice, or null when it is not ours. */
async function ownerOf(tx: Queryable, current: Stripe.Invoice): Promise<{ customerId: string; subscriptionId: string | null } | null> {
  const details = current.parent?.subscription_details;
  const stripeSubscriptionId = stripeIdOf(details?.subscription);
  // setup-subscription names our subscription in the Stripe subscription's metadata, which Stripe copies
  // onto its invoices: the first invoice can arrive before our row stores the Stripe subscription's id
  const ourSubscriptionId = ourIdInMetadata(details?.metadata, 'subscription_id');
  const bySubscription = [
    ...(stripeSubscriptionId ? [eq(subscriptions.stripeSubscriptionId, stripeSubscriptionId)] : []),
    ...(ourSubscriptionId ? [eq(subscriptions.id, ourSubscriptionId)] : []),
  ];
  if (bySubscription.length > 0) {
    const [subscription] = await tx.select({ id: subscriptions.id, customerId: subscriptions.customerId }).from(subscriptions).where(or(...bySubscription)).limit(1);
    if (subscription) return { customerId: subscription.customerId, subscriptionId: subscription.id };
  }
  const stripeCustomerId = stripeIdOf(current.customer);
  if (!stripeCustomerId) return null;
  const [customer] = await tx.select({ id: customers.id }).from(customers).where(eq(customers.stripeCustomerId, stripeCustomerId));
  return customer ? { customerId: customer.id, subscriptionId: null } : null;
}

/** Every line: the invoice shows its first ten; the rest are listed when a client is configured. */
async function linesOf(current: Stripe.Invoice, stripe: Stripe | null): Promise<Stripe.InvoiceLineItem[]> {
  if (!current.lines.has_more || !stripe) return current.lines.data;
  const lines: Stripe.InvoiceLineItem[] = [];
  for await (const line of stripe.invoices.listLineItems(current.id, { limit: 100 })) lines.push(line);
  return lines;
}

function lineRow(invoiceId: string, line: Stripe.InvoiceLineItem, position: number, currency: string): typeof invoiceLines.$inferInsert {
  // Stripe.Decimal from the SDK, a decimal string in a webhook payload: both print as the decimal
  const quantity = new ExactDecimal((line.quantity_decimal ?? line.quantity ?? 1).toString());
  const amount = fromMinorUnits(line.amount, currency);
  const unitMinor = line.pricing?.unit_amount_decimal;
  // our unit prices carry six decimals; a line without a unit amount is its amount over its quantity
  const unitPrice = (unitMinor != null ? fromMinorUnits(unitMinor.toString(), currency) : quantity.isZero() ? amount : amount.div(quantity)).toDecimalPlaces(6, ExactDecimal.ROUND_HALF_UP);
  const item = line.parent?.subscription_item_details ?? line.parent?.invoice_item_details;
  return {
    invoiceId,
    position,
    kind: item?.proration ? 'proration' : line.parent?.type === 'subscription_item_details' ? 'charge' : 'one_time',
    description: line.description ?? 'Subscription',
    quantity: quantity.toFixed(),
    unitPrice: unitPrice.toFixed(),
    amount: moneyString(amount, currency),
    periodStart: fromUnixSeconds(line.period.start),
    periodEnd: fromUnixSeconds(line.period.end),
    details: { stripe_line_item_id: line.id },
  };
}

/** The invoice's columns from Stripe's current state (status aside). */
function invoiceColumns(current: Stripe.Invoice, lines: Stripe.InvoiceLineItem[], config: BillingConfig) {
  const currency = current.currency.toLowerCase();
  const money = (minor: number) => moneyString(fromMinorUnits(minor, currency), currency);
  const net = current.total_excluding_tax ?? current.total;
  const tax = current.total - net;
  const issuedAt = fromUnixSeconds(current.status_transitions.finalized_at);
  // charged automatically, a Stripe invoice has no due date; it is due after our payment terms, as ours are
  const dueDate = fromUnixSeconds(current.due_date) ?? (issuedAt ? addUtcDays(issuedAt, config.paymentTermsDays) : null);
  const starts = lines.map((l) => l.period.start);
  const ends = lines.map((l) => l.period.end);
  const settled = current.status === 'paid' || current.status === 'void';
  return {
    number: current.number,
    currency,
    periodStart: fromUnixSeconds(starts.length ? Math.min(...starts) : current.period_start),
    periodEnd: fromUnixSeconds(ends.length ? Math.max(...ends) : current.period_end),
    issuedAt,
    dueDate,
    subtotal: money(current.subtotal),
    // Stripe gives amounts, not one rate: the rate is what its tax is of the net amount
    taxRate: tax > 0 && net > 0 ? new ExactDecimal(tax).div(net).toDecimalPlaces(6, ExactDecimal.ROUND_HALF_UP).toFixed() : '0',
    taxExempt: current.customer_tax_exempt === 'exempt' || current.customer_tax_exempt === 'reverse',
    reverseCharge: current.customer_tax_exempt === 'reverse',
    tax: money(tax),
    total: money(current.total),
    creditsApplied: money(Math.max(0, current.total - current.amount_due)),
    amountPaid: money(current.amount_paid),
    amountDue: settled ? moneyString(0, currency) : money(current.amount_remaining),
    memo: current.description,
    hostedInvoiceUrl: current.hosted_invoice_url ?? null,
    invoicePdf: current.invoice_pdf ?? null,
    voidedAt: fromUnixSeconds(current.status_transitions.voided_at),
    markedUncollectibleAt: fromUnixSeconds(current.status_transitions.marked_uncollectible_at),
    nextPaymentAttemptAt: fromUnixSeconds(current.next_payment_attempt),
    paymentAttemptCount: current.attempt_count,
  };
}

/**
 * Records (or brings up to date) a Stripe-issued invoice: one without an invoice_id of ours in its
 * metadata, whose subscription or customer is ours. Returns our row, locked, or null when it is not ours.
 */
export async function recordStripeIssuedInvoice(tx: Queryable, current: Stripe.Invoice, { stripe, now, config }: { stripe: Stripe | null; now: Date; config: BillingConfig }): Promise<InvoiceRow | null> {
  if (mirroredInvoiceId(current)) return null; // a copy of one of our invoices (or of another installation's)
  const owner = await ownerOf(tx, current);
  if (!owner) return null;
  const locked = async () => (await tx.select().from(invoices).where(eq(invoices.stripeInvoiceId, current.id)).for('update'))[0] ?? null;

  const incoming = recordedStatus(current.status);
  const lines = await linesOf(current, stripe);
  const columns = invoiceColumns(current, lines, config);
  const [customer] = await tx.select().from(customers).where(eq(customers.id, owner.customerId));
  const buyer: PartySnapshot = { name: customer!.name, email: customer!.email, address_lines: customer!.addressLines, country: customer!.country, tax_id: customer!.taxId };
  const audit = (invoice: InvoiceRow, status: RecordedStatus) =>
    writeAuditEntries(tx, { type: 'stripe', id: current.id }, [
      { action: AUDIT_ACTION[status], entityType: 'invoice', entityId: invoice.id, customerId: invoice.customerId, details: { source: 'stripe', number: columns.number, total: columns.total } },
    ]);

  let existing = await locked();
  if (!existing) {
    const [inserted] = await tx
      .insert(invoices)
      .values({ ...columns, customerId: owner.customerId, subscriptionId: owner.subscriptionId, kind: owner.subscriptionId ? 'subscription' : 'one_time', source: 'stripe', status: incoming, stripeInvoiceId: current.id, seller: config.seller, buyer, createdAt: fromUnixSeconds(current.created) ?? now, updatedAt: now })
      .onConflictDoNothing({ target: invoices.stripeInvoiceId })
      .returning();
    if (inserted) {
      if (lines.length) await tx.insert(invoiceLines).values(lines.map((line, i) => lineRow(inserted.id, line, i + 1, columns.currency)));
      await audit(inserted, 'draft');
      if (incoming !== 'draft') await audit(inserted, incoming);
      return inserted;
    }
    existing = await locked(); // another delivery of the same invoice recorded it first
    if (!existing) return null;
  }
  if (existing.source !== 'stripe') return null;

  // a stale delivery (or one of a paid or voided invoice) changes nothing but a missing subscription link
  const advances = !FINAL.has(existing.status) && PROGRESS[incoming] >= PROGRESS[existing.status];
  if (!advances) {
    if (!existing.subscriptionId && owner.subscriptionId) {
      await tx.update(invoices).set({ subscriptionId: owner.subscriptionId, kind: 'subscription', updatedAt: now }).where(eq(invoices.id, existing.id));
    }
    return locked();
  }
  await tx
    .update(invoices)
    .set({ ...columns, status: incoming, subscriptionId: existing.subscriptionId ?? owner.subscriptionId, kind: (existing.subscriptionId ?? owner.subscriptionId) ? 'subscription' : 'one_time', buyer: existing.status === 'draft' ? buyer : existing.buyer, updatedAt: now })
    .where(and(eq(invoices.id, existing.id), eq(invoices.source, 'stripe')));
  // a draft's lines may still change at Stripe; an issued invoice's never do
  if (existing.status === 'draft') {
    await tx.delete(invoiceLines).where(eq(invoiceLines.invoiceId, existing.id));
    if (lines.length) await tx.insert(invoiceLines).values(lines.map((line, i) => lineRow(existing.id, line, i + 1, columns.currency)));
  }
  if (incoming !== existing.status) await audit(existing, incoming);
  return locked();
}

/** Drops a draft Stripe deleted (Stripe deletes only drafts); anything issued stays as it was. */
export async function deleteStripeIssuedDraft(tx: Queryable, stripeInvoiceId: string): Promise<void> {
  await tx.execute(sql`delete from invoices where stripe_invoice_id = ${stripeInvoiceId} and source = 'stripe' and status = 'draft'`);
}
