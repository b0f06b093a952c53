import 'server-only';
import { desc, eq, sql } from 'drizzle-orm';
import { customers, invoices } from '@/lib/db/schema';
import { toInvoiceSummary } from '@/lib/dashboard/to-invoice-summary';
import type { InvoiceSummary } from '@/lib/dashboard/types';
import type { AdminWorkspace } from './require-admin';

export type AdminInvoiceRow = InvoiceSummary & { customerName: string };

/** The workspace's newest invoices across every customer, drafts included. */
export async function listAdminInvoices({ database }: AdminWorkspace, now: Date, limit = 50): Promise<AdminInvoiceRow[]> {
  const { db } = database;
  const rows = await db
    .select({ invoice: invoices, customerName: customers.name })
    .from(invoices)
    .innerJoin(customers, eq(customers.id, invoices.customerId))
    .orderBy(sql`coalesce(${invoices.issuedAt}, ${invoices.createdAt}) desc`, desc(invoices.createdAt))
    .limit(limit);
  return rows.map((row) => ({ ...toInvoiceSummary(row.invoice, now), customerName: row.customerName }));
}
