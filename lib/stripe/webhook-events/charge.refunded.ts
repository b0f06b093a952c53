import { eq, or, sql } from 'drizzle-orm';
import { fromMinorUnits, moneyString } from '@/lib/billing/money';
import { payments } from '@/lib/db/schema';
import { stripeIdOf } from '../stripe-fields';
import type { WebhookHandler } from './webhook-handler';

/**
 * A charge was refunded at Stripe, in part or in full: the payment shows what was refunded (written,
 * never added). The payment is found by its charge, or by its PaymentIntent when the charge was not
 * known yet (an invoice's payload names only the intent).
 */
export const chargeRefunded: WebhookHandler<'charge.refunded'> = async (tx, event, { now }) => {
  const charge = event.data.object;
  const refunded = moneyString(fromMinorUnits(charge.amount_refunded, charge.currency), charge.currency);
  const intentId = stripeIdOf(charge.payment_intent);
  await tx
    .update(payments)
    .set({
      amountRefunded: refunded,
      status: charge.refunded ? 'refunded' : sql`${payments.status}`,
      stripeChargeId: sql`coalesce(${payments.stripeChargeId}, ${charge.id})`,
      updatedAt: now,
    })
    .where(or(eq(payments.stripeChargeId, charge.id), intentId ? eq(payments.stripePaymentIntentId, intentId) : undefined));
};
