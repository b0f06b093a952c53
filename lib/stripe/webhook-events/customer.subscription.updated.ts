import { convergeSubscription } from './converge-subscription';
import type { WebhookHandler } from './webhook-handler';

/** The Stripe subscription changed: its status (active once the first payment is made, past due, …) and cancel at period end, with when it was asked. */
export const customerSubscriptionUpdated: WebhookHandler<'customer.subscription.updated'> = async (tx, event, context) => {
  await convergeSubscription(tx, event, context);
};
