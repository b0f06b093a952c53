// Draft invoices: lines in, totals, tax treatment and party snapshots out. Seller and buyer are copied
// onto the invoice so a later change of address never rewrites an issued invoice.
import { eq } from 'drizzle-orm';
import type { InvoiceLineDraft } from '@/lib/billing/rating';
import { taxTreatment } from '@/lib/billing/tax-treatment';
import { invoiceTotals } from '@/lib/billing/totals';
import type { BillingConfig } from '@/lib/config/billing-config';
import type { Queryable } from '@/lib/db/client';
import { customers, invoiceLines, invoices, type PartySnapshot } from '@/lib/db/schema';
import { notFound } from '@/lib/http/billing-error';

export type DraftLine = InvoiceLineDraft & { kind: 'charge' | 'one_time' | 'proration' | 'credit'; metric_id?: string | null };

export type DraftInvoiceInput = {
  customerId: string;
  kind: 'subscription' | 'one_time';
  currency: string;
  lines: DraftLine[];
  subscriptionId?: string | null;
  billingPeriodId?: string | null;
  periodStart?: Date | null;
  periodEnd?: Date | null;
  dueDate?: Date | null;
  memo?: string | null;
};

export async function createDraftInvoice(tx: Queryable, input: DraftInvoiceInput, config: BillingConfig) {
  const [customer] = await tx.select().from(customers).where(eq(customers.id, input.customerId));
  if (!customer) throw notFound('Customer');
  const tax = taxTreatment({ taxExempt: customer.taxExempt, taxId: customer.taxId, taxRate: customer.taxRate }, config.defaultTaxRate);
  const totals = invoiceTotals({ line_amounts: input.lines.map((l) => l.amount), currency: input.currency, tax_rate: tax.rate, treatment: tax.treatment });
  const buyer: PartySnapshot = {
    name: customer.name,
    email: customer.email,
    address_lines: customer.addressLines,
    country: customer.country,
    tax_id: customer.taxId,
  };
  const [invoice] = await tx
    .insert(invoices)
    .values({
      customerId: customer.id,
      subscriptionId: input.subscriptionId ?? null,
      billingPeriodId: input.billingPeriodId ?? null,
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
    })
    .returning();
  if (input.lines.length > 0) {
    await tx.insert(invoiceLines).values(
      input.lines.map((line, position) => ({
        invoiceId: invoice!.id,
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
  }
  return invoice!;
}
