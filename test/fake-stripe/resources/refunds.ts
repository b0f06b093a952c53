// Refunds of a charge (named directly or through its PaymentIntent), whole or partial.
import type Stripe from 'stripe';
import type { ApiCall, ApiRouter } from '../api';
import { applyMetadata } from '../params';
import { invalidRequest, missingParam } from '../stripe-errors';
import { fromTemplate } from '../templates';

const formatAmount = (amount: number, currency: string) => `${(amount / 100).toFixed(2)} ${currency.toUpperCase()}`;

function createRefund({ account, params, request }: ApiCall): Stripe.Refund {
  const chargeId = params.string('charge');
  const intentId = params.string('payment_intent');
  if (chargeId && intentId) throw invalidRequest('You may only specify one of these parameters: charge, payment_intent.', { param: 'payment_intent', code: 'parameters_exclusive' });
  if (!chargeId && !intentId) throw missingParam('charge');
  let charge: Stripe.Charge;
  if (intentId) {
    const intent = account.get('paymentIntents', intentId, 'payment_intent', 'payment_intent');
    if (intent.status !== 'succeeded' || typeof intent.latest_charge !== 'string') {
      throw invalidRequest(`This PaymentIntent (${intent.id}) does not have a successful charge to refund.`, { param: 'payment_intent', code: 'charge_not_refundable' });
    }
    charge = account.get('charges', intent.latest_charge, 'charge', 'payment_intent');
  } else {
    charge = account.get('charges', chargeId!, 'charge', 'charge');
  }
  if (charge.status !== 'succeeded') throw invalidRequest(`Charge ${charge.id} has not succeeded and cannot be refunded.`, { code: 'charge_not_refundable' });
  if (charge.refunded) throw invalidRequest(`Charge ${charge.id} has already been refunded.`, { code: 'charge_already_refunded' });
  const refundable = charge.amount - charge.amount_refunded;
  const amount = params.integer('amount', { min: 1 }) ?? refundable;
  if (amount > refundable) {
    throw invalidRequest(`Refund amount (${formatAmount(amount, charge.currency)}) is greater than unrefunded amount on charge (${formatAmount(refundable, charge.currency)})`, {
      param: 'amount',
      code: 'amount_too_large',
    });
  }
  const card = charge.payment_method_details?.type === 'card';
  const refund = fromTemplate('refund', {
    id: account.newId('re_'),
    amount,
    charge: charge.id,
    created: account.now(),
    currency: charge.currency,
    customer: charge.customer,
    customer_account: null,
    destination_details: card
      ? ({ type: 'card', card: { reference_status: 'pending', reference_type: 'acquirer_reference_number', type: 'refund' } } as Stripe.Refund.DestinationDetails)
      : ({ type: 'sepa_debit', sepa_debit: {} } as Stripe.Refund.DestinationDetails),
    metadata: applyMetadata({}, params.metadata()),
    payment_intent: charge.payment_intent,
    payment_method: charge.payment_method,
    reason: params.oneOf('reason', ['duplicate', 'fraudulent', 'requested_by_customer']) ?? null,
    status: 'succeeded',
  });
  account.state.refunds.set(refund.id, refund);
  charge.amount_refunded += amount;
  charge.refunded = charge.amount_refunded === charge.amount;
  account.emit('refund.created', refund, { request });
  account.emit('charge.refunded', charge, { request });
  return refund;
}

export function refundRoutes(router: ApiRouter): void {
  router
    .add('POST', '/v1/refunds', createRefund)
    .add('GET', '/v1/refunds/:id', ({ account, path }) => account.get('refunds', path.id!, 'refund'));
}
