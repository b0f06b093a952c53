import { z } from 'zod';
import { notFound } from '@/lib/errors/billing-error';
import { readJson, withAdmin, withUser } from '@/lib/http/route-handlers';
import { changeInvoiceStatus, invoiceStatusChangeSchema } from '@/lib/invoicing/invoice-lifecycle';
import { loadInvoiceView } from '@/lib/invoicing/invoice-view';
import { loadRequestedInvoice } from '@/lib/http/requested-invoice';

const idSchema = z.uuid();

// GET /api/billing/invoices/[id] - the invoice with its lines; another customer's, a draft shown to a
// customer, or a malformed id are all 404
export const GET = withUser(async (ctx) => Response.json(await loadRequestedInvoice(ctx)));

// PATCH /api/billing/invoices/[id] - {status: open|paid|void|uncollectible, payment_reference?};
// an illegal transition is a 409
export const PATCH = withAdmin(async ({ req, params, db, now, actor, config }) => {
  const id = params.id ?? '';
  if (!idSchema.safeParse(id).success) throw notFound('Invoice');
  const change = await readJson(req, invoiceStatusChangeSchema);
  await changeInvoiceStatus(db, id, change, { now, actor, config: config });
  return Response.json(await loadInvoiceView(db, id));
});
