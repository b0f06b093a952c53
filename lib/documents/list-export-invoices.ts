import 'server-only';
// The invoices an accounting export covers: every issued (non-draft) invoice whose issue time falls in
// [start, end), oldest first, as API views. Voided and uncollectible invoices are included: the
// books need every number of the gapless sequence.
import { and, asc, eq, gte, lt, ne } from 'drizzle-orm';
import type { Queryable } from '@/lib/db/client';
import { customers, invoices } from '@/lib/db/schema';
import { toInvoiceView, type InvoiceView } from '@/lib/invoicing/invoice-view';

export async function listExportInvoices(db: Queryable, range: { start: Date; end: Date }): Promise<InvoiceView[]> {
  const rows = await db
    .select({ invoice: invoices, customerName: customers.name, customerTaxId: customers.taxId })
    .from(invoices)
    .innerJoin(customers, eq(customers.id, invoices.customerId))
    .where(and(ne(invoices.status, 'draft'), gte(invoices.issuedAt, range.start), lt(invoices.issuedAt, range.end)))
    .orderBy(asc(invoices.issuedAt), asc(invoices.number));
  // the buyer as invoiced; the customer record only stands in for an invoice without a snapshot
  return rows.map(({ invoice, customerName, customerTaxId }) =>
    toInvoiceView({ ...invoice, buyer: invoice.buyer ?? { name: customerName, address_lines: [], tax_id: customerTaxId } }, []),
  );
}
