import { z } from 'zod';
import { readJson, withUser } from '@/lib/http/route-handlers';
import { loadRequestedInvoice } from '@/lib/http/requested-invoice';
import { processPayment } from '@/lib/payments/process-payment';

const bodySchema = z.strictObject({ invoice_id: z.uuid({ message: 'must be an invoice id (uuid)' }) });

// POST /api/billing/process-payment - {invoice_id}: charge it now (auto-pay), or the hosted payment
// link, or bank transfer instructions when Stripe is not configured. Owner or admin.
export const POST = withUser(async (ctx) => {
  const { invoice_id } = await readJson(ctx.req, bodySchema);
  // another customer's invoice does not exist for this caller
  await loadRequestedInvoice(ctx, invoice_id);
  return Response.json(await processPayment(ctx.db, ctx.stripe, invoice_id, { now: ctx.now, config: ctx.config }));
});
