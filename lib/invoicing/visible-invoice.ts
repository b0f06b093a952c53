import 'server-only';
// Who may see an invoice, for everything that shows one or acts on one for its owner (the invoice,
// its documents, its credit notes, paying it): an admin reads any invoice; a customer reads their own
// through RLS and never a draft. Everything else (another customer's invoice, a draft, a malformed id)
// is the same 404. Which caller is which is the route layer's business (lib/http/requested-invoice.ts).
import { z } from 'zod';
import type { Queryable, Tx } from '@/lib/db/client';
import { notFound } from '@/lib/errors/billing-error';
import { loadInvoiceView, type InvoiceView } from './invoice-view';

/**
 * Who is reading, and through which connection: an admin with the privileged one; a customer only
 * inside a transaction running as them under RLS (lib/db/as-user.ts), so the policy, not a WHERE
 * clause, keeps other customers' invoices out.
 */
export type InvoiceViewer =
  | { kind: 'admin'; db: Queryable }
  | { kind: 'customer'; asCustomer: <T>(work: (tx: Tx) => Promise<T>) => Promise<T> };

const idSchema = z.uuid();

/** The invoice `id` as the viewer may see it, or a 404. */
export async function loadVisibleInvoice(viewer: InvoiceViewer, id: string): Promise<InvoiceView> {
  if (!idSchema.safeParse(id).success) throw notFound('Invoice');
  const view = viewer.kind === 'admin' ? await loadInvoiceView(viewer.db, id) : await viewer.asCustomer((tx) => loadInvoiceView(tx, id));
  if (!view || (viewer.kind === 'customer' && view.status === 'draft')) throw notFound('Invoice');
  return view;
}
