import { desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { customers, invoices } from '@/lib/db/schema';
import { notFound } from '@/lib/errors/billing-error';
import { readJson, withAdmin } from '@/lib/http/route-handlers';
import { loadInvoiceView, loadInvoiceViews } from '@/lib/invoicing/invoice-view';
import { runBilling } from '@/lib/invoicing/run-billing';
import { getUsageSummary } from '@/lib/usage/usage-summary';

const customerIdSchema = z.strictObject({ customer_id: z.uuid({ message: 'must be a customer id (uuid)' }) });

// POST /api/billing/process-monthly - {customer_id}: bill every ended period of that customer now;
// calling it again bills nothing twice
export const POST = withAdmin(async ({ req, database, now, actor, config }) => {
  const { customer_id } = await readJson(req, customerIdSchema);
  // a mistyped id is a 404, not "nothing to bill"
  const [customer] = await database.db.select({ id: customers.id }).from(customers).where(eq(customers.id, customer_id));
  if (!customer) throw notFound('Customer');
  const run = await runBilling(database, { now, config, actor, trigger: 'manual', customerId: customer_id });
  return Response.json({
    run_id: run.run_id,
    invoiced: run.invoiced,
    skipped: run.skipped,
    failed: run.failed,
    errors: run.errors,
    invoices: await loadInvoiceViews(database.db, run.invoice_ids),
  });
});

// GET /api/billing/process-monthly?customer_id= - the customer's billing summary: open period, usage,
// estimate, last invoice
export const GET = withAdmin(async ({ req, db, now, config }) => {
  const { customer_id } = customerIdSchema.parse({ customer_id: req.nextUrl.searchParams.get('customer_id') ?? undefined });
  const summary = await getUsageSummary(db, { customerId: customer_id, now, includeEstimate: true, defaultTaxRate: config.defaultTaxRate });
  const [last] = await db
    .select({ id: invoices.id })
    .from(invoices)
    .where(eq(invoices.customerId, customer_id))
    // the newest issued invoice; a draft (no issue date yet) only when nothing was issued
    .orderBy(sql`${invoices.issuedAt} desc nulls last`, desc(invoices.createdAt))
    .limit(1);
  return Response.json({ ...summary, last_invoice: last ? await loadInvoiceView(db, last.id) : null });
});
