import 'server-only';
// What the payment methods page shows: the signed-in customer's cards and mandates (read as the
// customer, under RLS), whether card payments are set up on this installation, and what auto-pay
// needs from them. Null for a user without a billing account.
import { eq } from 'drizzle-orm';
import type { Session } from '@/lib/auth/claims';
import { ownCustomerId } from '@/lib/customers/update-own-billing-details';
import { customerScope } from '@/lib/dashboard/customer-scope';
import { asUser } from '@/lib/db/as-user';
import { customers } from '@/lib/db/schema';
import { BillingError } from '@/lib/errors/billing-error';
import { listPaymentMethods } from '@/lib/payments/list-payment-methods';
import { recordSetupSession } from '@/lib/payments/record-setup-session';
import { workspaceServices } from '@/lib/workspaces/workspace-services';
import { paymentMethodName } from './describe-payment-method';

export async function loadPaymentMethods(session: Session) {
  const { database, workspace } = await customerScope(session);
  const loaded = await asUser(database.db, session.claims, async (tx) => {
    const [customer] = await tx
      .select({ id: customers.id, name: customers.name, autoPay: customers.autoPay, paymentMethod: customers.paymentMethod })
      .from(customers)
      .where(eq(customers.userId, session.userId))
      .limit(1);
    if (!customer) return null;
    return { customer, methods: await listPaymentMethods(tx, customer.id) };
  });
  if (!loaded) return null;
  const stripeConfigured = workspaceServices(workspace).stripe !== null;
  return { ...loaded, stripeConfigured, hasDefault: loaded.methods.some((m) => m.is_default) };
}

export type ReturnNotice = { tone: 'success' | 'info' | 'error'; text: string };

/**
 * The customer is back from Stripe Checkout with ?setup_session=cs_…: the method they saved is
 * recorded (once, however often the page is reloaded; the webhook may have done it already).
 */
export async function recordCheckoutReturn(session: Session, setupSession: string): Promise<ReturnNotice> {
  const { database, workspace } = await customerScope(session);
  try {
    const customerId = await ownCustomerId(database.db, session);
    const outcome = await recordSetupSession(database.db, workspaceServices(workspace).stripe, customerId, setupSession, { actor: { type: 'user', id: session.userId } });
    if (outcome.status === 'open') return { tone: 'info', text: 'Nothing was saved: the Stripe Checkout page was not completed. Add a payment method to try again.' };
    const name = paymentMethodName({ type: outcome.method.type, card: { brand: outcome.method.brand, last4: outcome.method.last4, exp_month: null, exp_year: null }, sepa_debit: { last4: outcome.method.last4 } });
    if (!outcome.outcome.recorded) return { tone: 'info', text: `${name} was removed since it was saved, so it is not on file.` };
    return { tone: 'success', text: outcome.outcome.isDefault ? `${name} is saved and is your default payment method.` : `${name} is saved.` };
  } catch (error) {
    if (error instanceof BillingError && (error.status === 404 || error.status === 422)) {
      return { tone: 'error', text: 'That Stripe Checkout session is not one of yours, so nothing was saved from it.' };
    }
    if (error instanceof BillingError) return { tone: 'error', text: error.message };
    console.error('[payment-methods] could not confirm the Checkout session', error);
    return { tone: 'error', text: 'Stripe could not be reached to confirm the new payment method. If you saved one, it appears here within a few minutes.' };
  }
}
