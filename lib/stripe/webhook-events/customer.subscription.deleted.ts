import { convergeSubscription } from './converge-subscription';
import type { WebhookHandler } from './webhook-handler';

/** The Stripe subscription ended: ours is canceled and ended too. */
export const customerSubscriptionDeleted: WebhookHandler<'customer.subscription.deleted'> = async (tx, event, context) => {
  await convergeSubscription(tx, event, context);
};
