import 'server-only';
import { desc, eq, sql } from 'drizzle-orm';
import type { Session } from '@/lib/auth/claims';
import { getDatabase } from '@/lib/app/get-database';
import { customers, invoices } from '@/lib/db/schema';
import { toInvoiceSummary } from '@/lib/dashboard/to-invoice-summary';
import type { InvoiceSummary } from '@/lib/dashboard/types';
import { assertAdmin } from './assert-admin';

export type AdminInvoiceRow = InvoiceSummary & { customerName: string };

/** The newest invoices across every customer, drafts included. */
export async function listAdminInvoices(session: Session, now: Date, limit = 50): Promise<AdminInvoiceRow[]> {
  assertAdmin(session);
  const { db } = await getDatabase();
  const rows = await db
    .select({ invoice: invoices, customerName: customers.name })
    .from(invoices)
    .innerJoin(customers, eq(customers.id, invoices.customerId))
    .orderBy(sql`coalesce(${invoices.issuedAt}, ${invoices.createdAt}) desc`, desc(invoices.createdAt))
    .limit(limit);
  return rows.map((row) => ({ ...toInvoiceSummary(row.invoice, now), customerName: row.customerName }));
}
