import type { invoices } from '@/lib/db/schema';
import { invoiceDisplayStatus } from './invoice-display-status';
import type { InvoiceSummary } from './types';

/** The columns of an invoice row the tables show, with its status as the reader should see it. */
export function toInvoiceSummary(row: typeof invoices.$inferSelect, now: Date): InvoiceSummary {
  return {
    id: row.id,
    number: row.number,
    source: row.source,
    status: invoiceDisplayStatus(row, now),
    currency: row.currency,
    periodStart: row.periodStart,
    periodEnd: row.periodEnd,
    issuedAt: row.issuedAt,
    dueDate: row.dueDate,
    total: row.total,
    amountDue: row.amountDue,
  };
}
