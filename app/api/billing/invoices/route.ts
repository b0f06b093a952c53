import { readJson, withAdmin, withUser } from '@/lib/http/route-handlers';
import { loadInvoiceView } from '@/lib/invoicing/invoice-view';
import { listInvoices, listInvoicesQuery } from '@/lib/invoicing/list-invoices';
import { createOneTimeInvoice, oneTimeInvoiceSchema } from '@/lib/invoicing/one-time-invoice';

// GET /api/billing/invoices?status=&customer_id=&limit=&starting_after= - a customer's own (no
// drafts, under RLS), or any for an admin
export const GET = withUser(async (ctx) => {
  const query = listInvoicesQuery.parse(Object.fromEntries(ctx.req.nextUrl.searchParams));
  if (ctx.principal.kind === 'admin') return Response.json(await listInvoices(ctx.db, query, { includeDrafts: true, defaultLimit: 100 }));
  // customer_id is ignored for customers: RLS already limits them to their own invoices
  return Response.json(await ctx.asUser((tx) => listInvoices(tx, { ...query, customer_id: undefined }, { includeDrafts: false, defaultLimit: 10 })));
});

// POST /api/billing/invoices - a one-time invoice {customer_id, items, due_days?, finalize?}
export const POST = withAdmin(async ({ req, db, now, actor, config }) => {
  const input = await readJson(req, oneTimeInvoiceSchema);
  const invoice = await createOneTimeInvoice(db, input, { now, config: config, actor });
  return Response.json(await loadInvoiceView(db, invoice.id), { status: 201 });
});
