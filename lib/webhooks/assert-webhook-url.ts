// The URL check of create and update, as a 422 on `url` (webhook-url-safety.ts says why).
import { env } from '@/lib/env';
import { BillingError } from '@/lib/errors/billing-error';
import { webhookUrlProblem, type HostLookup } from './webhook-url-safety';

export type WebhookUrlOptions = {
  /** default WEBHOOK_ALLOW_PRIVATE_URLS */
  allowPrivateUrls?: boolean;
  /** how names are resolved; default the system's resolver */
  lookup?: HostLookup;
};

export async function assertWebhookUrl(url: string, { allowPrivateUrls = env().WEBHOOK_ALLOW_PRIVATE_URLS, lookup }: WebhookUrlOptions = {}): Promise<void> {
  const problem = await webhookUrlProblem(url, { allowPrivateUrls, lookup });
  if (problem) {
    throw new BillingError({ code: 'validation_failed', status: 422, message: `The webhook URL is not allowed: ${problem}`, details: [{ field: 'url', message: problem }] });
  }
}
