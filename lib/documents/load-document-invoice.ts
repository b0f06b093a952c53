import 'server-only';
// The invoice a document route renders, with the same access rule as GET /api/billing/invoices/[id]:
// an admin reads any invoice; a customer reads their own through RLS and never a draft. Everything
// else (another customer's invoice, a draft, a malformed id) is the same 404.
import { z } from 'zod';
import { notFound } from '@/lib/http/billing-error';
import type { UserContext } from '@/lib/http/route-handlers';
import { loadInvoiceView, type InvoiceView } from '@/lib/invoicing/invoice-view';

const idSchema = z.uuid();

export async function loadDocumentInvoice(ctx: UserContext): Promise<InvoiceView> {
  const id = ctx.params.id ?? '';
  if (!idSchema.safeParse(id).success) throw notFound('Invoice');
  const view = ctx.principal.kind === 'admin' ? await loadInvoiceView(ctx.db, id) : await ctx.asUser((tx) => loadInvoiceView(tx, id));
  if (!view || (ctx.principal.kind === 'customer' && view.status === 'draft')) throw notFound('Invoice');
  return view;
}
