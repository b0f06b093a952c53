'use server';
// The customer page's erasure, as a Server Action through the same domain function as `POST
// /api/admin/billing/customers/[id]/erase`: the same validation, refusals (409 while a subscription is
// live or money is due) and audit entry, with the workspace's Stripe client for their Stripe customer.
// Viewers are refused here whatever the page shows.
import { revalidatePath } from 'next/cache';
import { ZodError } from 'zod';
import type { Actor } from '@/lib/audit/actor';
import { requireAdminWorkspace } from '@/lib/admin-overview/require-admin';
import { BillingError } from '@/lib/errors/billing-error';
import { zodDetails } from '@/lib/http/error-response';
import { eraseCustomer } from '@/lib/privacy/erase-customer';
import { mayWrite } from '@/lib/workspaces/session-workspaces';
import { workspaceServices } from '@/lib/workspaces/workspace-services';

export type EraseActionState = { status: 'idle' | 'done' | 'error'; message?: string; reasonError?: string; reason?: string };

export async function eraseCustomerAction(_previous: EraseActionState, form: FormData): Promise<EraseActionState> {
  const customerId = String(form.get('customer_id') ?? '');
  const reason = String(form.get('reason') ?? '');
  const scope = await requireAdminWorkspace(`/admin/customers/${customerId}`);
  if (!mayWrite(scope.role)) return { status: 'error', message: 'Your role in this workspace (viewer) may look but not change anything.' };
  const actor: Actor = { type: 'user', id: scope.session.userId };
  let erased: Awaited<ReturnType<typeof eraseCustomer>>;
  try {
    erased = await eraseCustomer(scope.database, customerId, { reason }, { actor, now: new Date(), stripe: workspaceServices(scope.workspace).stripe });
  } catch (error) {
    if (error instanceof ZodError) {
      const detail = zodDetails(error).find((d) => d.field === 'reason');
      return { status: 'error', message: 'Say why the data is erased.', reasonError: detail?.message ?? 'is required', reason };
    }
    if (error instanceof BillingError) return { status: 'error', message: error.message, reason };
    throw error;
  }
  revalidatePath(`/admin/customers/${customerId}`);
  revalidatePath('/admin/customers');
  const atStripe = erased.stripe_customer === 'pending' ? ' Stripe could not be reached: the next automation run deletes their Stripe customer.' : erased.stripe_customer === 'deleted' ? ' Their Stripe customer is deleted.' : '';
  return { status: 'done', message: `The customer’s personal data is erased.${atStripe} Their invoices stay as issued.` };
}
