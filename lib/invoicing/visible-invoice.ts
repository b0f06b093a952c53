import 'server-only';
// Who may see an invoice, for every route that shows one or acts on one for its owner (the invoice,
// its documents, its credit notes, paying it): an admin reads any invoice; a customer reads their own
// through RLS and never a draft. Everything else (another customer's invoice, a draft, a malformed id)
// is the same 404.
import { z } from 'zod';
import { notFound } from '@/lib/http/billing-error';
import type { UserContext } from '@/lib/http/route-handlers';
import { loadInvoiceView, type InvoiceView } from '@/lib/invoicing/invoice-view';

const idSchema = z.uuid();

/** The invoice named by the route's [id] (or `id`), as the caller may see it. */
export async function loadVisibleInvoice(ctx: UserContext, id: string = ctx.params.id ?? ''): Promise<InvoiceView> {
  if (!idSchema.safeParse(id).success) throw notFound('Invoice');
  const view = ctx.principal.kind === 'admin' ? await loadInvoiceView(ctx.db, id) : await ctx.asUser((tx) => loadInvoiceView(tx, id));
  if (!view || (ctx.principal.kind === 'customer' && view.status === 'draft')) throw notFound('Invoice');
  return view;
}
