import { z } from 'zod';
import { billingConfig } from '@/lib/config/billing-config';
import { notFound } from '@/lib/http/billing-error';
import { readJson, withAdmin, withUser } from '@/lib/http/route-handlers';
import { createCreditNote, createCreditNoteSchema, listCreditNotes } from '@/lib/invoicing/credit-notes';
import { loadInvoiceView } from '@/lib/invoicing/invoice-view';

const idSchema = z.uuid();

// GET /api/billing/invoices/[id]/credit-notes - the invoice's credit notes (owner or admin)
export const GET = withUser(async (ctx) => {
  const id = ctx.params.id ?? '';
  if (!idSchema.safeParse(id).success) throw notFound('Invoice');
  const read = async (db: Parameters<typeof listCreditNotes>[0]) => {
    const invoice = await loadInvoiceView(db, id);
    if (!invoice || (ctx.principal.kind === 'customer' && invoice.status === 'draft')) throw notFound('Invoice');
    return { data: await listCreditNotes(db, id), has_more: false };
  };
  return Response.json(ctx.principal.kind === 'admin' ? await read(ctx.db) : await ctx.asUser(read));
});

// POST /api/billing/invoices/[id]/credit-notes - {reason, amount? (net, before tax), description?};
// no amount credits everything that is left
export const POST = withAdmin(async ({ req, params, db, now, actor }) => {
  const id = params.id ?? '';
  if (!idSchema.safeParse(id).success) throw notFound('Invoice');
  const input = await readJson(req, createCreditNoteSchema);
  const note = await createCreditNote(db, id, input, { now, config: billingConfig(), actor });
  return Response.json({ ...note, invoice: await loadInvoiceView(db, id) }, { status: 201 });
});
