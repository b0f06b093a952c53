import type { InvoiceDisplayStatus, InvoiceStatus } from './types';

/** An open invoice the automation marked overdue, or whose due date has passed, reads as overdue. */
export function invoiceDisplayStatus(
  invoice: { status: InvoiceStatus; overdueAt: Date | null; dueDate: Date | null },
  now: Date,
): InvoiceDisplayStatus {
  if (invoice.status !== 'open') return invoice.status;
  if (invoice.overdueAt || (invoice.dueDate && invoice.dueDate.getTime() < now.getTime())) return 'overdue';
  return 'open';
}
