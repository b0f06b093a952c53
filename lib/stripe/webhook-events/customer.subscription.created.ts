import { convergeSubscription } from './converge-subscription';
import type { WebhookHandler } from './webhook-handler';

/** Stripe made the subscription (setup-subscription): ours learns its Stripe id and status. */
export const customerSubscriptionCreated: WebhookHandler<'customer.subscription.created'> = async (tx, event, context) => {
  await convergeSubscription(tx, event, context);
};
