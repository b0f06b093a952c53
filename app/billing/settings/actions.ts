'use server';
// The settings page's form actions: the same domain function (and zod schema) as PATCH
// /api/billing/customer, answering inline errors per field instead of a status code.
import { revalidatePath } from 'next/cache';
import { ZodError } from 'zod';
import { getSession } from '@/lib/auth/get-session';
import { updateOwnBillingDetails } from '@/lib/customers/update-own-billing-details';
import { customerScope } from '@/lib/dashboard/customer-scope';
import { BillingError } from '@/lib/errors/billing-error';
import { zodDetails } from '@/lib/http/error-response';
import { deliverAfterResponse } from '@/lib/notifications/deliver-after-response';
import { workspaceServices } from '@/lib/workspaces/workspace-services';

export type BillingEmailsFormState = {
  status: 'idle' | 'saved' | 'invalid' | 'error';
  /** what the customer typed, kept when it is refused */
  values: string[];
  /** per input: the message for billing_emails.N; `form` for the list as a whole */
  errors: Record<string, string>;
  message?: string;
};

export async function saveBillingEmails(_previous: BillingEmailsFormState, form: FormData): Promise<BillingEmailsFormState> {
  const values = form.getAll('billing_email').map((v) => String(v).trim());
  const session = await getSession();
  if (!session) return { status: 'error', values, errors: {}, message: 'Your session has ended: sign in again.' };
  const emails = values.filter((v) => v !== '');
  try {
    const { database, workspace } = await customerScope(session);
    await updateOwnBillingDetails(database.db, session, { billing_emails: emails }, { now: new Date() });
    // the change is news for the operator's webhooks (customer.updated): sent once the page has its answer
    deliverAfterResponse(database, { workspace, services: workspaceServices(workspace) });
  } catch (error) {
    if (error instanceof ZodError) {
      // billing_emails.N counts the filled-in inputs only: N → the input's position on the form
      const filledPositions = values.flatMap((v, i) => (v === '' ? [] : [i]));
      const errors: Record<string, string> = {};
      for (const detail of zodDetails(error)) {
        const match = /^billing_emails\.(\d+)$/.exec(detail.field ?? '');
        errors[match ? String(filledPositions[Number(match[1])]) : 'form'] = detail.message;
      }
      return { status: 'invalid', values, errors };
    }
    if (error instanceof BillingError) return { status: 'error', values, errors: {}, message: error.message };
    throw error;
  }
  revalidatePath('/billing/settings');
  return { status: 'saved', values: [...emails, ...values.filter((v) => v === '')], errors: {}, message: 'Saved. Billing mail now goes to the addresses above.' };
}
