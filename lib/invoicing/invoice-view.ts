// An invoice as the API shows it (API.md, Invoices): money as decimal strings in the currency's minor
// units, times in ISO 8601. `source` says who issued it: we ("meterbill", numbered in our series) or
// Stripe, for the Stripe subscription of setup-subscription ("stripe", Stripe's number).
import { asc, eq, inArray } from 'drizzle-orm';
import { decimalString, moneyString } from '@/lib/billing/money';
import type { Queryable } from '@/lib/db/client';
import { invoiceLines, invoices } from '@/lib/db/schema';

type InvoiceRow = typeof invoices.$inferSelect;
type LineRow = typeof invoiceLines.$inferSelect;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toInvoiceView(invoice: InvoiceRow, lines: LineRow[]) {
  const money = (value: string) => moneyString(value, invoice.currency);
  return {
    id: invoice.id,
    number: invoice.number,
    customer_id: invoice.customerId,
    subscription_id: invoice.subscriptionId,
    kind: invoice.kind,
    source: invoice.source,
    // a subscription invoice bills its period at the end (usage, fees in arrears) or at the start (fees in advance)
    billing_timing: invoice.billingTiming,
    status: invoice.status,
    currency: invoice.currency,
    period_start: iso(invoice.periodStart),
    period_end: iso(invoice.periodEnd),
    issued_at: iso(invoice.issuedAt),
    due_date: iso(invoice.dueDate),
    subtotal: money(invoice.subtotal),
    tax_rate: decimalString(invoice.taxRate),
    tax_treatment: invoice.reverseCharge ? 'reverse_charge' : invoice.taxExempt ? 'exempt' : 'standard',
    tax: money(invoice.tax),
    total: money(invoice.total),
    credits_applied: money(invoice.creditsApplied),
    amount_paid: money(invoice.amountPaid),
    amount_due: money(invoice.amountDue),
    payment_reference: invoice.paymentReference,
    paid_at: iso(invoice.paidAt),
    seller: invoice.seller,
    buyer: invoice.buyer,
    lines: lines.map((line) => ({
      description: line.description,
      metric: line.metricCode,
      quantity: decimalString(line.quantity),
      unit_price: decimalString(line.unitPrice),
      amount: money(line.amount),
    })),
    hosted_invoice_url: invoice.hostedInvoiceUrl,
    invoice_pdf: invoice.invoicePdf,
    created: invoice.createdAt.toISOString(),
  };
}
export type InvoiceView = ReturnType<typeof toInvoiceView>;

/** Views of these invoices with their lines, in the order given. */
export async function loadInvoiceViews(db: Queryable, ids: string[]): Promise<InvoiceView[]> {
  if (ids.length === 0) return [];
  const rows = await db.select().from(invoices).where(inArray(invoices.id, ids));
  const lines = await db.select().from(invoiceLines).where(inArray(invoiceLines.invoiceId, ids)).orderBy(asc(invoiceLines.position));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [toInvoiceView(row, lines.filter((l) => l.invoiceId === id))] : [];
  });
}

export async function loadInvoiceView(db: Queryable, id: string): Promise<InvoiceView | null> {
  const [row] = await db.select().from(invoices).where(eq(invoices.id, id));
  if (!row) return null;
  const lines = await db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, id)).orderBy(asc(invoiceLines.position));
  return toInvoiceView(row, lines);
}
