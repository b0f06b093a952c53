import { z } from 'zod';
import { notFound } from '@/lib/errors/billing-error';
import { readJson, withAdmin, withUser } from '@/lib/http/route-handlers';
import { createCreditNote, createCreditNoteSchema, listCreditNotes } from '@/lib/invoicing/credit-notes';
import { loadInvoiceView } from '@/lib/invoicing/invoice-view';
import { loadRequestedInvoice } from '@/lib/http/requested-invoice';

const idSchema = z.uuid();

// GET /api/billing/invoices/[id]/credit-notes - the invoice's credit notes (owner or admin)
export const GET = withUser(async (ctx) => {
  const invoice = await loadRequestedInvoice(ctx);
  return Response.json({ data: await listCreditNotes(ctx.db, invoice.id), has_more: false });
});

// POST /api/billing/invoices/[id]/credit-notes - {reason, amount? (net, before tax), description?};
// no amount credits everything that is left
export const POST = withAdmin(async ({ req, params, db, now, actor, config }) => {
  const id = params.id ?? '';
  if (!idSchema.safeParse(id).success) throw notFound('Invoice');
  const input = await readJson(req, createCreditNoteSchema);
  const note = await createCreditNote(db, id, input, { now, config: config, actor });
  return Response.json({ ...note, invoice: await loadInvoiceView(db, id) }, { status: 201 });
});
