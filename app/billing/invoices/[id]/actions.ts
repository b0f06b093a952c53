'use server';
// The invoice page's Pay button: lib/dashboard/start-invoice-payment.ts decides; this reads the
// form, finds the way back to this page and sends the browser to Stripe, or answers inline.
import { revalidatePath } from 'next/cache';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { getSession } from '@/lib/auth/get-session';
import { customerScope } from '@/lib/dashboard/customer-scope';
import { startInvoicePayment, type StartPaymentResult } from '@/lib/dashboard/start-invoice-payment';
import { env } from '@/lib/env';
import { BillingError } from '@/lib/errors/billing-error';
import { stripeForWorkspace } from '@/lib/stripe/stripe-client';

export type PayFormState = { status: 'idle' | 'paid' | 'bank_transfer' | 'failed' | 'error'; message?: string; retryUrl?: string | null };

const payFormSchema = z.strictObject({ invoice_id: z.uuid({ message: 'must be an invoice id' }) });

/** This site's origin as the browser sees it (the Server Action's Origin header), else APP_URL. */
async function siteOrigin(): Promise<string> {
  const origin = (await headers()).get('origin');
  return origin && /^https?:\/\//.test(origin) ? origin : env().APP_URL;
}

export async function payInvoice(_previous: PayFormState, form: FormData): Promise<PayFormState> {
  const parsed = payFormSchema.safeParse(Object.fromEntries([...form.entries()].filter(([key]) => !key.startsWith('$ACTION'))));
  if (!parsed.success) return { status: 'error', message: 'This form is out of date: reload the page.' };
  const session = await getSession();
  if (!session) return { status: 'error', message: 'Your session has ended: sign in again.' };
  const invoiceId = parsed.data.invoice_id;
  const { database, workspace, config } = await customerScope(session);
  let result: StartPaymentResult;
  try {
    result = await startInvoicePayment(database.db, session, invoiceId, {
      stripe: stripeForWorkspace(workspace),
      config,
      now: new Date(),
      returnUrl: `${await siteOrigin()}/billing/invoices/${invoiceId}?returned=stripe`,
    });
  } catch (error) {
    if (error instanceof BillingError) return { status: 'error', message: error.message };
    throw error;
  }
  revalidatePath(`/billing/invoices/${invoiceId}`);
  switch (result.kind) {
    case 'redirect':
      redirect(result.url);
    case 'paid':
      return { status: 'paid', message: 'Paid with your saved payment method. Thank you!' };
    case 'failed':
      return { status: 'failed', message: `The payment did not go through: ${result.message}`, retryUrl: result.url };
    case 'bank_transfer':
      return { status: 'bank_transfer', message: 'This invoice is paid by bank transfer: use the details below.' };
  }
}
