import 'server-only';
// The invoice a route shared by customers and admins names, seen as its caller may see it: the part
// of "who may see an invoice" that reads the request. The rule itself is lib/invoicing/visible-invoice.ts.
import type { InvoiceView } from '@/lib/invoicing/invoice-view';
import { loadVisibleInvoice, type InvoiceViewer } from '@/lib/invoicing/visible-invoice';
import type { UserContext } from './route-handlers';

/** The caller as an invoice viewer: an admin on the privileged connection, a customer under RLS. */
export function invoiceViewer(ctx: UserContext): InvoiceViewer {
  return ctx.principal.kind === 'admin' ? { kind: 'admin', db: ctx.db } : { kind: 'customer', asCustomer: ctx.asUser };
}

/** The invoice named by the route's [id] (or `id`), as the caller may see it, or a 404. */
export function loadRequestedInvoice(ctx: UserContext, id: string = ctx.params.id ?? ''): Promise<InvoiceView> {
  return loadVisibleInvoice(invoiceViewer(ctx), id);
}
