// The Stripe events the webhook handles, each by the file named after it. Any other type is
// acknowledged and recorded, and changes nothing.
import { chargeRefunded } from './charge.refunded';
import { checkoutSessionCompleted } from './checkout.session.completed';
import { customerSubscriptionCreated } from './customer.subscription.created';
import { customerSubscriptionDeleted } from './customer.subscription.deleted';
import { customerSubscriptionUpdated } from './customer.subscription.updated';
import { customerUpdated } from './customer.updated';
import { invoiceCreated } from './invoice.created';
import { invoiceDeleted } from './invoice.deleted';
import { invoiceFinalized } from './invoice.finalized';
import { invoiceMarkedUncollectible } from './invoice.marked_uncollectible';
import { invoicePaid } from './invoice.paid';
import { invoicePaymentFailed } from './invoice.payment_failed';
import { invoicePaymentSucceeded } from './invoice.payment_succeeded';
import { invoiceVoided } from './invoice.voided';
import { paymentMethodAttached } from './payment_method.attached';
import { paymentMethodDetached } from './payment_method.detached';
import { setupIntentSucceeded } from './setup_intent.succeeded';
import type { WebhookHandlers } from './webhook-handler';

export const WEBHOOK_HANDLERS: WebhookHandlers = {
  'invoice.created': invoiceCreated,
  'invoice.finalized': invoiceFinalized,
  'invoice.paid': invoicePaid,
  'invoice.payment_succeeded': invoicePaymentSucceeded,
  'invoice.payment_failed': invoicePaymentFailed,
  'invoice.voided': invoiceVoided,
  'invoice.marked_uncollectible': invoiceMarkedUncollectible,
  'invoice.deleted': invoiceDeleted,
  'customer.subscription.created': customerSubscriptionCreated,
  'customer.subscription.updated': customerSubscriptionUpdated,
  'customer.subscription.deleted': customerSubscriptionDeleted,
  'payment_method.attached': paymentMethodAttached,
  'payment_method.detached': paymentMethodDetached,
  'customer.updated': customerUpdated,
  'checkout.session.completed': checkoutSessionCompleted,
  'setup_intent.succeeded': setupIntentSucceeded,
  'charge.refunded': chargeRefunded,
};
