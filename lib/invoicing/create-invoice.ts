// Draft invoices: lines in, totals, tax treatment and party snapshots out. Seller and buyer are copied
// onto the invoice so a later change of address never rewrites an issued invoice.
import { inArray } from 'drizzle-orm';
import type { InvoiceLineDraft } from '@/lib/billing/rating';
import { taxTreatment } from '@/lib/billing/tax-treatment';
import { invoiceTotals } from '@/lib/billing/totals';
import type { BillingConfig } from '@/lib/config/billing-config';
import type { Queryable } from '@/lib/db/client';
import { insertRows, insertRowsReturning } from '@/lib/db/insert-rows';
import { customers, invoiceLines, invoices, type PartySnapshot } from '@/lib/db/schema';
import { notFound } from '@/lib/errors/billing-error';

export type DraftLine = InvoiceLineDraft & { kind: 'charge' | 'one_time' | 'proration' | 'credit'; metric_id?: string | null };

export type DraftInvoiceInput = {
  customerId: string;
  kind: 'subscription' | 'one_time';
  currency: string;
  lines: DraftLine[];
  subscriptionId?: string | null;
  billingPeriodId?: string | null;
  /** with a billing period: its end invoice ('arrears', the default) or its fees in advance */
  billingTiming?: 'arrears' | 'advance';
  periodStart?: Date | null;
  periodEnd?: Date | null;
  dueDate?: Date | null;
  memo?: string | null;
};

type CustomerRow = typeof customers.$inferSelect;

/** The invoice row a draft is stored as: totals under the customer's tax treatment, parties copied. */
function draftInvoiceRow(customer: CustomerRow, input: DraftInvoiceInput, config: BillingConfig): typeof invoices.$inferInsert {
  const tax = taxTreatment({ taxExempt: customer.taxExempt, taxId: customer.taxId, taxRate: customer.taxRate }, config.defaultTaxRate);
  const totals = invoiceTotals({ line_amounts: input.lines.map((l) => l.amount), currency: input.currency, tax_rate: tax.rate, treatment: tax.treatment });
  const buyer: PartySnapshot = {
    name: customer.name,
    email: customer.email,
    address_lines: customer.addressLines,
    country: customer.country,
    tax_id: customer.taxId,
  };
  return {
    customerId: customer.id,
    subscriptionId: input.subscriptionId ?? null,
    billingPeriodId: input.billingPeriodId ?? null,
    billingTiming: input.billingPeriodId ? (input.billingTiming ?? 'arrears') : null,
    kind: input.kind,
    status: 'draft',
    currency: input.currency,
    periodStart: input.periodStart ?? null,
    periodEnd: input.periodEnd ?? null,
    dueDate: input.dueDate ?? null,
    subtotal: totals.subtotal,
    taxRate: totals.tax_rate,
    taxExempt: tax.treatment !== 'standard',
    reverseCharge: tax.treatment === 'reverse_charge',
    tax: totals.tax,
    total: totals.total,
    creditsApplied: totals.credits_applied,
    amountDue: totals.amount_due,
    seller: config.seller,
    buyer,
    memo: input.memo ?? null,
  };
}

/** Creates drafts for many invoices in three statements; the answer is in the order of `inputs`. */
export async function createDraftInvoices(tx: Queryable, inputs: DraftInvoiceInput[], config: BillingConfig) {
  if (inputs.length === 0) return [];
  const customerIds = [...new Set(inputs.map((i) => i.customerId))];
  const rows = await tx.select().from(customers).where(inArray(customers.id, customerIds));
  const byId = new Map(rows.map((c) => [c.id, c]));
  const values = inputs.map((input) => {
    const customer = byId.get(input.customerId);
    if (!customer) throw notFound('Customer');
    return draftInvoiceRow(customer, input, config);
  });
  const inserted = await insertRowsReturning(tx, invoices, values);
  // RETURNING's order is not a documented promise: rows are matched back by their billing period
  if (inputs.length > 1 && inputs.some((i) => !i.billingPeriodId)) throw new Error('a batch of drafts needs a billing period on each');
  const byPeriod = new Map(inserted.map((row) => [`${row.billingPeriodId}:${row.billingTiming}`, row]));
  const created = inputs.length === 1 ? inserted : inputs.map((input) => byPeriod.get(`${input.billingPeriodId}:${input.billingTiming ?? 'arrears'}`)!);
  const lines = inputs.flatMap((input, i) =>
    input.lines.map((line, position) => ({
      invoiceId: created[i]!.id,
      position,
      kind: line.kind,
      description: line.description,
      metricId: line.metric_id ?? null,
      metricCode: line.metric,
      chargeId: line.charge_id ?? null,
      quantity: line.quantity,
      unitPrice: line.unit_price,
      amount: line.amount,
      periodStart: input.periodStart ?? null,
      periodEnd: input.periodEnd ?? null,
      details: line.details ?? {},
    })),
  );
  await insertRows(tx, invoiceLines, lines);
  return created;
}

export async function createDraftInvoice(tx: Queryable, input: DraftInvoiceInput, config: BillingConfig) {
  const [invoice] = await createDraftInvoices(tx, [input], config);
  return invoice!;
}
