import { z } from 'zod';
import { billingConfig } from '@/lib/config/billing-config';
import { notFound } from '@/lib/http/billing-error';
import { readJson, withUser } from '@/lib/http/route-handlers';
import { loadInvoiceView } from '@/lib/invoicing/invoice-view';
import { processPayment } from '@/lib/payments/process-payment';
import { stripeFromEnv } from '@/lib/stripe/stripe-client';

const bodySchema = z.object({ invoice_id: z.uuid({ message: 'must be an invoice id (uuid)' }) });

// POST /api/billing/process-payment - {invoice_id}: charge it now (auto-pay), or the hosted payment
// link, or bank transfer instructions when Stripe is not configured. Owner or admin.
export const POST = withUser(async (ctx) => {
  const { invoice_id } = await readJson(ctx.req, bodySchema);
  if (ctx.principal.kind === 'customer') {
    // ownership is checked under RLS: another customer's invoice does not exist for this caller
    const own = await ctx.asUser((tx) => loadInvoiceView(tx, invoice_id));
    if (!own || own.status === 'draft') throw notFound('Invoice');
  }
  return Response.json(await processPayment(ctx.db, stripeFromEnv(), invoice_id, { now: ctx.now, config: billingConfig() }));
});
